"""Who may do what, tried everywhere: every URL pattern of `get_resolver()` (pages, forms, API
operations, administration) × every role × the conventions of every state, with each method the
pattern answers. Each case runs in a savepoint rolled back after it, so a write allowed in one case
leaves the next one as it was.

A pattern missing from RULES fails the test: a new view needs its policy decision written here.
The counts (cases tried, refused, allowed) are printed; `pytest -s` shows them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from concorde.api.models import ApiToken
from concorde.conventions import consent, services
from concorde.conventions.models import BudgetLine, Convention, Evidence, ImportWarning, Measurement
from concorde.deliberations.models import Deliberation
from concorde.discussion.models import Comment, Notification
from concorde.governance.feeds import personal_token
from concorde.governance.models import (
    Avenant,
    Evaluation,
    FollowUp,
    FormalNotice,
    GoverningBody,
    Meeting,
    MeetingAttachment,
)
from concorde.ingest.models import ImportJob
from concorde.territories import people as people_service
from concorde.territories.models import Membership
from tests import factories

from .conftest import PARIS, service_named

ROLES = ["coord", "pilot_s1", "pilot_s2", "reader", "other_coord", "other_pilot", "third", "anonymous", "admin"]
PARIS_MEMBERS = {"coord", "pilot_s1", "pilot_s2", "reader", "admin"}
ALL = set(ROLES)
SIGNED_IN = ALL - {"anonymous"}
NOBODY: set[str] = set()
# awaiting: Montclair has not yet accepted; refused: it refused; outside: the partner has nobody on the
# instance (« hors Concorde »), Paris's coordination acts for it
OBJECTS = ["draft", "validated", "published", "awaiting", "refused", "outside"]
WITHOUT_MONTCLAIR = {"draft", "awaiting", "refused", "outside"}


def readers(obj):
    """Who reads a convention in this state."""
    return PARIS_MEMBERS if obj in WITHOUT_MONTCLAIR else PARIS_MEMBERS | {"other_coord", "other_pilot"}


def validated_readers(obj):
    return NOBODY if obj == "draft" else readers(obj)


def coordinations(obj):
    """The coordinations of the parties that take part (they keep the governance)."""
    if obj == "draft":
        return NOBODY
    return {"coord", "admin"} if obj in WITHOUT_MONTCLAIR else {"coord", "other_coord", "admin"}


def trackers(obj):
    """Who writes the tracking of action n°1: coordinations, and its pilots (DPE for Paris, DST for Montclair)."""
    if obj == "draft":
        return NOBODY
    return (
        {"coord", "pilot_s1", "admin"}
        if obj in WITHOUT_MONTCLAIR
        else {"coord", "pilot_s1", "other_coord", "other_pilot", "admin"}
    )


def paris_coordination(obj):
    return NOBODY if obj == "draft" else {"coord", "admin"}


def reviewers(obj):
    return {"coord", "admin"} if obj == "draft" else NOBODY


def public(obj):
    return ALL if obj == "published" else NOBODY


def always(roles):
    return lambda obj: roles


@dataclass
class Rule:
    """The roles allowed, per method, as a function of the convention's state (or a set)."""

    get: object = None
    post: object = None
    patch: object = None

    def methods(self):
        for method in ("get", "post", "patch"):
            allowed = getattr(self, method)
            if allowed is not None:
                yield method, allowed if callable(allowed) else always(allowed)


def _approvers(obj):  # the evaluation was proposed by Paris: the other party's coordination approves
    # (for a party « hors Concorde », Paris's coordination, which acts for it)
    return {"draft": NOBODY, "awaiting": {"admin"}, "refused": {"admin"}, "outside": {"coord", "admin"}}.get(
        obj, {"other_coord", "admin"}
    )


