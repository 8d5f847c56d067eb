from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("conventions/<int:pk>/gouvernance/dossier.<str:fmt>", views.copil_dossier, name="copil-dossier"),
    path(
        "conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/dossier.<str:fmt>",
        views.meeting_dossier,
        name="meeting-dossier",
    ),
    path(
        "conventions/<int:pk>/evaluations/<int:evaluation_pk>/rapport.<str:fmt>",
        views.evaluation_report,
        name="evaluation-report",
    ),
]
