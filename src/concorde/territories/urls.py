from django.urls import path

from . import people_views, signin, views

app_name = "territories"

urlpatterns = [
    path("connexion/", signin.SignInView.as_view(), name="login"),
    path("deconnexion/", signin.sign_out, name="logout"),
    path("compte/", views.account, name="account"),
    path("compte/organisations/<int:org_pk>/", views.identifiers, name="organisation-identifiers"),
    path("compte/organisations/<int:org_pk>/membres/", people_views.members, name="members"),
    path("compte/organisations/<int:org_pk>/membres/inviter/", people_views.invite, name="invite"),
    path(
        "compte/organisations/<int:org_pk>/membres/<int:membership_pk>/",
        people_views.change_member,
        name="change-member",
    ),
    path(
        "compte/organisations/<int:org_pk>/membres/<int:membership_pk>/retirer/",
        people_views.remove_member,
        name="remove-member",
    ),
    path(
        "compte/organisations/<int:org_pk>/invitations/<int:invitation_pk>/revoquer/",
        people_views.revoke_invitation,
        name="revoke-invitation",
    ),
    path(
        "compte/organisations/<int:org_pk>/invitations/<int:invitation_pk>/renvoyer/",
        people_views.resend_invitation,
        name="resend-invitation",
    ),
    path("compte/organisations/<int:org_pk>/services/", people_views.services, name="services"),
    path("compte/organisations/<int:org_pk>/services/ajouter/", people_views.save_service, name="add-service"),
    path(
        "compte/organisations/<int:org_pk>/services/<int:service_pk>/", people_views.save_service, name="edit-service"
    ),
    path(
        "compte/organisations/<int:org_pk>/services/<int:service_pk>/supprimer/",
        people_views.delete_service,
        name="delete-service",
    ),
    path("invitation/<str:token>/", people_views.invitation, name="invitation"),
    path("invitation/<str:token>/proconnect/", people_views.invitation_with_proconnect, name="invitation-proconnect"),
]
