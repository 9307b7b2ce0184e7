"""A UAT's portal: citizen pages at the root, the staff area under /birou/."""

from django.urls import include, path

from tenants import views as tenants_views

from .urls_common import handler400, handler403, handler404, handler500  # noqa: F401
from .urls_common import urlpatterns as common

urlpatterns = [
    *common,
    path("tema.css", tenants_views.portal_theme, name="theme"),
    path("stema", tenants_views.portal_coat_of_arms, name="coat_of_arms"),
    path("birou/notificari/", include("ghiseu.notifications.urls")),
    path("birou/servicii/", include("services_catalog.offers.urls")),
    path("birou/portal/", include("tenants.selfservice.urls")),
    path("birou/plati/", include("payments.urls_staff")),
    path("birou/", include("dms.urls")),
    path("birou/", include("ghiseu.accounts.urls")),
    path("", include("citizens.urls")),
    path("", include("payments.urls")),
    path("", include("services_catalog.urls")),
]
