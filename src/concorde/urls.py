from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from concorde.conventions import views as conventions
from concorde.ingest import views as ingest

urlpatterns = [
    path("", conventions.home, name="home"),
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("import/", ingest.upload, name="upload"),
    path("conventions/<int:pk>/", conventions.detail, name="convention"),
    path("conventions/<int:pk>/relecture/", conventions.review, name="review"),
    path("conventions/<int:pk>/relecture/convention/", conventions.review_convention, name="review-convention"),
    path("conventions/<int:pk>/relecture/points/<int:warning_pk>/", conventions.resolve_warning, name="resolve-warning"),
    path("conventions/<int:pk>/relecture/<slug:kind>/<int:item_pk>/", conventions.review_item, name="review-item"),
    path("conventions/<int:pk>/valider/", conventions.validate, name="validate"),
    path("conventions/<int:pk>/documents/<int:doc_pk>/", conventions.document, name="document"),
    path("admin/", admin.site.urls),
]
