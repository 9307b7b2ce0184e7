from django.urls import path

from . import views

app_name = "citizens"

urlpatterns = [
    path("autentificare/", views.sign_in, name="sign_in"),
    path("eid/intrare/", views.eid_return, name="eid_return"),
    path("eid/<slug:provider>/", views.eid_start, name="eid_start"),
    path("contul-meu/", views.account, name="account"),
    path("contul-meu/inchide/", views.forget, name="forget"),
    path("iesire/", views.sign_out, name="sign_out"),
]
