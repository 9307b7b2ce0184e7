from django.urls import path

from . import views

app_name = "offers"

urlpatterns = [
    path("", views.offer_list, name="list"),
    path("<slug:code>/", views.offer_edit, name="edit"),
]
