from django.urls import path

from . import views

app_name = "drafts"

urlpatterns = [
    path("ciorna/<str:token>/", views.resume_by_link, name="resume"),
    path("ciornele-mele/", views.my_drafts, name="mine"),
    path("ciornele-mele/<int:pk>/", views.draft_action, name="action"),
]
