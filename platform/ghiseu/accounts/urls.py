from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.staff_home, name="home"),
    path("autentificare/", views.StaffLoginView.as_view(), name="login"),
    path("iesire/", views.StaffLogoutView.as_view(), name="logout"),
    path("invitatie/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation"),
]
