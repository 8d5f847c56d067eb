from django.urls import path

from . import across_views, budget_views, comment_views, sheet_views, views

app_name = "dashboard"

urlpatterns = [
    path("portefeuille/", views.portfolio, name="portfolio"),
    path("calendrier/", across_views.calendar_page, name="calendar"),
    path("partenaires/<int:org_pk>/", across_views.partner_page, name="partner"),
    path("themes/", across_views.themes_page, name="themes"),
    path("mes-actions/", views.my_actions, name="my-actions"),
    path("conventions/<int:pk>/tableau-de-bord/", views.convention_dashboard, name="dashboard"),
    path("conventions/<int:pk>/frise/", views.timeline_page, name="timeline"),
    path("conventions/<int:pk>/tableau-de-bord/export.<str:fmt>", sheet_views.export_sheet, name="export-sheet"),
    path("conventions/<int:pk>/tableau-de-bord/import/", sheet_views.import_sheet, name="import-sheet"),
    path("conventions/<int:pk>/actions/<int:action_pk>/", views.action_page, name="action"),
    path("conventions/<int:pk>/actions/<int:action_pk>/suivi/", views.track, name="track"),
    path("conventions/<int:pk>/actions/<int:action_pk>/points/", views.post_update, name="post-update"),
    path(
        "conventions/<int:pk>/actions/<int:action_pk>/points/<int:update_pk>/retirer/",
        views.hide_update,
        name="hide-update",
    ),
    path(
        "conventions/<int:pk>/actions/<int:action_pk>/points/<int:update_pk>/retablir/",
        views.hide_update,
        {"restore": True},
        name="restore-update",
    ),
    path("conventions/<int:pk>/actions/<int:action_pk>/mesures/", views.post_measurement, name="post-measurement"),
    path("conventions/<int:pk>/actions/<int:action_pk>/commentaires/", comment_views.post_comment, name="post-comment"),
    path(
        "conventions/<int:pk>/actions/<int:action_pk>/commentaires/<int:comment_pk>/retirer/",
        comment_views.withdraw_comment,
        name="withdraw-comment",
    ),
    path(
        "conventions/<int:pk>/actions/<int:action_pk>/commentaires/<int:comment_pk>/retablir/",
        comment_views.withdraw_comment,
        {"restore": True},
        name="restore-comment",
    ),
    path("conventions/<int:pk>/actions/<int:action_pk>/pilotes/<int:party_pk>/", views.side_pilot, name="side-pilot"),
    path("conventions/<int:pk>/actions/<int:action_pk>/indicateurs/", views.edit_indicator, name="add-indicator"),
    path(
        "conventions/<int:pk>/actions/<int:action_pk>/indicateurs/<int:indicator_pk>/",
        views.edit_indicator,
        name="edit-indicator",
    ),
    path("conventions/<int:pk>/actions/<int:action_pk>/pieces/<int:evidence_pk>/", views.evidence, name="evidence"),
    path("conventions/<int:pk>/actions/<int:action_pk>/budget/", budget_views.add_line, name="add-budget-line"),
    path(
        "conventions/<int:pk>/actions/<int:action_pk>/budget/<int:line_pk>/",
        budget_views.edit_line,
        name="edit-budget-line",
    ),
    path(
        "conventions/<int:pk>/actions/<int:action_pk>/budget/<int:line_pk>/retirer/",
        budget_views.remove_line,
        name="remove-budget-line",
    ),
    path(
        "conventions/<int:pk>/actions/<int:action_pk>/budget/<int:line_pk>/retablir/",
        budget_views.restore_line,
        name="restore-budget-line",
    ),
    path(
        "conventions/<int:pk>/actions/<int:action_pk>/mesures/<int:measurement_pk>/avis/",
        views.review_measurement,
        name="review-measurement",
    ),
    path(
        "conventions/<int:pk>/actions/<int:action_pk>/mesures/<int:measurement_pk>/resolution/",
        views.resolve_measurement,
        name="resolve-measurement",
    ),
]
