from django.urls import path

from . import views
from .twofactor import views as two_factor

app_name = "accounts"

urlpatterns = [
    path("", views.staff_home, name="home"),
    path("autentificare/", views.StaffLoginView.as_view(), name="login"),
    path("autentificare/verificare/", two_factor.sign_in_verify, name="two_factor"),
    path("autentificare/configurare/", two_factor.sign_in_setup, name="two_factor_setup"),
    path("iesire/", views.StaffLogoutView.as_view(), name="logout"),
    path("invitatie/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation"),
    path("personal/", views.staff_accounts, name="staff"),
    path("personal/<int:pk>/", views.staff_member, name="staff_member"),
    path("personal/<int:pk>/<slug:action>/", views.staff_member_action, name="staff_member_action"),
    path("securitate/", two_factor.security, name="security"),
    path("securitate/metoda-noua/", two_factor.security_add, name="security_add"),
    path(
        "securitate/elimina/<str:kind>/<int:pk>/",
        two_factor.security_remove,
        name="security_remove",
    ),
    path("securitate/coduri/", two_factor.recovery_codes, name="recovery_codes"),
    path("securitate/coduri/noi/", two_factor.security_recovery_codes, name="recovery_codes_new"),
    path(
        "securitate/sesiuni/<int:pk>/inchide/",
        two_factor.security_session_end,
        name="session_end",
    ),
    path(
        "securitate/sesiuni/inchide-toate/",
        two_factor.security_sessions_end_all,
        name="sessions_end_all",
    ),
]
