"""A UAT's portal: citizen pages at the root, the staff area under /birou/."""

from django.urls import include, path

from .urls_common import handler400, handler403, handler404, handler500  # noqa: F401
from .urls_common import urlpatterns as common

urlpatterns = [
    *common,
    # Apps are plugged in by name: the platform core imports no domain app.
    path("", include("tenants.urls_portal")),
    path("birou/notificari/", include("ghiseu.notifications.urls")),
    path("birou/servicii/", include("services_catalog.offers.urls")),
    path("birou/portal/", include("tenants.selfservice.urls")),
    path("birou/plati/", include("payments.urls_staff")),
    path("birou/", include("dms.urls")),
    path("birou/", include("ghiseu.accounts.urls")),
    path("", include("citizens.urls")),
    path("", include("payments.urls")),
    path("", include("services_catalog.drafts.urls")),
    path("", include("services_catalog.urls")),
]
