from django.urls import path

from . import views

app_name = "nonconformities"

urlpatterns = [
    path("", views.register, name="list"),
    path("noua/", views.open_manual, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:name>/", views.step, name="step"),
]