def _resolvers(obj):  # the measurement was entered for the partner: its side corrects it
    return {"draft": NOBODY, "awaiting": {"admin"}, "refused": {"admin"}, "outside": {"coord", "admin"}}.get(
        obj, {"other_coord", "other_pilot", "admin"}
    )


def _follow_up_closers(obj):  # its owner (Montclair's pilot) or a coordination
    return coordinations(obj) | ({"other_pilot"} if obj in ("validated", "published") else set())


def _api_readers(obj):  # the API lists drafts to their importer, and published conventions to all
    return ALL if obj == "published" else readers(obj)


def _api_budget_readers(obj):  # the members; everyone once the budgets are published (they are not here)
    return _api_members(obj)


def _api_members(obj):  # the governance is not public: the members of its parties, with a token or a session
    return validated_readers(obj) - {"anonymous"}


def _invited(obj):
    return {"other_coord"} if obj == "awaiting" else NOBODY


RULES: dict[str, Rule] = {
    # signing in and out
    "territories:login": Rule(get=ALL, post=ALL),
    "territories:logout": Rule(post=ALL),
    "oidc_authentication_init": Rule(get=NOBODY),  # ProConnect not configured: 404
    "oidc_authentication_callback": Rule(get=ALL),
    # home, import, portfolio
    "conventions:home": Rule(get=SIGNED_IN),
    "dashboard:portfolio": Rule(get=SIGNED_IN),
    "dashboard:my-actions": Rule(get=SIGNED_IN),
    "dashboard:calendar": Rule(get=SIGNED_IN),
    "dashboard:themes": Rule(get=SIGNED_IN),
    "dashboard:partner": Rule(get=SIGNED_IN - {"third"}),  # of Paris: who shares a convention with it, or is of it
    "ingest:upload": Rule(
        get={"coord", "other_coord", "third", "admin"}, post={"coord", "other_coord", "third", "admin"}
    ),
    "ingest:imports": Rule(get={"coord", "other_coord", "third", "admin"}),
    "ingest:import-cancel": Rule(post={"coord", "admin"}),
    "ingest:import-retry": Rule(post={"coord", "admin"}),  # Paris's import
    # a convention
    "conventions:convention": Rule(get=lambda o: readers(o) | _invited(o)),
    "conventions:document": Rule(get=lambda o: readers(o) | _invited(o)),
    "governance:convention-calendar": Rule(get=readers),
    "conventions:compare-versions": Rule(get=validated_readers),
    "conventions:set-themes": Rule(post=coordinations),
    "publication:choose-publication": Rule(post=paris_coordination),
    "conventions:answer-invitation": Rule(post=_invited),
    "conventions:invite-party-again": Rule(post=lambda o: {"coord", "admin"} if o == "refused" else NOBODY),
    # the review of a draft
    "conventions:review": Rule(get=reviewers),
    "conventions:review-convention": Rule(post=reviewers),
    "conventions:resolve-warning": Rule(post=reviewers),
    "conventions:add-to-plan": Rule(post=reviewers),
    "conventions:remove-from-plan": Rule(post=reviewers),
    "conventions:restore-to-plan": Rule(post=reviewers),
    "conventions:review-item": Rule(post=reviewers),
    "conventions:validate": Rule(post=reviewers),
    # governance
    "governance:bodies": Rule(get=validated_readers),
    "governance:meeting": Rule(get=validated_readers),
    "reports:copil-dossier": Rule(get=validated_readers),
    "reports:meeting-dossier": Rule(get=validated_readers),
    "governance:edit-body": Rule(post=coordinations),
    "governance:schedule-meeting": Rule(post=coordinations),
    "governance:edit-meeting": Rule(post=coordinations),
    "governance:hold-meeting": Rule(post=coordinations),
    "governance:convoke-meeting": Rule(post=coordinations),
    "governance:attach": Rule(post=coordinations),
    "governance:meeting-attachment": Rule(get=validated_readers),
    "governance:cancel-meeting": Rule(post=coordinations),
    "governance:decide": Rule(post=coordinations),
    "governance:follow-up": Rule(post=coordinations),
    "governance:follow-up-done": Rule(post=_follow_up_closers),
    "governance:evaluations": Rule(get=validated_readers),
    "governance:evaluation": Rule(get=validated_readers),
    "reports:evaluation-report": Rule(get=validated_readers),
    "governance:open-evaluation": Rule(post=coordinations),
    "governance:propose-conclusion": Rule(post=coordinations),
    "governance:assess": Rule(post=paris_coordination),
    "governance:approve-conclusion": Rule(post=_approvers),
    "governance:legal": Rule(get=validated_readers),
    "governance:denounce": Rule(post=coordinations),
    "governance:record-dates": Rule(post=coordinations),
    "governance:formal-notice": Rule(post=coordinations),
    "governance:lift-notice": Rule(post=coordinations),
    "governance:terminate": Rule(post=coordinations),
    "governance:avenants": Rule(get=validated_readers),
    "governance:avenant": Rule(get=validated_readers),
    "governance:create-avenant": Rule(post=coordinations),
    "governance:add-avenant-change": Rule(post=coordinations),
    "governance:remove-avenant-change": Rule(post=coordinations),
    "governance:approve-avenant": Rule(post=coordinations),
    "governance:adopt-avenant": Rule(post=paris_coordination),
    "deliberations:edit-deliberation": Rule(get=paris_coordination, post=paris_coordination),
    # refused to all here: the world's deliberation is not proposed (tests/test_open_data.py answers one)
    "deliberations:answer-proposal": Rule(post=NOBODY),
    # the shared dashboard
    "dashboard:dashboard": Rule(get=validated_readers),
    "dashboard:timeline": Rule(get=validated_readers),
    "dashboard:export-sheet": Rule(get=validated_readers),
    "dashboard:import-sheet": Rule(
        get=validated_readers, post=validated_readers
    ),  # each row is then checked (can_track)
    "dashboard:action": Rule(get=validated_readers),
    "dashboard:evidence": Rule(get=validated_readers),
    "dashboard:track": Rule(post=trackers),
    "dashboard:post-update": Rule(post=trackers),
    "dashboard:post-measurement": Rule(post=trackers),
    "dashboard:hide-update": Rule(
        post=lambda o: NOBODY if o == "draft" else {"coord", "pilot_s1", "admin"}
    ),  # its author, its party's coordination
    "dashboard:restore-update": Rule(post=lambda o: NOBODY if o == "draft" else {"coord", "pilot_s1", "admin"}),
    "dashboard:side-pilot": Rule(post=paris_coordination),
    "dashboard:add-indicator": Rule(post=coordinations),
    "dashboard:edit-indicator": Rule(post=coordinations),
    "dashboard:review-measurement": Rule(post=paris_coordination),
    "dashboard:resolve-measurement": Rule(post=_resolvers),
    "dashboard:add-budget-line": Rule(post=trackers),
    # the line is Paris's: its coordination and the action's pilot for Paris
    "dashboard:edit-budget-line": Rule(post=lambda o: NOBODY if o == "draft" else {"coord", "pilot_s1", "admin"}),
    "dashboard:remove-budget-line": Rule(post=lambda o: NOBODY if o == "draft" else {"coord", "pilot_s1", "admin"}),
    "dashboard:restore-budget-line": Rule(post=lambda o: NOBODY if o == "draft" else {"coord", "pilot_s1", "admin"}),
    # the discussion of an action: its parties' coordinations and pilots (not its readers);
    # a comment (Paris's coordination's) withdrawn or put back by its author
    "dashboard:post-comment": Rule(post=lambda o: validated_readers(o) - {"reader"}),
    "dashboard:withdraw-comment": Rule(post=lambda o: NOBODY if o == "draft" else {"coord", "admin"}),
    "dashboard:restore-comment": Rule(post=lambda o: NOBODY if o == "draft" else {"coord", "admin"}),
    # one's own notifications (the one of the world is Paris's pilot's)
    "discussion:notifications": Rule(get=SIGNED_IN),
    "discussion:mark-all-read": Rule(post=SIGNED_IN),
    "discussion:open": Rule(get=lambda o: NOBODY if o == "draft" else {"pilot_s1"}),
    "discussion:mark-read": Rule(post=lambda o: NOBODY if o == "draft" else {"pilot_s1"}),
    # the public portal and open data
    "publication:portal": Rule(get=ALL),
    # search: open to all, what each finds is the policy's (tests/search/test_search_policy.py)
    "search:results": Rule(get=ALL),
    "search:public": Rule(get=ALL),
    "publication:public-feed": Rule(get=ALL),
    "publication:sitemap": Rule(get=ALL),
    "publication:public-convention": Rule(get=public),
    "publication:public-document": Rule(get=public),
    "publication:public-document-pdf": Rule(get=public),
    "publication:public-deliberation": Rule(get=public),
    "publication:open-data": Rule(get=ALL),
    "publication:open-data-package": Rule(get=ALL),
    "publication:open-dataset": Rule(get=ALL),
    "publication:open-dataset-schema": Rule(get=ALL),
    "governance:personal-calendar": Rule(get=ALL),  # its secret address is the authority
    # the API
    "api:openapi-json": Rule(get=ALL),
    "api:openapi-view": Rule(get=ALL),
    "api:api-root": Rule(get=NOBODY),
    "api:conventions": Rule(get=ALL),
    "api:search": Rule(get=ALL),
    "api:deliberations": Rule(get=ALL),
    "api:convention": Rule(get=_api_readers),
    "api:actions": Rule(get=_api_readers),
    "api:action": Rule(get=_api_readers),
    "api:indicators": Rule(get=_api_readers),
    "api:measurements": Rule(get=_api_readers),
    "api:update_action": Rule(patch=trackers),
    "api:add_measurement": Rule(post=trackers),
    "api:review": Rule(post=paris_coordination),
    "api:bodies": Rule(get=_api_members),
    "api:meetings": Rule(get=_api_members, post=coordinations),
    "api:schedule": Rule(get=_api_members, post=coordinations),  # the same address as api:meetings
    "api:meeting": Rule(get=_api_members),
    "api:decide": Rule(post=coordinations),
    "api:follow_up": Rule(post=coordinations),
    "api:follow_up_done": Rule(post=_follow_up_closers),
    "api:convention_deadlines": Rule(get=_api_members),
    "api:evaluations": Rule(get=_api_members),
    "api:avenants": Rule(get=_api_members),
    "api:legal_life": Rule(get=_api_members),
    # budget lines: read with the convention's budgets, written by each party for its own (the line is Paris's)
    "api:lines": Rule(get=_api_budget_readers),
    "api:add_line": Rule(post=trackers),
    "api:update_line": Rule(patch=lambda o: NOBODY if o == "draft" else {"coord", "pilot_s1", "admin"}),
    # accounts, people and services (Paris's)
    "territories:account": Rule(get=SIGNED_IN),
    "governance:reminder-choices": Rule(get=SIGNED_IN, post=SIGNED_IN),
    "governance:attach-signed-avenant": Rule(post=coordinations),
    "governance:abandon-avenant": Rule(post=coordinations),
    "territories:organisation-identifiers": Rule(post={"coord"}),
    "api_tokens:api-tokens": Rule(get=SIGNED_IN, post=SIGNED_IN),
    "api_tokens:api-token-revoke": Rule(post={"coord"}),  # one's own tokens
    "territories:members": Rule(get={"coord", "admin"}),
    "territories:invite": Rule(post={"coord", "admin"}),
    "territories:change-member": Rule(post={"coord", "admin"}),
    "territories:remove-member": Rule(post={"coord", "admin"}),
    "territories:revoke-invitation": Rule(post={"coord", "admin"}),
    "territories:resend-invitation": Rule(post={"coord", "admin"}),
    "territories:services": Rule(get={"coord", "admin"}),
    "territories:add-service": Rule(post={"coord", "admin"}),
    "territories:edit-service": Rule(post={"coord", "admin"}),
    "territories:delete-service": Rule(post={"coord", "admin"}),
    "conventions:settle-services": Rule(get={"coord", "admin"}),
    "conventions:settle-service": Rule(post={"coord", "admin"}),
    "territories:invitation": Rule(get=ALL, post=ALL),
    "territories:invitation-proconnect": Rule(post=ALL),  # the link's secret is the authority
}
# The administration: site administrators only; a few of its pages are closed to everyone here.
ADMIN_CLOSED = {
    "admin:view_on_site",
    "admin:autocomplete",
    "admin:territories_territory_add",
    "admin:territories_territory_delete",
    "admin:territories_accessrequest_add",
    "admin:api_apitoken_add",
    "admin:territories_invitation_add",
    # task results are written by the workers only
    "admin:django_tasks_database_dbtaskresult_add",
    "admin:django_tasks_database_dbtaskresult_delete",
}
ADMIN_PUBLIC = {"admin:login"}


