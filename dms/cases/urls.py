"""Routes of the cases area (names in the ``dms`` namespace)."""

from django.urls import path

from dms.cases import views
from dms.documents import views as document_views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.case_page, name="case"),
    path("<int:pk>/cnp/", views.case_cnp_reveal, name="case_cnp"),
    path("<int:pk>/blocare-legala/", views.case_legal_hold, name="case_legal_hold"),
    path("<int:pk>/actiuni/<slug:action>/", views.case_action, name="case_action"),
    path(
        "<int:pk>/documente/<int:document_id>/",
        document_views.document_download,
        name="case_document",
    ),
    path(
        "<int:pk>/documente/<int:document_id>/previzualizare/",
        document_views.document_preview,
        name="case_document_preview",
    ),
    path(
        "<int:pk>/documente/<int:document_id>/versiune-noua/",
        document_views.document_version,
        name="case_document_version",
    ),
]
