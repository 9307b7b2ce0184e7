from django.urls import path

from . import feeds, views

app_name = "mol"

urlpatterns = [
    path("", views.mol_home, name="home"),
    path("<slug:section>/", views.mol_section, name="section"),
    path("<slug:section>/atom.xml", feeds.SectionFeed(), name="feed"),
    path("<slug:section>/<int:year>/<int:number>/", views.mol_act, name="act"),
    path(
        "<slug:section>/<int:year>/<int:number>/fisiere/<int:file_id>/",
        views.mol_file,
        name="file",
    ),
]
