"""A person's API tokens: created (shown once), listed, revoked."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Nom du jeton", max_length=100, help_text="Par exemple : « Tableau de bord de la direction »."
    )


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        _, created = ApiToken.issue(request.user, form.cleaned_data["name"])
        messages.success(request, "Jeton créé : copiez-le maintenant, il ne sera plus affiché.")
        form = TokenForm()
    return render(
        request, "api/tokens.html", {"form": form, "created": created, "tokens": request.user.api_tokens.all()}
    )


@login_required
@require_POST
def revoke(request, token_pk: int):
    token = get_object_or_404(ApiToken, pk=token_pk, user=request.user)
    token.revoke()
    messages.success(request, f"Jeton « {token.name} » révoqué.")
    return redirect("api_tokens:api-tokens")
