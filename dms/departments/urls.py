"""Routes of the departments area (names in the ``dms`` namespace)."""

from django.urls import URLPattern, path

from dms.departments import views

urlpatterns: list[URLPattern] = [
    path("", views.department_list, name="departments"),
    path("<int:pk>/", views.department_detail, name="department"),
    path("<int:pk>/denumire/", views.department_rename, name="department_rename"),
    path("<int:pk>/sef/", views.department_head, name="department_head"),
    path("<int:pk>/membri/", views.department_member_add, name="department_member_add"),
    path(
        "<int:pk>/membri/<int:user_id>/eliminare/",
        views.department_member_remove,
        name="department_member_remove",
    ),
    path("<int:pk>/stare/", views.department_status, name="department_status"),
    path("personal/", views.staff_list, name="department_staff"),
    path("personal/<int:user_id>/rol/", views.staff_role, name="department_staff_role"),
]
