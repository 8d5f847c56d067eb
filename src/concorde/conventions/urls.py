from django.urls import path

from . import consent_views, pilot_views, views

app_name = "conventions"

urlpatterns = [
    path("", views.home, name="home"),
    path("conventions/<int:pk>/", views.detail, name="convention"),
    path("conventions/<int:pk>/relecture/", views.review, name="review"),
    path("conventions/<int:pk>/relecture/convention/", views.review_convention, name="review-convention"),
    path("conventions/<int:pk>/relecture/points/<int:warning_pk>/", views.resolve_warning, name="resolve-warning"),
    path("conventions/<int:pk>/relecture/plan/ajouter/", views.add_to_plan, name="add-to-plan"),
    path(
        "conventions/<int:pk>/relecture/plan/<slug:kind>/<int:item_pk>/retirer/",
        views.remove_from_plan,
        name="remove-from-plan",
    ),
    path(
        "conventions/<int:pk>/relecture/plan/retraits/<int:removal_pk>/retablir/",
        views.restore_to_plan,
        name="restore-to-plan",
    ),
    path("conventions/<int:pk>/relecture/<slug:kind>/<int:item_pk>/", views.review_item, name="review-item"),
    path("conventions/<int:pk>/valider/", views.validate, name="validate"),
    path("conventions/<int:pk>/documents/<int:doc_pk>/", views.document, name="document"),
    path("conventions/<int:pk>/versions/", views.compare_versions, name="compare-versions"),
    path("conventions/<int:pk>/themes/", views.set_themes, name="set-themes"),
    path("conventions/<int:pk>/parties/<int:party_pk>/reponse/", consent_views.answer, name="answer-invitation"),
    path(
        "conventions/<int:pk>/parties/<int:party_pk>/inviter-a-nouveau/",
        consent_views.invite_again,
        name="invite-party-again",
    ),
    path("compte/organisations/<int:org_pk>/services-a-rattacher/", pilot_views.settle_page, name="settle-services"),
    path(
        "compte/organisations/<int:org_pk>/services-a-rattacher/rattacher/", pilot_views.settle, name="settle-service"
    ),
]
