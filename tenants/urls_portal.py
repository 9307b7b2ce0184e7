"""What every UAT's portal gets from its tenant record: the theme and the coat of arms.
Included by the project's tenant URL conf."""

from django.urls import path

from . import views

urlpatterns = [
    path("tema.css", views.portal_theme, name="theme"),
    path("stema", views.portal_coat_of_arms, name="coat_of_arms"),
]
