from django.urls import path

from . import views

app_name = "uat_statements"

urlpatterns = [
    path("", views.uat_list, name="list"),
    path("<int:pk>/", views.uat_detail, name="detail"),
    path("<int:pk>.<str:extension>", views.uat_file, name="file"),
]
