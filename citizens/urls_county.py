from django.urls import path

from . import views_county

app_name = "citizens_county"

urlpatterns = [path("eid/revenire/", views_county.eid_callback, name="eid_callback")]
