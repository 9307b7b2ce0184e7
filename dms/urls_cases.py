"""Routes of the cases area (names in the ``dms`` namespace)."""

from django.urls import path

from . import views_cases, views_documents

urlpatterns = [
    path("", views_cases.inbox, name="inbox"),
    path("<int:pk>/", views_cases.case_page, name="case"),
    path("<int:pk>/actiuni/<slug:action>/", views_cases.case_action, name="case_action"),
    path(
        "<int:pk>/documente/<int:document_id>/",
        views_documents.document_download,
        name="case_document",
    ),
    path(
        "<int:pk>/documente/<int:document_id>/previzualizare/",
        views_documents.document_preview,
        name="case_document_preview",
    ),
    path(
        "<int:pk>/documente/<int:document_id>/versiune-noua/",
        views_documents.document_version,
        name="case_document_version",
    ),
]