def patterns():
    """(name, route, converters) of every URL pattern, namespaces included."""

    def walk(found, namespace):
        for p in found:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{namespace}:{p.name}" if namespace else p.name, p

    return list(walk(get_resolver().url_patterns, None))


def rule_for(name: str) -> Rule | None:
    if name.startswith("admin:"):
        allowed = ALL if name in ADMIN_PUBLIC else NOBODY if name in ADMIN_CLOSED else {"admin"}
        return Rule(post=allowed) if name == "admin:logout" else Rule(get=allowed)
    return RULES.get(name)


def test_every_view_has_a_policy_decision():
    missing = sorted(name for name, _ in patterns() if rule_for(name) is None)
    assert missing == [], f"vues sans décision de politique dans RULES : {missing}"
    unknown = sorted(set(RULES) - {name for name, _ in patterns()})
    assert unknown == [], f"règles pour des vues qui n'existent plus : {unknown}"


# --- The world the matrix runs on ----------------------------------------------------------


def _convention(people, state: str) -> Convention:
    """The demo convention (each state its own copy, from tests.factories), with tracking and governance in it."""
    plan = (
        factories.renamed(factories.DEMO, "Montclair-sur-Marne", "Valmont-les-Bains")
        if state == "outside"
        else factories.DEMO
    )
    c = factories.draft(
        plan,
        by=people["paris_coord"],
        filename=f"demo-{state}.md",
        effective_date=timezone.localdate() - dt.timedelta(days=200),
    )
    if not c.import_warnings.exists():
        ImportWarning.objects.create(convention=c, message="Point écrit pour le test")
    if state == "draft":
        services.remove_from_draft(c.actions.get(number="2.2"), people["paris_coord"])  # a removal to undo
        return c
    services.validate(c, people["paris_coord"])
    paris, montclair = c.parties.get(label=PARIS), c.parties.exclude(label=PARIS).get()
    if state in ("validated", "published", "refused"):
        consent.accept(montclair, people["montclair_coord"]) if state != "refused" else consent.refuse(
            montclair, people["montclair_coord"], "Pas cette version"
        )
    if state == "published":
        c.parties.update(publish=True)
        consent.refresh_publication(c)
    action = c.actions.get(number="n°1")
    update = action.updates.create(party=paris, author=people["paris_pilot"], date=timezone.localdate(), text="Point")
    Evidence.objects.create(
        update=update, file=ContentFile(b"%PDF-1.4 preuve", name="preuve.pdf"), original_name="preuve.pdf", size=15
    )
    Measurement.objects.create(
        indicator=action.indicators.first(),
        party=montclair,
        value=Decimal(3),
        date=timezone.localdate(),
        entered_by=people["montclair_pilot"],
    )
    BudgetLine.objects.create(action=action, party=paris, year=2026, nature="investissement", planned=1000)
    made = Comment.objects.create(action=action, author=people["paris_coord"], party=paris, text="Avis @paris_pilot")
    Notification.objects.create(
        recipient=people["paris_pilot"],
        kind=Notification.Kind.MENTION,
        convention=c,
        action=action,
        comment=made,
        text="Mention",
        visible_at=timezone.now(),
    )
    body = c.bodies.filter(kind=GoverningBody.Kind.STEERING).first()
    meeting = Meeting.objects.create(
        body=body, date=timezone.localdate() - dt.timedelta(days=10), status=Meeting.Status.HELD
    )
    FollowUp.objects.create(
        meeting=meeting, title="Relancer", owner=people["montclair_pilot"], due_date=timezone.localdate()
    )
    attachment = MeetingAttachment(meeting=meeting, original_name="note.txt", size=4)
    attachment.file.save("note.txt", ContentFile(b"note"), save=True)
    Evaluation.objects.create(
        convention=c,
        label="Évaluation annuelle",
        due_date=timezone.localdate(),
        status=Evaluation.Status.PROPOSED,
        proposed_by=paris,
        conclusion="Atteint",
    )
    FormalNotice.objects.create(
        convention=c,
        by_party=paris,
        to_party=montclair,
        notified_on=timezone.localdate(),
        breach="Comité non réuni",
    )
    Avenant.objects.create(
        convention=c,
        number=1,
        title="Avenant",
        changes=[{"op": "set_term", "fields": {"notice": 3, "notice_unit": "months"}}],
    )
    Deliberation.objects.create(
        convention=c,
        organisation=paris.organisation,
        body="Conseil de Paris",
        date=timezone.localdate(),
        act_number="2026 DEVE 1",
        subject="Approbation",
        matter_code="5.7",
    )
    return c


