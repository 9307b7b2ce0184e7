from django.urls import path

from . import views

app_name = "county_quality"

urlpatterns = [
    path("", views.comparison, name="comparison"),
    path("comparatie.csv", views.comparison_csv, name="comparison_csv"),
    path("populatie/", views.populations, name="populations"),
    path("uat/<slug:slug>/", views.uat_drilldown, name="uat"),
]
