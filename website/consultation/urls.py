from django.urls import path

from . import views

app_name = "consultation"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("propuneri/", views.proposals, name="proposals"),
    path("raport/<int:year>.pdf", views.year_report, name="report"),
    path("<int:year>/<int:number>/", views.consultation_detail, name="detail"),
    path("<int:year>/<int:number>/confirmare/", views.recommendation_confirm, name="confirm"),
    path("<int:year>/<int:number>/proiect.pdf", views.consultation_draft, name="draft"),
]