@pytest.fixture
def world(people, django_user_model, django_capture_on_commit_callbacks):
    paris_org = Membership.objects.get(user=people["paris_coord"]).organisation
    pilot_s2 = django_user_model.objects.create_user("paris_pilot_s2", password="x")
    Membership.objects.create(
        user=pilot_s2, organisation=paris_org, role="pilot", service=service_named(paris_org, "DVD")
    )
    users = {
        "coord": people["paris_coord"],
        "pilot_s1": people["paris_pilot"],
        "pilot_s2": pilot_s2,
        "reader": people["paris_reader"],
        "other_coord": people["montclair_coord"],
        "other_pilot": people["montclair_pilot"],
        "third": people["outsider"],
        "anonymous": None,
        "admin": people["admin"],
    }
    with django_capture_on_commit_callbacks(execute=True):  # what validation and consent do at commit
        conventions = {state: _convention(people, state) for state in OBJECTS}
    invitation, token, _ = people_service.invite(
        paris_org, people["paris_coord"], email="nouvelle@paris.example", role="reader"
    )
    api_token, _ = ApiToken.issue(people["paris_coord"], "Tableau")
    common = {
        "org_pk": paris_org.pk,
        "membership_pk": Membership.objects.get(user=people["paris_reader"]).pk,
        "invitation_pk": invitation.pk,
        "service_pk": service_named(paris_org, "DEVE").pk,
        "token_pk": api_token.pk,
        "token": token,
        "name": "conventions",
        "fmt": "csv",
    }
    job = ImportJob.objects.create(
        organisation=paris_org,
        created_by=people["paris_coord"],
        original_name="attente.md",
        size=3,
        checksum="0" * 64,
        data=b"abc",
    )
    common["job_pk"] = job.pk
    calendar_token = personal_token(people["paris_coord"])
    kwargs = {state: {**common, **_ids(c)} for state, c in conventions.items()}
    return users, kwargs, calendar_token


