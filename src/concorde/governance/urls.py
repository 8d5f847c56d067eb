from django.urls import path

from .views import avenants, calendars, evaluations, legal, meetings, reminders

app_name = "governance"

urlpatterns = [
    path("conventions/<int:pk>/echeances.ics", calendars.convention_calendar, name="convention-calendar"),
    path("conventions/<int:pk>/gouvernance/", meetings.bodies_page, name="bodies"),
    path("conventions/<int:pk>/gouvernance/instances/<int:body_pk>/", meetings.edit_body, name="edit-body"),
    path("conventions/<int:pk>/gouvernance/reunions/", meetings.schedule, name="schedule-meeting"),
    path("conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/", meetings.meeting_page, name="meeting"),
    path(
        "conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/modifier/",
        meetings.edit_meeting,
        name="edit-meeting",
    ),
    path("conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/tenue/", meetings.hold, name="hold-meeting"),
    path(
        "conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/convocation/",
        meetings.convoke,
        name="convoke-meeting",
    ),
    path("conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/annuler/", meetings.cancel, name="cancel-meeting"),
    path("conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/decisions/", meetings.decide, name="decide"),
    path("conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/pieces-jointes/", meetings.attach, name="attach"),
    path(
        "conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/pieces-jointes/<int:attachment_pk>/",
        meetings.attachment,
        name="meeting-attachment",
    ),
    path("conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/suites/", meetings.follow_up, name="follow-up"),
    path(
        "conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/suites/<int:follow_up_pk>/close/",
        meetings.follow_up_done,
        name="follow-up-done",
    ),
    path("conventions/<int:pk>/vie-juridique/", legal.legal_page, name="legal"),
    path("conventions/<int:pk>/vie-juridique/dates/", legal.record_dates, name="record-dates"),
    path("conventions/<int:pk>/vie-juridique/denonciation/", legal.denounce, name="denounce"),
    path("conventions/<int:pk>/vie-juridique/mise-en-demeure/", legal.formal_notice, name="formal-notice"),
    path("conventions/<int:pk>/vie-juridique/mise-en-demeure/<int:notice_pk>/levee/", legal.lift, name="lift-notice"),
    path("conventions/<int:pk>/vie-juridique/resiliation/", legal.terminate, name="terminate"),
    path("conventions/<int:pk>/evaluations/", evaluations.evaluations_page, name="evaluations"),
    path("conventions/<int:pk>/evaluations/ouvrir/", evaluations.open_evaluation, name="open-evaluation"),
    path("conventions/<int:pk>/evaluations/<int:evaluation_pk>/", evaluations.evaluation_page, name="evaluation"),
    path(
        "conventions/<int:pk>/evaluations/<int:evaluation_pk>/appreciations/<int:party_pk>/<int:criterion_pk>/",
        evaluations.assess,
        name="assess",
    ),
    path(
        "conventions/<int:pk>/evaluations/<int:evaluation_pk>/conclusion/",
        evaluations.propose,
        name="propose-conclusion",
    ),
    path(
        "conventions/<int:pk>/evaluations/<int:evaluation_pk>/approbation/",
        evaluations.approve,
        name="approve-conclusion",
    ),
    path("conventions/<int:pk>/avenants/", avenants.avenants_page, name="avenants"),
    path("conventions/<int:pk>/avenants/nouveau/", avenants.create, name="create-avenant"),
    path("conventions/<int:pk>/avenants/<int:avenant_pk>/", avenants.avenant_page, name="avenant"),
    path(
        "conventions/<int:pk>/avenants/<int:avenant_pk>/modifications/<slug:op>/",
        avenants.add_change,
        name="add-avenant-change",
    ),
    path(
        "conventions/<int:pk>/avenants/<int:avenant_pk>/modifications/<int:index>/retirer/",
        avenants.remove_change,
        name="remove-avenant-change",
    ),
    path("conventions/<int:pk>/avenants/<int:avenant_pk>/approbation/", avenants.approve, name="approve-avenant"),
    path(
        "conventions/<int:pk>/avenants/<int:avenant_pk>/adoptions/<int:party_pk>/", avenants.adopt, name="adopt-avenant"
    ),
    path("conventions/<int:pk>/avenants/<int:avenant_pk>/signe/", avenants.attach_signed, name="attach-signed-avenant"),
    path("conventions/<int:pk>/avenants/<int:avenant_pk>/abandon/", avenants.abandon, name="abandon-avenant"),
    path("calendrier/<str:token>/echeances.ics", calendars.personal_calendar, name="personal-calendar"),
    path("compte/rappels/", reminders.reminder_choices, name="reminder-choices"),
]
