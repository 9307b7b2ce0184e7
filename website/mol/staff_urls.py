from django.urls import path

from . import staff

app_name = "mol_staff"

urlpatterns = [
    path("", staff.acts_list, name="acts"),
    path("nou/", staff.act_new, name="new"),
    path("<int:act_id>/", staff.act_detail, name="act"),
    path("<int:act_id>/modifica/", staff.act_edit, name="edit"),
    path("<int:act_id>/comunicare/", staff.act_communicate, name="communicate"),
    path("<int:act_id>/anexe/", staff.act_annex, name="annex"),
    path("<int:act_id>/legaturi/", staff.act_link, name="link"),
    path("<int:act_id>/publicare/", staff.act_publication, name="publication"),
    path("<int:act_id>/fisiere/<int:file_id>/", staff.act_file, name="file"),
]