def _ids(c: Convention) -> dict:
    action = c.actions.get(number="n°1")
    paris = c.parties.get(label=PARIS)
    update = action.updates.first()
    none = 999_999  # what a draft lacks: an id nothing has
    ids = {
        "pk": c.pk,
        "action_pk": action.pk,
        "item_pk": action.pk,
        "kind": "actions",
        "party_pk": paris.pk,
        "partner_pk": c.parties.exclude(label=PARIS).get().pk,
        "doc_pk": c.documents.first().pk,
        "warning_pk": c.import_warnings.first().pk,
        "indicator_pk": action.indicators.first().pk,
        "update_pk": update.pk if update else none,
        "evidence_pk": update.evidence.first().pk if update else none,
        "measurement_pk": Measurement.objects.filter(indicator__action=action).values_list("pk", flat=True).first()
        or none,
        "body_pk": c.bodies.first().pk,
        "criterion_pk": c.evaluation_criteria.values_list("pk", flat=True).first() or none,
        "op": "set_term",
        "index": 0,
    }
    meeting = Meeting.objects.filter(body__convention=c).first()
    ids["meeting_pk"] = meeting.pk if meeting else none
    ids["follow_up_pk"] = FollowUp.objects.filter(meeting=meeting).values_list("pk", flat=True).first() or none
    ids["member_pk"] = FollowUp.objects.filter(meeting=meeting).values_list("owner_id", flat=True).first() or none
    ids["evaluation_pk"] = c.evaluations.values_list("pk", flat=True).first() or none
    ids["avenant_pk"] = c.avenants.values_list("pk", flat=True).first() or none
    ids["notice_pk"] = c.formal_notices.values_list("pk", flat=True).first() or none
    ids["attachment_pk"] = (
        MeetingAttachment.objects.filter(meeting=meeting).values_list("pk", flat=True).first() or none
    )
    ids["delib_pk"] = c.deliberations.values_list("pk", flat=True).first() or none
    ids["line_pk"] = BudgetLine.objects.filter(action=action).values_list("pk", flat=True).first() or none
    ids["removal_pk"] = c.draft_removals.values_list("pk", flat=True).first() or none
    ids["comment_pk"] = Comment.objects.filter(action=action).values_list("pk", flat=True).first() or none
    ids["notification_pk"] = Notification.objects.filter(action=action).values_list("pk", flat=True).first() or none
    return ids


