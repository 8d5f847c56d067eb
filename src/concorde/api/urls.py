from django.urls import path

from . import views

app_name = "api_tokens"

urlpatterns = [
    path("compte/jetons/", views.tokens, name="api-tokens"),
    path("compte/jetons/<int:token_pk>/revoquer/", views.revoke, name="api-token-revoke"),
]
