from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("plati/netopia/notificare/", views.netopia_notify, name="netopia_notify"),
    path("plati/<str:reference>/intoarcere/", views.payment_return, name="return"),
]