# The API validates a body before it applies the policy: each write is sent a valid one.
API_BODIES = {
    "api:update_action": {"version": 0, "avancement": 10},
    "api:add_measurement": {"valeur": "2", "date": "2026-01-05"},
    "api:review": {"decision": "valider"},
    "api:add_line": {"partie_id": None, "annee": 2026, "nature": "investissement", "prevu": "1000"},
    "api:update_line": {"annee": 2026, "nature": "fonctionnement", "prevu": "1200", "depense": "100"},
    # a body naming objects of the convention under test (its ids)
    "api:meetings": lambda ids: {"instance_id": ids["body_pk"], "date": "2026-01-05"},
    "api:schedule": lambda ids: {"instance_id": ids["body_pk"], "date": "2026-01-05"},
    "api:decide": lambda ids: {"texte": "Décision"},
    "api:follow_up": lambda ids: {"tache": "Relancer", "responsable_id": ids["member_pk"], "echeance": "2026-01-05"},
}
# Patterns whose party is the partner's (the invited one), and the format each document route is tried in.
PARTNER_PARTY = {"conventions:answer-invitation", "conventions:invite-party-again"}
FORMATS = {
    "reports:copil-dossier": "docx",
    "reports:meeting-dossier": "odt",
    "reports:evaluation-report": "odt",
    "dashboard:export-sheet": "csv",
    "publication:open-dataset": "csv",
}


