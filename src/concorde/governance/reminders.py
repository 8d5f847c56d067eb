"""Reminders by e-mail: coming and overdue deadlines to the coordinations, actions to their
pilots, validations waiting to whoever must give them, follow-up tasks to their owner.
One e-mail per person and run, listing only what was never recalled to them before — except
what is late, recalled again each week until it is done — and only the kinds of reminder each
person chose to receive."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse

from concorde.conventions import policy
from concorde.conventions.models import Action, Convention, Measurement, Party, live_on
from concorde.conventions.tracking import CLOSED, is_late
from concorde.territories.models import Membership

from . import calendar
from .deadlines import bodies_with_meetings, deadlines_of, display_name, for_lists
from .models import FollowUp, GoverningBody, Meeting, ReminderChoice, ReminderSent
from .roles import serving_secretaries

log = logging.getLogger(__name__)
ACTION_NOTICE_DAYS = 14  # a pilot hears of a due date two weeks ahead
FOLLOW_UP_NOTICE_DAYS = 7


# The kinds of reminder, which each person may choose to receive or not (ReminderChoice).
KINDS = {
    "echeance": "Échéances des conventions (réunions dues, évaluations, préavis, terme, mises en demeure)",
    "action": "Actions que vous pilotez, à échéance proche ou en retard",
    "mesure": "Mesures d'indicateurs à valider",
    "brouillon": "Brouillons importés à relire",
    "suite": "Suites à donner qui vous sont confiées",
    "secretariat": "Tâches du secrétariat des instances (convoquer, rédiger le compte rendu, programmer une réunion due)",
    "invitation": "Invitations à être partie d'une convention",
    "notifications": "Résumé quotidien de vos notifications (mentions, désignations comme pilote, commentaires sur vos actions, mesures à valider)",
}
RECALL_DAYS = 7  # what is late is recalled again each week until it is done
CONVOCATION_NOTICE_DAYS = 15  # members are convened at least two weeks ahead
MINUTES_DAYS = 15  # the minutes are drafted within two weeks of the meeting
MINUTES_RECALLED_DAYS = 90  # past a quarter, minutes never written are no longer asked for


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    link: str
    kind: str = "echeance"
    due: dt.date | None = None


def _late_key(base: str, due: dt.date, today: dt.date) -> str:
    """The key of a late point: a new one each week it stays late, so that it is recalled."""
    return f"{base}:retard:{(today - due).days // RECALL_DAYS}"


def _url(name: str, *args) -> str:
    return settings.CONCORDE_BASE_URL + reverse(name, args=args)


def _members(org_ids, role: str) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for m in Membership.objects.filter(organisation_id__in=org_ids, role=role, user__is_active=True).select_related(
        "user"
    ):
        out[m.organisation_id].append(m)
    return out


def collect(today: dt.date) -> dict:
    """{user: [Item]} of everything worth recalling today, sent or not."""
    items: dict = defaultdict(list)
    conventions = list(
        Convention.objects.filter(live_on(today)).select_related("owner").prefetch_related("parties", *for_lists())
    )
    org_ids = {p.organisation_id for c in conventions for p in c.parties.all()}
    coordination, pilots = _members(org_ids, Membership.Role.COORDINATION), _members(org_ids, Membership.Role.PILOT)
    for c in conventions:  # a party that has not accepted hears of its invitation, not of the convention
        c.taking_part = [p for p in c.parties.all() if p.takes_part]
        for p in c.parties.all():
            if p.consent == Party.Consent.PENDING:
                item = Item(
                    f"invitation:{p.pk}:{p.invited_at.date() if p.invited_at else ''}",
                    f"{c.owner} vous désigne comme partie de « {c.title} » : la lire, puis accepter ou refuser",
                    _url("conventions:convention", c.pk),
                    "invitation",
                )
                for m in coordination[p.organisation_id]:
                    items[m.user].append(item)

    for c in conventions:
        coordinators = [m.user for p in c.taking_part for m in coordination[p.organisation_id]]
        for d in deadlines_of(c, today):
            if d.is_alert:
                key = f"echeance:{c.pk}:{d.kind}:{d.label}:{d.date}"
                item = Item(
                    _late_key(key, d.date, today) if d.state == "en_retard" else f"{key}:{d.state}",
                    f"{c.title} — {d.label} : {d.date:%d/%m/%Y} ({d.state_label})",
                    _url("conventions:convention", c.pk),
                    "echeance",
                    d.date,
                )
                for user in coordinators:
                    items[user].append(item)

    by_convention = {c.pk: c for c in conventions}
    horizon = today + dt.timedelta(days=ACTION_NOTICE_DAYS)
    actions = (
        Action.objects.filter(convention__in=by_convention, due_date__lte=horizon)
        .exclude(status__in=CLOSED)
        .prefetch_related("pilots__users", "pilots__services")
    )
    for a in actions:
        convention = by_convention[a.convention_id]
        late = is_late(a, today)
        key = f"action:{a.pk}:{a.due_date}"
        item = Item(
            _late_key(key, a.due_date, today) if late else f"{key}:proche",
            f"{convention.title} — {a.number} {a.title} : échéance {a.due_date:%d/%m/%Y}"
            + (" (en retard)" if late else ""),
            _url("dashboard:action", convention.pk, a.pk),
            "action",
            a.due_date,
        )
        for p in convention.taking_part:
            for m in pilots[p.organisation_id]:
                if policy.pilots(m, a, p):
                    items[m.user].append(item)

    pending = Measurement.objects.filter(
        status=Measurement.Status.PENDING,
        indicator__action__convention__in=by_convention,
        indicator__action__archived_on__isnull=True,
    ).select_related("indicator__action")
    for m in pending:
        action = m.indicator.action
        convention = by_convention[action.convention_id]
        item = Item(
            f"mesure:{m.pk}",
            f"{convention.title} — mesure à valider : {m.indicator.label} = {m.value.normalize():f} "
            f"au {m.date:%d/%m/%Y}",
            _url("dashboard:action", convention.pk, action.pk),
            "mesure",
        )
        for p in convention.taking_part:
            if p.pk != m.party_id:
                for member in coordination[p.organisation_id]:
                    items[member.user].append(item)

    drafts = Convention.objects.filter(status=Convention.Status.DRAFT).select_related("owner")
    draft_coordination = _members({c.owner_id for c in drafts}, Membership.Role.COORDINATION)
    for c in drafts:
        item = Item(
            f"brouillon:{c.pk}",
            f"{c.title} — brouillon importé à relire et valider",
            _url("conventions:review", c.pk),
            "brouillon",
        )
        for member in draft_coordination[c.owner_id]:
            items[member.user].append(item)

    for body, item in _secretariat_tasks(by_convention, today):
        for user in _secretariat_of(body, by_convention[body.convention_id], coordination):
            items[user].append(item)

    follow_horizon = today + dt.timedelta(days=FOLLOW_UP_NOTICE_DAYS)
    # the follow-ups of conventions whose life goes on, to owners still at an organisation of theirs
    for f in (
        FollowUp.objects.filter(done_at__isnull=True, due_date__lte=follow_horizon, owner__is_active=True)
        .filter(live_on(today, "meeting__body__convention__"))
        .filter(owner__memberships__organisation__parties__convention=F("meeting__body__convention"))
        .distinct()
        .select_related("owner", "meeting__body__convention")
    ):
        late = f.due_date < today
        convention = f.meeting.body.convention
        items[f.owner].append(
            Item(
                _late_key(f"suite:{f.pk}", f.due_date, today) if late else f"suite:{f.pk}:proche",
                f"{convention.title} — suite à donner : {f.title}, pour le {f.due_date:%d/%m/%Y}"
                + (" (en retard)" if late else ""),
                _url("governance:meeting", convention.pk, f.meeting_id),
                "suite",
                f.due_date,
            )
        )
    return items


def _secretariat_of(body: GoverningBody, convention, coordination) -> list:
    """Who gets a body's secretariat tasks: its named secretaries who still serve it, else the
    coordination of the party that holds it, else the coordinations of every party."""
    body.convention = convention
    named = serving_secretaries(body, {p.organisation_id for p in _holders(body, convention)})
    return named or [m.user for p in _holders(body, convention) for m in coordination[p.organisation_id]]


def _holders(body: GoverningBody, convention) -> list:
    return [p for p in convention.taking_part if p.pk == body.secretariat_party_id] or convention.taking_part


def _secretariat_tasks(conventions: dict, today: dt.date):
    """(body, Item) of what a secretariat has to do: convene a coming meeting, draft the minutes
    of a held one, settle a meeting whose day has passed, schedule one the frequency calls for."""
    meetings = (
        Meeting.objects.filter(body__convention__in=conventions)
        .filter(
            Q(status=Meeting.Status.PLANNED, date__lte=today + dt.timedelta(days=CONVOCATION_NOTICE_DAYS))
            | Q(status=Meeting.Status.HELD, minutes="", date__gte=today - dt.timedelta(days=MINUTES_RECALLED_DAYS))
        )
        .select_related("body")
        .prefetch_related("body__secretaries__memberships")
    )
    for m in meetings:
        url = _url("governance:meeting", m.body.convention_id, m.pk)
        title, name = conventions[m.body.convention_id].title, f"{display_name(m.body)} du {m.date:%d/%m/%Y}"
        if m.status == Meeting.Status.HELD:
            due = m.date + dt.timedelta(days=MINUTES_DAYS)
            key = f"secretariat:compte-rendu:{m.pk}"
            text = f"{title} — rédiger le compte rendu : {name}, pour le {due:%d/%m/%Y}"
            yield m.body, Item(_late_key(key, due, today) if due < today else key, text, url, "secretariat", due)
        elif m.date < today:
            if not _has_secretariat(m.body):  # the coordinations hear of it among the deadlines
                continue
            key = f"secretariat:a-declarer:{m.pk}:{m.date}"
            text = f"{title} — {name} : la déclarer tenue (présences, compte rendu) ou l'annuler"
            yield m.body, Item(_late_key(key, m.date, today), text, url, "secretariat", m.date)
        elif not m.convened_at:
            key = f"secretariat:convoquer:{m.pk}:{m.date}"
            text = f"{title} — convoquer les membres : {name}"
            yield m.body, Item(key, text, url, "secretariat", m.date)
    bodies = bodies_with_meetings().filter(convention__in=conventions, min_meetings_per_year__isnull=False)
    for b in bodies.prefetch_related("secretaries__memberships"):
        convention = conventions[b.convention_id]
        # without a secretariat, the coordinations already hear of it among the deadlines
        if not convention.effective_date or b.next_planned_on or not _has_secretariat(b):
            continue
        due = calendar.meeting_due(convention.effective_date, b.min_meetings_per_year, b.last_held_on)
        if due <= today + dt.timedelta(days=CONVOCATION_NOTICE_DAYS * 2):
            key = f"secretariat:programmer:{b.pk}:{due}"
            text = f"{convention.title} — programmer une réunion : {display_name(b)}, due le {due:%d/%m/%Y}"
            link = _url("governance:bodies", convention.pk)
            yield b, Item(_late_key(key, due, today) if due < today else key, text, link, "secretariat", due)


def _has_secretariat(body: GoverningBody) -> bool:
    return bool(body.secretariat_party_id or body.secretaries.all())


@dataclass(frozen=True)
class Planned:
    """One reminder a run sends (or would send, in a dry run)."""

    user: object
    item: Item


def due(today: dt.date) -> tuple[list[Planned], dict[object, list[Item]]]:
    """What each person would be told today and was not yet: their points of the kinds they
    receive, not already recalled (a late one, not this week)."""
    items = collect(today)
    sent = {
        (user_id, key)
        for user_id, key in ReminderSent.objects.filter(user__in=list(items)).values_list("user_id", "key")
    }
    declined = dict(ReminderChoice.objects.filter(user__in=list(items)).values_list("user_id", "declined"))
    fresh: dict[object, list[Item]] = {}
    for user, user_items in items.items():
        mine = [
            i
            for i in {i.key: i for i in user_items}.values()
            if (user.pk, i.key) not in sent and i.kind not in declined.get(user.pk, ())
        ]
        if mine:
            fresh[user] = mine
    return [Planned(user, i) for user, found in fresh.items() for i in found], fresh


def send(today: dt.date, dry_run: bool = False) -> dict:
    """E-mail what each person was never told; returns counts, and in `liste` each reminder. A
    person without an address is counted, not recorded, so they get their reminders once they
    have one."""
    planned, fresh = due(today)
    stats = {"personnes": 0, "rappels": 0, "sans_adresse": 0, "echecs": 0, "liste": planned}
    for user, user_items in fresh.items():
        if not user.email:
            stats["sans_adresse"] += 1
            continue
        stats["personnes"] += 1
        stats["rappels"] += len(user_items)
        if dry_run:
            continue
        try:
            with transaction.atomic():
                # Recorded first, in the transaction: if the mail fails, nothing is recorded
                # and the next run tries again.
                ReminderSent.objects.bulk_create([ReminderSent(user=user, key=i.key) for i in user_items])
                send_mail(_subject(user_items), _body(user, user_items), None, [user.email])
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("Rappel non envoyé à %s : %s", user.email, exc)
            stats["echecs"] += 1
            stats["personnes"] -= 1
            stats["rappels"] -= len(user_items)
    return stats


def _subject(items: list[Item]) -> str:
    n = len(items)
    return f"Concorde — {n} rappel{'s' if n > 1 else ''} sur vos conventions"


def _body(user, items: list[Item]) -> str:
    lines = [
        f"Bonjour {user.get_full_name() or user.username},",
        "",
        "Voici ce qui demande votre attention dans Concorde :",
        "",
    ]
    for i in items:
        lines += [f"- {i.text}", f"  {i.link}"]
    lines += [
        "",
        "Chaque point n'est rappelé qu'une fois, sauf ce qui est en retard : rappelé chaque semaine jusqu'à ce qu'il soit fait.",
        f"Choisir les rappels que vous recevez : {_url('governance:reminder-choices')}",
        "— Concorde",
    ]
    return "\n".join(lines)
