"""The catalog pages of the county console, under /consola/catalog/ (tenants.urls_console)."""

from django.urls import path

from . import console

app_name = "catalog"

urlpatterns = [
    path("", console.catalog_list, name="list"),
    path("<slug:code>/", console.catalog_detail, name="detail"),
    path("<slug:code>/versiune-noua/", console.catalog_publish, name="publish"),
]
