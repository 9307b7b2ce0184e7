from django.urls import path

from . import views

app_name = "statements"

urlpatterns = [
    path("", views.county, name="county"),
    path("emite/", views.county_issue, name="county_issue"),
    path("<int:pk>/", views.county_detail, name="county_detail"),
    path("<int:pk>/corecteaza/", views.county_correct, name="county_correct"),
    path("<int:pk>.<str:extension>", views.county_file, name="county_file"),
]
