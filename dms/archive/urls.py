"""Routes of the archive area (names in the ``dms`` namespace)."""

from django.urls import URLPattern, path

from dms.archive import views

urlpatterns: list[URLPattern] = [
    path("", views.archive_home, name="archive"),
    path("dosar/<int:pk>/", views.archive_file_detail, name="archive_file"),
    path("inchidere-an/", views.archive_year_close, name="archive_year_close"),
    path("de-arhivat/", views.archive_unfiled, name="archive_unfiled"),
    path("de-arhivat/dupa-registru/", views.archive_file_pending, name="archive_file_pending"),
    path("nomenclator/", views.nomenclature, name="archive_nomenclature"),
    path("nomenclator/nou/", views.file_code_edit, name="archive_code_add"),
    path("nomenclator/implicit/", views.nomenclature_defaults, name="archive_defaults"),
    path("nomenclator/<int:pk>/", views.file_code_edit, name="archive_code_edit"),
    path("nomenclator/<int:pk>/sterge/", views.file_code_delete, name="archive_code_delete"),
    path("expirate/", views.archive_expired, name="archive_expired"),
    path("date-personale/", views.personal_data, name="archive_personal_data"),
    path("eliminare/", views.disposal_list, name="archive_disposals"),
    path("eliminare/<int:pk>/", views.disposal_detail, name="archive_disposal"),
    path("eliminare/<int:pk>/trimite/", views.disposal_submit, name="archive_disposal_submit"),
    path("eliminare/<int:pk>/decizie/", views.disposal_decide, name="archive_disposal_decide"),
    path("eliminare/<int:pk>/executa/", views.disposal_execute, name="archive_disposal_execute"),
    path("comisie/", views.committee, name="archive_committee"),
    path("comisie/<int:pk>/scoate/", views.committee_remove, name="archive_committee_remove"),
]
