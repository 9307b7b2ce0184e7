from django.urls import path

from . import views_staff

app_name = "payments_staff"

urlpatterns = [path("", views_staff.payment_list, name="list")]
