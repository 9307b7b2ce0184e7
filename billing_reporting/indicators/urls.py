from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicators, name="page"),
    path("indicatori.csv", views.indicators_csv, name="csv"),
    path("indicatori.pdf", views.indicators_pdf, name="pdf"),
]
