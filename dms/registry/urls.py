"""Routes of the registry area (names in the ``dms`` namespace)."""

from django.urls import URLPattern, path

from dms.registry import views

urlpatterns: list[URLPattern] = [
    path("", views.registry, name="registry"),
    path("intrare/", views.incoming_new, name="registry_incoming"),
    path("iesire/", views.outgoing_new, name="registry_outgoing"),
    path("export.csv", views.export_csv, name="registry_csv"),
    path("export.pdf", views.export_pdf, name="registry_pdf"),
]
