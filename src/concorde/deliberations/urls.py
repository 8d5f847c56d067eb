from django.urls import path

from . import views

app_name = "deliberations"

urlpatterns = [
    path("conventions/<int:pk>/deliberations/<int:delib_pk>/", views.edit, name="edit-deliberation"),
    path(
        "conventions/<int:pk>/deliberations/<int:delib_pk>/rattachement/",
        views.answer_proposal,
        name="answer-proposal",
    ),
]
