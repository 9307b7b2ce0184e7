from django.urls import include, path

from . import console

app_name = "console"

urlpatterns = [
    path("", console.uat_list, name="uat_list"),
    path("uat-nou/", console.uat_onboard, name="uat_onboard"),
    path("notificari/", console.pipeline_health, name="pipeline_health"),
    path("domenii/", console.domain_claims, name="domain_claims"),
    path(
        "domenii/<int:pk>/<slug:decision>/",
        console.domain_claim_decide,
        name="domain_claim_decide",
    ),
    path("catalog/", include("services_catalog.urls_console")),
    path("uat/<slug:slug>/", console.uat_detail, name="uat_detail"),
    path("uat/<slug:slug>/stare/", console.uat_change_status, name="uat_change_status"),
    path("uat/<slug:slug>/cota-sms/", console.uat_change_sms_quota, name="uat_change_sms_quota"),
    path(
        "uat/<slug:slug>/reseteaza-2fa/",
        console.uat_staff_two_factor_reset_view,
        name="uat_staff_two_factor_reset",
    ),
]
