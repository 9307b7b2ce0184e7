from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_home, name="home"),
    path("servicii/<slug:code>/", views.service_detail, name="service"),
]
