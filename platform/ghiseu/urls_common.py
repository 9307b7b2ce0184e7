"""Routes every host has: language switch and error handlers."""

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = "ghiseu.ops.views.bad_request"
handler403 = "ghiseu.ops.views.permission_denied"
handler404 = "ghiseu.ops.views.page_not_found"
handler500 = "ghiseu.ops.views.server_error"
