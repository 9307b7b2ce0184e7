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
    path("birou/indicatori/", include("billing_reporting.indicators.urls")),
    path("birou/facturi/", include("billing_reporting.statements.urls_uat")),
    path("birou/rapoarte/", include("billing_reporting.reports.urls")),
    path("birou/neconformitati/", include("billing_reporting.quality.nonconformities.urls")),
    path("birou/mol/", include("website.mol.staff_urls")),
    path("birou/consultari/", include("website.consultation.staff_urls")),
    path("birou/site/", include("website.content.staff_urls")),
    path("birou/", include("dms.urls")),
    path("birou/", include("ghiseu.accounts.urls")),
    path("cat-de-repede-raspundem/", include("billing_reporting.performance.urls")),
    path("evaluare/", include("billing_reporting.quality.surveys.urls")),
    path("mol/", include("website.mol.urls")),
    path("consultare-publica/", include("website.consultation.urls")),
    path("", include("website.urls")),
    path("", include("website.content.urls")),
    path("", include("citizens.urls")),
    path("", include("payments.urls")),
    path("", include("services_catalog.drafts.urls")),
    path("", include("services_catalog.urls")),
]
