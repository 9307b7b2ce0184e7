from django.urls import path

from . import views

app_name = "county"

urlpatterns = [path("", views.county_index, name="acts")]
