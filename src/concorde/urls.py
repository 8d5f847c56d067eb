"""The site's addresses: each app's own urls.py under its namespace (`conventions:convention`,
`governance:meeting`…); ProConnect's two addresses keep the names mozilla-django-oidc looks up;
the API (its own namespace, from django-ninja) and the admin."""

from django.contrib import admin
from django.urls import include, path
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from concorde.api.routes import api
from concorde.territories import signin

urlpatterns = [
    path("", include("concorde.conventions.urls")),
    path("", include("concorde.territories.urls")),
    path("oidc/authenticate/", signin.start, name="oidc_authentication_init"),
    path("oidc/callback/", OIDCAuthenticationCallbackView.as_view(), name="oidc_authentication_callback"),
    path("", include("concorde.ingest.urls")),
    path("", include("concorde.governance.urls")),
    path("", include("concorde.discussion.urls")),
    path("", include("concorde.reports.urls")),
    path("", include("concorde.deliberations.urls")),
    path("", include("concorde.publication.urls")),
    path("", include("concorde.dashboard.urls")),
    path("", include("concorde.search.urls")),
    path("", include("concorde.api.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
