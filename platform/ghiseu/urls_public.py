"""The county site (public schema): directory of UATs, county console, API."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from ghiseu.notifications import receipts as notification_receipts

from .urls_common import handler400, handler403, handler404, handler500  # noqa: F401
from .urls_common import urlpatterns as common

urlpatterns = [
    *common,
    # Apps are plugged in by name: the platform core imports no domain app.
    path("", include("tenants.urls_county")),
    path("acte/", include("website.county.urls")),
    path("", include("citizens.urls_county")),
    path("consola/indicatori/", include("billing_reporting.county.urls")),
    path("consola/facturare/", include("billing_reporting.statements.urls_county")),
    path("consola/", include("tenants.urls_console")),
    path("consola/cont/", include("ghiseu.accounts.urls")),
    path("api/v1/receipts/sms/", notification_receipts.sms_receipt, name="sms_receipt"),
    path("api/v1/receipts/ses/", notification_receipts.ses_events, name="ses_events"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
]
