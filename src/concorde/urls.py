from django.contrib import admin
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import path
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from concorde.api import views as api_tokens
from concorde.api.routes import api
from concorde.conventions import consent_views as consent
from concorde.conventions import pilot_views
from concorde.conventions import views as conventions
from concorde.dashboard import sheet_views as sheets
from concorde.dashboard import views as dashboard
from concorde.deliberations import views as deliberations
from concorde.governance import avenant_views as avenants
from concorde.governance import body_views as bodies
from concorde.governance import evaluation_views as evaluations
from concorde.governance import views as governance
from concorde.ingest import views as ingest
from concorde.publication import data_views as open_data
from concorde.publication import views as publication
from concorde.publication.feeds import PortalPages, PublishedConventions, PublishedDeliberations, PublishedUpdates
from concorde.reports import views as reports
from concorde.territories import people_views as people
from concorde.territories import signin
from concorde.territories import views as territories

urlpatterns = [
    path("", conventions.home, name="home"),
    path("connexion/", signin.SignInView.as_view(), name="login"),
    path("oidc/authenticate/", signin.start, name="oidc_authentication_init"),
    path("oidc/callback/", OIDCAuthenticationCallbackView.as_view(), name="oidc_authentication_callback"),
    path("deconnexion/", signin.sign_out, name="logout"),
    path("import/", ingest.upload, name="upload"),
    path("import/suivi/", ingest.imports, name="imports"),
    path("import/suivi/<int:job_pk>/annuler/", ingest.cancel, name="import-cancel"),
    path("import/suivi/<int:job_pk>/relancer/", ingest.retry, name="import-retry"),
    path("conventions/<int:pk>/", conventions.detail, name="convention"),
    path("conventions/<int:pk>/relecture/", conventions.review, name="review"),
    path("conventions/<int:pk>/relecture/convention/", conventions.review_convention, name="review-convention"),
    path("conventions/<int:pk>/relecture/points/<int:warning_pk>/", conventions.resolve_warning, name="resolve-warning"),
    path("conventions/<int:pk>/relecture/plan/ajouter/", conventions.add_to_plan, name="add-to-plan"),
    path("conventions/<int:pk>/relecture/plan/<slug:kind>/<int:item_pk>/retirer/", conventions.remove_from_plan,
         name="remove-from-plan"),
    path("conventions/<int:pk>/relecture/<slug:kind>/<int:item_pk>/", conventions.review_item, name="review-item"),
    path("conventions/<int:pk>/valider/", conventions.validate, name="validate"),
    path("conventions/<int:pk>/documents/<int:doc_pk>/", conventions.document, name="document"),
    path("conventions/<int:pk>/echeances.ics", governance.convention_calendar, name="convention-calendar"),
    path("conventions/<int:pk>/gouvernance/", bodies.bodies_page, name="bodies"),
    path("conventions/<int:pk>/gouvernance/dossier.<str:fmt>", reports.copil_dossier, name="copil-dossier"),
    path("conventions/<int:pk>/gouvernance/instances/<int:body_pk>/", bodies.edit_body, name="edit-body"),
    path("conventions/<int:pk>/gouvernance/reunions/", bodies.schedule, name="schedule-meeting"),
    path("conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/", bodies.meeting_page, name="meeting"),
    path("conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/modifier/", bodies.edit_meeting, name="edit-meeting"),
    path("conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/tenue/", bodies.hold, name="hold-meeting"),
    path("conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/annuler/", bodies.cancel, name="cancel-meeting"),
    path("conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/decisions/", bodies.decide, name="decide"),
    path("conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/suites/", bodies.follow_up, name="follow-up"),
    path("conventions/<int:pk>/gouvernance/reunions/<int:meeting_pk>/suites/<int:follow_up_pk>/close/", bodies.follow_up_done,
         name="follow-up-done"),
    path("conventions/<int:pk>/evaluations/", evaluations.evaluations_page, name="evaluations"),
    path("conventions/<int:pk>/evaluations/ouvrir/", evaluations.open_evaluation, name="open-evaluation"),
    path("conventions/<int:pk>/evaluations/<int:evaluation_pk>/", evaluations.evaluation_page, name="evaluation"),
    path("conventions/<int:pk>/evaluations/<int:evaluation_pk>/appreciations/<int:party_pk>/<int:criterion_pk>/",
         evaluations.assess, name="assess"),
    path("conventions/<int:pk>/evaluations/<int:evaluation_pk>/conclusion/", evaluations.propose, name="propose-conclusion"),
    path("conventions/<int:pk>/evaluations/<int:evaluation_pk>/approbation/", evaluations.approve, name="approve-conclusion"),
    path("conventions/<int:pk>/evaluations/<int:evaluation_pk>/rapport.<str:fmt>", reports.evaluation_report,
         name="evaluation-report"),
    path("conventions/<int:pk>/avenants/", avenants.avenants_page, name="avenants"),
    path("conventions/<int:pk>/avenants/nouveau/", avenants.create, name="create-avenant"),
    path("conventions/<int:pk>/avenants/<int:avenant_pk>/", avenants.avenant_page, name="avenant"),
    path("conventions/<int:pk>/avenants/<int:avenant_pk>/modifications/<slug:op>/", avenants.add_change, name="add-avenant-change"),
    path("conventions/<int:pk>/avenants/<int:avenant_pk>/modifications/<int:index>/retirer/", avenants.remove_change,
         name="remove-avenant-change"),
    path("conventions/<int:pk>/avenants/<int:avenant_pk>/approbation/", avenants.approve, name="approve-avenant"),
    path("conventions/<int:pk>/avenants/<int:avenant_pk>/adoptions/<int:party_pk>/", avenants.adopt, name="adopt-avenant"),
    path("conventions/<int:pk>/deliberations/<int:delib_pk>/", deliberations.edit, name="edit-deliberation"),
    path("conventions/<int:pk>/versions/", conventions.compare_versions, name="compare-versions"),
    path("conventions/<int:pk>/themes/", conventions.set_themes, name="set-themes"),
    path("conventions/<int:pk>/publication/<int:party_pk>/", publication.choose, name="choose-publication"),
    path("conventions/<int:pk>/parties/<int:party_pk>/reponse/", consent.answer, name="answer-invitation"),
    path("conventions/<int:pk>/parties/<int:party_pk>/inviter-a-nouveau/", consent.invite_again, name="invite-party-again"),
    path("public/", publication.portal, name="portal"),
    path("public/flux.atom", PublishedUpdates(), name="public-feed"),
    path("sitemap.xml", sitemap_view, {"sitemaps": {"portail": PortalPages, "conventions": PublishedConventions,
                                            "deliberations": PublishedDeliberations}},
         name="sitemap"),
    path("public/conventions/<int:pk>/", publication.public_convention, name="public-convention"),
    path("public/conventions/<int:pk>/documents/<int:doc_pk>/", publication.public_document, name="public-document"),
    path("public/conventions/<int:pk>/documents/<int:doc_pk>/pdf/", publication.public_document, {"as_pdf": True},
         name="public-document-pdf"),
    path("public/deliberations/<int:pk>/", open_data.public_deliberation, name="public-deliberation"),
    path("public/donnees/", open_data.open_data, name="open-data"),
    path("public/donnees/datapackage.json", open_data.data_package, name="open-data-package"),
    path("public/donnees/<slug:name>.<str:fmt>", open_data.dataset, name="open-dataset"),
    path("public/donnees/<slug:name>/schema.json", open_data.dataset_schema, name="open-dataset-schema"),
    path("calendrier/<str:token>/echeances.ics", governance.personal_calendar, name="personal-calendar"),
    path("portefeuille/", dashboard.portfolio, name="portfolio"),
    path("mes-actions/", dashboard.my_actions, name="my-actions"),
    path("conventions/<int:pk>/tableau-de-bord/", dashboard.convention_dashboard, name="dashboard"),
    path("conventions/<int:pk>/tableau-de-bord/export.<str:fmt>", sheets.export_sheet, name="export-sheet"),
    path("conventions/<int:pk>/tableau-de-bord/import/", sheets.import_sheet, name="import-sheet"),
    path("conventions/<int:pk>/actions/<int:action_pk>/", dashboard.action_page, name="action"),
    path("conventions/<int:pk>/actions/<int:action_pk>/suivi/", dashboard.track, name="track"),
    path("conventions/<int:pk>/actions/<int:action_pk>/points/", dashboard.post_update, name="post-update"),
    path("conventions/<int:pk>/actions/<int:action_pk>/points/<int:update_pk>/retirer/", dashboard.hide_update, name="hide-update"),
    path("conventions/<int:pk>/actions/<int:action_pk>/points/<int:update_pk>/retablir/", dashboard.hide_update,
         {"restore": True}, name="restore-update"),
    path("conventions/<int:pk>/actions/<int:action_pk>/mesures/", dashboard.post_measurement, name="post-measurement"),
    path("conventions/<int:pk>/actions/<int:action_pk>/pilotes/<int:party_pk>/", dashboard.side_pilot, name="side-pilot"),
    path("conventions/<int:pk>/actions/<int:action_pk>/indicateurs/", dashboard.edit_indicator, name="add-indicator"),
    path("conventions/<int:pk>/actions/<int:action_pk>/indicateurs/<int:indicator_pk>/", dashboard.edit_indicator,
         name="edit-indicator"),
    path("conventions/<int:pk>/actions/<int:action_pk>/pieces/<int:evidence_pk>/", dashboard.evidence, name="evidence"),
    path("conventions/<int:pk>/actions/<int:action_pk>/mesures/<int:measurement_pk>/avis/", dashboard.review_measurement,
         name="review-measurement"),
    path("conventions/<int:pk>/actions/<int:action_pk>/mesures/<int:measurement_pk>/resolution/", dashboard.resolve_measurement,
         name="resolve-measurement"),
    path("api/v1/", api.urls),
    path("compte/", territories.account, name="account"),
    path("compte/organisations/<int:org_pk>/", territories.identifiers, name="organisation-identifiers"),
    path("compte/organisations/<int:org_pk>/membres/", people.members, name="members"),
    path("compte/organisations/<int:org_pk>/membres/inviter/", people.invite, name="invite"),
    path("compte/organisations/<int:org_pk>/membres/<int:membership_pk>/", people.change_member, name="change-member"),
    path("compte/organisations/<int:org_pk>/membres/<int:membership_pk>/retirer/", people.remove_member, name="remove-member"),
    path("compte/organisations/<int:org_pk>/invitations/<int:invitation_pk>/revoquer/", people.revoke_invitation,
         name="revoke-invitation"),
    path("compte/organisations/<int:org_pk>/invitations/<int:invitation_pk>/renvoyer/", people.resend_invitation,
         name="resend-invitation"),
    path("compte/organisations/<int:org_pk>/services/", people.services, name="services"),
    path("compte/organisations/<int:org_pk>/services/ajouter/", people.save_service, name="add-service"),
    path("compte/organisations/<int:org_pk>/services/<int:service_pk>/", people.save_service, name="edit-service"),
    path("compte/organisations/<int:org_pk>/services/<int:service_pk>/supprimer/", people.delete_service, name="delete-service"),
    path("compte/organisations/<int:org_pk>/services-a-rattacher/", pilot_views.settle_page, name="settle-services"),
    path("compte/organisations/<int:org_pk>/services-a-rattacher/rattacher/", pilot_views.settle, name="settle-service"),
    path("invitation/<str:token>/", people.invitation, name="invitation"),
    path("invitation/<str:token>/proconnect/", people.invitation_with_proconnect, name="invitation-proconnect"),
    path("compte/jetons/", api_tokens.tokens, name="api-tokens"),
    path("compte/jetons/<int:token_pk>/revoquer/", api_tokens.revoke, name="api-token-revoke"),
    path("admin/", admin.site.urls),
]
