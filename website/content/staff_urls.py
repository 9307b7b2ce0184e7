from django.urls import path

from . import staff

app_name = "content_staff"

urlpatterns = [
    path("anunturi/", staff.announcement_list, name="announcements"),
    path("anunturi/nou/", staff.announcement_edit, name="announcement_new"),
    path("anunturi/<int:announcement_id>/", staff.announcement_edit, name="announcement"),
    path("anunturi/<int:announcement_id>/fisiere/", staff.announcement_attach, name="attach"),
    path(
        "anunturi/<int:announcement_id>/publicare/",
        staff.announcement_publication,
        name="publication",
    ),
    path("pagini/", staff.page_list, name="pages"),
    path("pagini/<slug:kind>/", staff.page_edit, name="page"),
]
