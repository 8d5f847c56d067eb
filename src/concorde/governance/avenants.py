"""Avenants: the only way a validated convention changes. A change set is drafted by the
coordinations, approved at a held comité de pilotage, adopted by each party's assembly; when
the last party adopts it, the changes apply in one transaction and a new version is frozen."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from concorde.conventions import policy, services
from concorde.conventions.lifecycle import span
from concorde.conventions.models import Action, Axis, Convention, Document, Party, Version
from concorde.conventions.tracking import refresh_progress
from concorde.deliberations.models import Deliberation
from concorde.lib import identifiers
from concorde.lib.errors import DomainError

from . import legal
from .models import Avenant, AvenantAdoption, Decision, GoverningBody, Meeting
from .services import quorum_met as services_quorum

ACTION_FIELDS = {
    "title": "titre",
    "deadline_text": "délai de mise en œuvre",
    "budget_text": "budget estimé",
    "partners_text": "partenaires mobilisés",
}
# The clauses of time an avenant may change: each amount with the field of its unit (None: a count).
TERM_FIELDS = {
    "duration": ("durée", "duration_unit"),
    "tacit_renewal_times": ("reconductions tacites (nombre)", None),
    "renewal_duration": ("durée d'une reconduction", "renewal_unit"),
    "notice": ("préavis de dénonciation", "notice_unit"),
    "breach_delay": ("délai de résiliation pour manquement", "breach_unit"),
}


def _require(user, convention: Convention) -> list[Party]:
    parties = [] if convention.is_draft else policy.coordinated_parties(user, convention)
    if not parties:
        raise DomainError("Seule la coordination d'une des parties prépare et fait adopter les avenants.")
    return parties


def _draft(avenant: Avenant, user) -> None:
    _require(user, avenant.convention)
    if avenant.status != Avenant.Status.DRAFT:
        raise DomainError("Un avenant approuvé ne se modifie plus : en préparer un nouveau.")


def create(convention: Convention, user, title: str) -> Avenant:
    _require(user, convention)
    with transaction.atomic():
        last = Convention.objects.select_for_update().filter(pk=convention.pk).aggregate(n=Max("avenants__number"))["n"]
        avenant = Avenant(convention=convention, number=(last or 0) + 1, title=title, created_by=user)
        avenant._history_user = user
        avenant.save()
    return avenant


def _action(convention: Convention, action_id) -> Action:
    try:
        return convention.actions.get(pk=action_id)
    except (Action.DoesNotExist, ValueError, TypeError):
        gone = (
            Action.all_objects.filter(pk=action_id, convention=convention).first() if str(action_id).isdigit() else None
        )
        if gone is not None:
            raise DomainError(
                f"L'action « {gone} » a été retirée par un avenant ({gone.archived_reason}) : "
                "cette modification ne peut plus s'appliquer."
            ) from None
        raise DomainError("Cette action n'appartient pas à la convention.") from None


def _pending_elsewhere(avenant: Avenant, action_id: int) -> Avenant | None:
    """Another avenant not yet in force that already changes or removes this action: two of them
    would otherwise contradict each other, and the second could never apply."""
    return pending_for(avenant.convention, action_id, besides=avenant)


def pending_for(convention: Convention, action_id: int, besides: Avenant | None = None) -> Avenant | None:
    """The avenant not yet in force (other than `besides`) that changes or removes this action."""
    pending = convention.avenants.filter(status__in=(Avenant.Status.DRAFT, Avenant.Status.APPROVED))
    if besides is not None:
        pending = pending.exclude(pk=besides.pk)
    for other in pending:
        if any(c.get("action") == action_id for c in other.changes):
            return other
    return None


def describe(convention: Convention, change: dict) -> str:
    """A change in words, for the page, the dossier and the version's reason."""
    op = change["op"]
    if op == "add_action":
        axis = convention.axes.filter(pk=change["axis"]).first()
        return f"Ajout de l'action {change.get('number') or ''} « {change['title']} » à l'axe {axis.number if axis else '?'}".replace(
            "  ", " "
        )
    if op == "remove_action":
        return f"Retrait de l'action « {change['label']} »"
    if op == "change_action":
        fields = ", ".join(f"{ACTION_FIELDS[k]} : « {v} »" for k, v in change["fields"].items())
        return f"Modification de l'action « {change['label']} » — {fields}"
    fields = change["fields"]
    return "Modification de la durée — " + ", ".join(
        f"{label} : {span(fields[k], fields.get(unit)) if unit else fields[k]}"
        for k, (label, unit) in TERM_FIELDS.items()
        if k in fields
    )


