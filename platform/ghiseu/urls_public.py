"""The county site (public schema): directory of UATs, county console, API."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from ghiseu.notifications import receipts as notification_receipts
from tenants import api as tenants_api
from tenants import views as tenants_views

from .urls_common import handler400, handler403, handler404, handler500  # noqa: F401
from .urls_common import urlpatterns as common

urlpatterns = [
    *common,
    path("", tenants_views.county_directory, name="directory"),
    path(
        "uat/<slug:slug>/stema", tenants_views.directory_coat_of_arms, name="directory_coat_of_arms"
    ),
    path("tema.css", tenants_views.portal_theme, name="theme"),
    path("", include("citizens.urls_county")),
    path("consola/", include("tenants.urls_console")),
    path("consola/cont/", include("ghiseu.accounts.urls")),
    path("api/v1/uat/", tenants_api.UATDirectoryApi.as_view(), name="api_uat_directory"),
    path("api/v1/receipts/sms/", notification_receipts.sms_receipt, name="sms_receipt"),
    path("api/v1/receipts/ses/", notification_receipts.ses_events, name="ses_events"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
]
