from django.urls import path

from . import staff

app_name = "consultation_staff"

urlpatterns = [
    path("", staff.consultation_list, name="list"),
    path("nou/", staff.consultation_new, name="new"),
    path("<int:consultation_id>/", staff.consultation_detail, name="detail"),
    path("<int:consultation_id>/rezultat/", staff.consultation_outcome, name="outcome"),
    path("<int:consultation_id>/publicare/", staff.consultation_publication, name="publication"),
    path(
        "<int:consultation_id>/recomandari/<int:recommendation_id>/",
        staff.recommendation_answer,
        name="answer",
    ),
]