def add_change(avenant: Avenant, user, change: dict) -> None:
    """Check one change against the convention as it stands, then append it."""
    _draft(avenant, user)
    convention = avenant.convention
    op = change.get("op")
    if op == "add_action":
        if not convention.axes.filter(pk=change.get("axis")).exists():
            raise DomainError("Choisir l'axe de la convention où ajouter l'action.")
        if not (change.get("title") or "").strip():
            raise DomainError("L'action ajoutée a besoin d'un titre.")
        change = {
            "op": op,
            "axis": int(change["axis"]),
            "number": (change.get("number") or "").strip(),
            "title": change["title"].strip(),
        }
    elif op in ("change_action", "remove_action"):
        action = _action(convention, change.get("action"))
        if other := _pending_elsewhere(avenant, action.pk):
            raise DomainError(
                f"L'avenant n° {other.number} modifie déjà l'action « {action} » : le mener à son terme, "
                "ou y retirer cette modification, avant d'en prévoir une autre."
            )
        fields = {k: v for k, v in (change.get("fields") or {}).items() if k in ACTION_FIELDS and v not in ("", None)}
        if op == "change_action" and not fields:
            raise DomainError("Indiquer au moins un champ modifié de l'action.")
        change = {"op": op, "action": action.pk, "label": f"{action.number} {action.title}".strip(), "fields": fields}
    elif op == "set_term":
        given = change.get("fields") or {}
        fields = {k: int(given[k]) for k in TERM_FIELDS if given.get(k) not in ("", None)}
        if not fields:
            raise DomainError("Indiquer au moins une clause de durée modifiée.")
        if any(v < 0 or v > 999 for v in fields.values()):
            raise DomainError("Une durée ou un délai s'exprime entre 0 et 999.")
        if any(fields.get(k) == 0 for k, (_, unit) in TERM_FIELDS.items() if unit):
            raise DomainError("Une durée ou un délai est d'au moins 1 (0 ne vaut que pour le nombre de reconductions).")
        for k, (label, unit) in TERM_FIELDS.items():
            if unit and k in fields:
                if given.get(unit) not in Convention.Unit.values:
                    raise DomainError(f"Préciser l'unité ({label}) : ans, mois ou jours.")
                fields[unit] = given[unit]
        change = {"op": op, "fields": fields}
    else:
        raise DomainError("Modification inconnue.")
    avenant.changes = [*avenant.changes, change]
    avenant._history_user = user
    avenant.save()


def remove_change(avenant: Avenant, user, index: int) -> None:
    _draft(avenant, user)
    if not 0 <= index < len(avenant.changes):
        raise DomainError("Cette modification n'existe pas.")
    avenant.changes = avenant.changes[:index] + avenant.changes[index + 1 :]
    avenant._history_user = user
    avenant.save()


