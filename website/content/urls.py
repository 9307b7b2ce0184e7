from django.urls import path

from . import feeds, views

app_name = "content"

urlpatterns = [
    path("anunturi/", views.announcement_list, name="announcements"),
    path("anunturi/atom.xml", feeds.AnnouncementFeed(), name="feed"),
    path("anunturi/<slug:slug>/", views.announcement_detail, name="announcement"),
    path("anunturi/<slug:slug>/fisiere/<int:file_id>/", views.announcement_file, name="file"),
    path("institutia/", views.institution, name="institution"),
    path("institutia/<slug:kind>/", views.page_detail, name="page"),
]
