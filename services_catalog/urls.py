from django.urls import path

from . import views, views_fees, views_tracking

app_name = "portal"

urlpatterns = [
    path("", views.portal_home, name="home"),
    path("servicii/<slug:code>/", views.service_detail, name="service"),
    path("servicii/<slug:code>/cerere/", views.service_apply, name="apply"),
    path("servicii/<slug:code>/confirmare/", views.service_confirm, name="confirm"),
    path("cerere/<str:token>/", views_tracking.case_status, name="case"),
    path("cerere/<str:token>/recipisa.pdf", views_tracking.case_receipt, name="case_receipt"),
    path("cerere/<str:token>/plata/", views_fees.case_pay, name="case_pay"),
    path("plata/<str:key>/", views_fees.held_payment, name="held"),
    path(
        "cerere/<str:token>/documente/<int:document_id>/",
        views_tracking.case_document,
        name="case_document",
    ),
    path("accesibilitate/", views.accessibility, name="accessibility"),
    path("cererile-mele/", views_tracking.my_requests, name="my_requests"),
    path("cererile-mele/datele-mele.zip", views_tracking.my_data, name="my_data"),
    path("confidentialitate/", views.privacy, name="privacy"),
]
