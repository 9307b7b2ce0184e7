from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_log, name="log"),
    path("<uuid:notification_uuid>/reincearca/", views.notification_retry, name="retry"),
    path("texte/", views.template_override, name="override"),
]