def approve(avenant: Avenant, user, meeting: Meeting) -> None:
    """The comité de pilotage approved the avenant at a meeting it held."""
    _draft(avenant, user)
    if not avenant.changes:
        raise DomainError("Un avenant sans modification n'a rien à approuver.")
    if (
        meeting.body.convention_id != avenant.convention_id
        or meeting.body.kind != GoverningBody.Kind.STEERING
        or meeting.status != Meeting.Status.HELD
    ):
        raise DomainError("L'avenant s'approuve lors d'une réunion tenue du comité de pilotage de la convention.")
    if services_quorum(meeting) is False:
        raise DomainError("Le quorum n'était pas atteint à cette réunion : elle ne pouvait pas approuver l'avenant.")
    drafted = timezone.localdate(avenant.created_at)
    if meeting.date < drafted:
        raise DomainError(
            f"Le comité de pilotage du {meeting.date:%d/%m/%Y} s'est tenu avant que l'avenant soit préparé "
            f"(le {drafted:%d/%m/%Y}) : l'approuver lors d'une réunion tenue depuis."
        )
    with transaction.atomic():
        avenant.status, avenant.approved_at = Avenant.Status.APPROVED, meeting
        avenant._history_user = user
        avenant.save()
        # the approval is one of that meeting's decisions, in its minutes and its dossier
        Decision.objects.create(
            meeting=meeting,
            avenant=avenant,
            text=f"Approbation de l'avenant n° {avenant.number} — {avenant.title}",
            recorded_by=user,
        )


def abandon(avenant: Avenant, user, reason: str) -> None:
    """Give the avenant up before it comes into force: an assembly voted against it, or the
    parties no longer want it. It stays listed with its reason; the actions it changed are free
    for another avenant."""
    _require(user, avenant.convention)
    if avenant.status not in (Avenant.Status.DRAFT, Avenant.Status.APPROVED):
        raise DomainError(
            "Un avenant en vigueur ne s'abandonne pas : un nouvel avenant revient sur ses modifications."
            if avenant.status == Avenant.Status.IN_FORCE
            else "Cet avenant est déjà abandonné."
        )
    if not reason.strip():
        raise DomainError("Indiquer pourquoi l'avenant est abandonné (un vote contraire, un autre choix des parties…).")
    avenant.status = Avenant.Status.ABANDONED
    avenant.abandoned_on, avenant.abandoned_reason, avenant.abandoned_by = timezone.localdate(), reason.strip(), user
    avenant._history_user = user
    avenant.save()


def approvable_meetings(avenant: Avenant):
    """The held comités de pilotage of the convention since the avenant was prepared, that could
    decide (their quorum reached, when there is one)."""
    held = Meeting.objects.filter(
        body__convention_id=avenant.convention_id,
        body__kind=GoverningBody.Kind.STEERING,
        status=Meeting.Status.HELD,
        date__gte=timezone.localdate(avenant.created_at),
    ).select_related("body")
    return held.filter(pk__in=[m.pk for m in held if services_quorum(m) is not False])


def adopt(avenant: Avenant, user, *, party: Party, date: dt.date, act_number: str, transmission_id: str = "") -> bool:
    """One party's assembly adopted the avenant. Returns True when that was the last one and
    the avenant came into force."""
    convention = avenant.convention
    if party not in _require(user, convention):
        raise DomainError(f"Seule la coordination de {party.label} enregistre la délibération de son assemblée.")
    if avenant.status != Avenant.Status.APPROVED:
        raise DomainError("L'avenant est d'abord approuvé en comité de pilotage, puis adopté par les assemblées.")
    if date > timezone.localdate():
        raise DomainError(f"Une adoption ne peut être datée d'un jour à venir ({date:%d/%m/%Y}).")
    if avenant.approved_at.date > date:
        raise DomainError("L'assemblée ne peut adopter l'avenant avant son approbation en comité de pilotage.")
    if not act_number.strip():
        raise DomainError("Indiquer le numéro de la délibération qui adopte l'avenant.")
    transmission_id = transmission_id.strip()
    problems = identifiers.problems(
        transmission_id, siren=party.organisation.siren, date=date, natures=("DE",), who=party.label
    )
    if problems:
        raise DomainError(" ; ".join(problems) + ".")
    with transaction.atomic():
        locked = Avenant.objects.select_for_update().get(pk=avenant.pk)
        if locked.adoptions.filter(party=party).exists():
            raise DomainError(f"L'adoption par {party.label} est déjà enregistrée.")
        deliberation = Deliberation.objects.create(
            convention=convention,
            organisation=party.organisation,
            date=date,
            act_number=act_number,
            transmission_id=transmission_id,
            subject=f"Adoption de l'avenant n° {avenant.number} — {avenant.title}",
        )
        AvenantAdoption.objects.create(avenant=locked, party=party, deliberation=deliberation)
        if locked.adoptions.count() < convention.parties.count():
            return False
        _apply(locked, user)
        avenant.status, avenant.version = locked.status, locked.version
        return True


