"""The county site's own routes (public schema): the directory of UATs, their arms, the theme,
the API of the directory. Included by the project's public URL conf."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("", views.county_directory, name="directory"),
    path("uat/<slug:slug>/stema", views.directory_coat_of_arms, name="directory_coat_of_arms"),
    path("tema.css", views.portal_theme, name="theme"),
    path("api/v1/uat/", api.UATDirectoryApi.as_view(), name="api_uat_directory"),
]
