"""The discussion of an action on its page: comments with mentions, withdrawn and put back by
their author; thin views over concorde.discussion."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concorde.discussion import services as discussion
from concorde.discussion.models import Comment
from concorde.lib.views import form_step, run

from . import action_page
from .forms import CommentForm


def _back(action, anchor: str = "discussion"):
    return redirect(reverse("dashboard:action", args=[action.convention_id, action.pk]) + f"#{anchor}")


@login_required
@require_POST
def post_comment(request, pk: int, action_pk: int):
    action = action_page.action_of(request, pk, action_pk)
    parties = discussion.speaking_parties(request.user, action.convention)
    if not parties:
        raise PermissionDenied("Seuls les membres des parties (coordinations et pilotes) commentent les actions.")
    form = CommentForm(
        request.POST, parties=action.convention.parties.filter(pk__in=[p.pk for p in parties]), prefix="comment"
    )
    return form_step(
        request,
        form,
        lambda f: discussion.post_comment(action, request.user, f.cleaned_data["text"], f.cleaned_data["party"]),
        lambda c: (
            "Commentaire publié"
            + (
                f" ; {c.mentions.count()} personne(s) mentionnée(s) en seront prévenues."
                if c.mentions.exists()
                else "."
            )
        ),
        refused=lambda: render(
            request, "dashboard/action.html", action_page.context(request, action, comment=form), status=400
        ),
        then=lambda c: _back(action, f"commentaire-{c.pk}"),
    )


@login_required
@require_POST
def withdraw_comment(request, pk: int, action_pk: int, comment_pk: int, restore: bool = False):
    action = action_page.action_of(request, pk, action_pk)
    comment = get_object_or_404(Comment, pk=comment_pk, action=action)
    if not discussion.can_withdraw(request.user, comment):
        raise PermissionDenied("Seul son auteur retire ou rétablit un commentaire.")
    if restore:
        run(request, lambda: discussion.restore_comment(comment, request.user), "Commentaire rétabli.")
    else:
        run(
            request,
            lambda: discussion.withdraw_comment(comment, request.user),
            "Commentaire retiré : il peut être rétabli.",
        )
    return _back(action)