def _path(name: str, pattern: URLPattern, ids: dict, calendar_token: str) -> str | None:
    params = list(pattern.pattern.converters) or re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
    if name.startswith("admin:"):
        return _admin_path(name, params)
    values = {}
    for p in params:
        if p == "party_pk" and name in PARTNER_PARTY:
            values[p] = ids["partner_pk"]
        elif p == "fmt":
            values[p] = FORMATS.get(name, "csv")
        elif p == "token" and name == "governance:personal-calendar":
            values[p] = calendar_token
        elif p == "pk" and name == "publication:public-deliberation":
            values[p] = ids["delib_pk"]
        else:
            values[p] = ids[p]
    return reverse(name, kwargs=values)


def _admin_path(name: str, params: list[str]) -> str:
    values = {}
    for p in params:
        if p == "app_label":
            values[p] = "territories"
        elif p == "object_id" and (m := re.match(r"admin:(\w+)_(?:change|delete|history)$", name)):
            # « app_label_modelname »: an app label may hold « _ » itself (django_tasks_db)
            model = next(
                mdl for mdl in apps.get_models() if f"{mdl._meta.app_label}_{mdl._meta.model_name}" == m.group(1)
            )
            values[p] = str(model.objects.values_list("pk", flat=True).first() or 1)
        elif p == "id":  # a user's password page
            from django.contrib.auth import get_user_model

            values[p] = str(get_user_model().objects.values_list("pk", flat=True).first())
        elif p == "content_type_id":
            from django.contrib.contenttypes.models import ContentType

            values[p] = ContentType.objects.get_for_model(Convention).pk
        else:
            values[p] = "1"
    return reverse(name, kwargs=values)


