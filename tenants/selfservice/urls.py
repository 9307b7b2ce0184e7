from django.urls import path

from . import views

app_name = "portal_settings"

urlpatterns = [
    path("", views.portal_settings, name="home"),
    path("stema/", views.coat_of_arms, name="coat_of_arms"),
    path("domenii/", views.domain_add, name="domain_add"),
    path("domenii/<int:pk>/verifica/", views.domain_verify, name="domain_verify"),
    path("domenii/<int:pk>/retrage/", views.domain_withdraw, name="domain_withdraw"),
]