def attach_signed(avenant: Avenant, user, upload) -> Document:
    """The avenant as signed, kept as a document of the convention (PDF, checked by the form)."""
    _require(user, avenant.convention)
    if avenant.status != Avenant.Status.IN_FORCE:
        raise DomainError("L'avenant se signe une fois adopté par chaque assemblée : le déposer alors.")
    data = upload.read()
    checksum = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        document = Document(
            convention=avenant.convention,
            role=Document.Role.AVENANT,
            original_name=(upload.name or f"avenant-{avenant.number}.pdf")[:255],
            checksum=checksum,
            size=len(data),
            format="pdf",
            uploaded_by=user,
        )
        document.file.save(f"avenant-{avenant.number}.pdf", ContentFile(data), save=False)
        document.save()
        replaced = avenant.signed_document
        avenant.signed_document = document
        avenant._history_user = user
        avenant.save()
        if replaced is not None:  # the new file replaces it, on the portal too
            replaced.file.delete(save=False)
            replaced.delete()
    return document


def archive(action: Action, user, reason: str) -> None:
    """An action the avenant removes leaves the plan, with all its sub-actions: kept, with its
    history, its tracking and the decisions that concerned it, as « retirée ».
    An update of the manager's rows, not a delete: nothing points at a row that is gone."""
    today = timezone.localdate()
    items, level = [action], [action]
    while level:  # its sub-actions at every depth
        level = list(Action.objects.filter(parent__in=level))
        items += level
    for item in items:
        item.archived_on, item.archived_reason = today, reason[:300]
        item._history_user = user
        item.save(update_fields=["archived_on", "archived_reason", "updated_at"])


def _apply(avenant: Avenant, user) -> None:
    """Every party adopted: the changes apply, and the new state is frozen as a version."""
    convention = Convention.objects.select_for_update().get(pk=avenant.convention_id)
    for change in avenant.changes:
        op = change["op"]
        if op == "add_action":
            axis = Axis.objects.get(pk=change["axis"], convention=convention)
            order = (convention.actions.aggregate(n=Max("order"))["n"] or 0) + 1
            Action.objects.create(
                convention=convention, axis=axis, number=change["number"], title=change["title"], order=order
            )
        elif op == "change_action":
            action = _action(convention, change["action"])
            for name, value in change["fields"].items():
                setattr(action, name, value)
            action._history_user = user
            action.save()
        elif op == "remove_action":
            archive(_action(convention, change["action"]), user, f"Avenant n° {avenant.number} — {avenant.title}")
        elif op == "set_term":
            for name, value in change["fields"].items():
                setattr(convention, name, value)
            convention.save(update_fields=list(change["fields"]))
            legal.refresh(convention)  # a new term or notice moves the end
    number = (convention.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = Version.objects.create(
        convention=convention,
        number=number,
        snapshot=services.snapshot(convention),
        reason=f"Avenant n° {avenant.number} — {avenant.title}"[:300],
        created_by=user,
    )
    avenant.status, avenant.version = Avenant.Status.IN_FORCE, version
    avenant._history_user = user
    avenant.save()
    refresh_progress(convention.pk)