def refused(name: str, response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code == 302:
        location = response["Location"]
        if name == "admin:logout" and location == reverse("admin:index"):  # not staff: sent back, not signed out
            return True
        return (location.startswith(reverse(settings.LOGIN_URL)) and "next=" in location) or location.startswith(
            "/admin/login/"
        )
    return False


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(world, role, capsys):
    users, kwargs, calendar_token = world
    user = users[role]
    tried = refusals = 0
    wrong = []
    for name, pattern in patterns():
        rule = rule_for(name)
        route = str(pattern.pattern)
        states = (
            OBJECTS
            if (
                "<int:pk>" in route
                or "<pk>" in route
                or "{pk}" in route
                or "indicator_pk" in route
                or "measurement_pk" in route
            )
            and not name.startswith(("admin:", "publication:public-deliberation"))
            else ["published"]
            if name == "publication:public-deliberation"
            else ["validated"]
        )
        for state in states:
            path = _path(name, pattern, kwargs[state], calendar_token)
            for method, allowed in rule.methods():
                client = Client()
                if user is not None:
                    client.force_login(user)
                caches["local"].clear()
                with transaction.atomic():
                    send = getattr(client, method)
                    body = API_BODIES.get(name)
                    response = (
                        send(path, body(kwargs[state]) if callable(body) else body, content_type="application/json")
                        if name in API_BODIES
                        else send(path)
                    )
                    transaction.set_rollback(True)
                tried += 1
                assert response.status_code < 500, f"{method.upper()} {path} ({role}) : erreur {response.status_code}"
                assert response.status_code != 405, f"{method.upper()} {path} : méthode non servie, corriger RULES"
                was_refused = refused(name, response)
                refusals += was_refused
                expected = role in allowed(state)
                if expected == was_refused:
                    wrong.append(
                        f"{method.upper()} {name} [{state}] : {'refusé' if was_refused else 'permis'} "
                        f"({response.status_code}), attendu {'permis' if expected else 'refusé'}"
                    )
    with capsys.disabled():
        print(f"\nmatrice des droits — {role} : {tried} cas, {refusals} refus, {tried - refusals} permis")
    assert wrong == [], "\n".join(wrong)
