from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.reports, name="list"),
    path("<slug:kind>.<str:extension>", views.report, name="file"),
]
