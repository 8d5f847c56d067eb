"""Pilots as services: an action's pilot text read into its party's services, the names that
matched none listed for the party's coordination, and settling a name once for every action."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from concorde.lib.errors import DomainError
from concorde.territories import people
from concorde.territories.models import Organisation, Service, ServiceAlias, service_key
from concorde.territories.service_names import Directory

from .models import TAKING_PART, ActionPilot, Convention, ImportWarning, Party
from .tracking import touch

# Sent with `pilot` (an ActionPilot), the user ids `added` and `removed`, and `user`, when a
# coordination names or withdraws the people piloting its side of an action.
pilots_designated = Signal()


def read(pilot: ActionPilot, directory: Directory) -> list[Service]:
    """The services the pilot's text names among its party's (exact names, acronyms, settled
    names); the names that match none are left in `unsettled`. Nothing is saved."""
    reading = directory.read(pilot.service) if pilot.party_id else None
    pilot.unsettled = reading.unsettled if reading else []
    pilot.needs_settling = bool(pilot.unsettled)
    return reading.services if reading else []


def read_cell(pilot: ActionPilot, directory: Directory) -> None:
    """Read the pilot's text into its party's services, and save it."""
    found = read(pilot, directory)
    pilot.save()
    pilot.services.set(found)


def create_read(read_pilots: list[tuple[ActionPilot, list[Service]]]) -> None:
    """New pilots and the services `read` found for them, in bulk, with the history `read_cell`
    writes one pilot at a time: a creation record, then a change record listing the services."""
    if not read_pilots:
        return
    bulk_create_with_history([p for p, _ in read_pilots], ActionPilot)
    links = [ActionPilot.services.through(actionpilot=p, service=s) for p, found in read_pilots for s in found]
    if not links:
        return
    ActionPilot.services.through.objects.bulk_create(links)
    history = ActionPilot.history  # each access builds a manager: once
    matched = [p for p, found in read_pilots if found]
    changes = dict(zip(matched, history.bulk_history_create(matched, update=True, default_change_reason=None)))
    listed = history.model.services.model  # the services a history record lists
    listed.objects.bulk_create(
        [
            listed(history=changes[link.actionpilot], id=link.id, actionpilot=link.actionpilot, service=link.service)
            for link in links
        ]
    )


def subject(party_id: int, label: str) -> str:
    """The key tying a point to check to one unsettled name of one party."""
    return f"service:{party_id}:{service_key(label)}"[:200]


def warn_unsettled(convention: Convention) -> list[ImportWarning]:
    """One point to check per party and name no service matched, at the line of its first action."""
    found = (
        ActionPilot.objects.filter(action__convention=convention, action__archived_on__isnull=True, needs_settling=True)
        .select_related("party", "action")
        .order_by("action__order")
    )
    open_ = set(convention.import_warnings.filter(resolved_at__isnull=True).values_list("subject", flat=True))
    return ImportWarning.objects.bulk_create(unsettled_warnings(convention, found, open_))


def unsettled_warnings(convention: Convention, found, open_: set[str] = frozenset()) -> list[ImportWarning]:
    """The points to check (unsaved) for the unsettled names of these pilots, taken in the order
    of their actions, but those whose subject is in `open_` (already said)."""
    names: dict[tuple[int, str], dict] = {}
    for pilot in found:
        for u in pilot.unsettled:
            entry = names.setdefault(
                (pilot.party_id, service_key(u["label"])),
                {"label": u["label"], "party": pilot.party, "action": pilot.action, "count": 0},
            )
            entry["count"] += 1
    rows = []
    for (party_id, _), e in names.items():
        key = subject(party_id, e["label"])
        if key in open_:
            continue
        n = e["count"]
        rows.append(
            ImportWarning(
                convention=convention,
                subject=key,
                section="Services pilotes",
                line=e["action"].source_line,
                action=e["action"],
                axis_id=e["action"].axis_id,
                message=(
                    f"Service pilote « {e['label']} » ({e['party'].label}) : aucun service de {e['party'].organisation} "
                    f"ne porte ce nom ni ce sigle ({n} action{'s' if n > 1 else ''}). Le rattacher à un service, "
                    "le créer, ou dire que ce n'est pas un service."
                ),
            )
        )
    return rows


@dataclass
class UnsettledName:
    """A name of the documents that no service of the organisation bears yet."""

    label: str
    parent: int | None = None  # the direction the document writes it under, when known
    pilots: list[ActionPilot] = field(default_factory=list)

    @property
    def conventions(self) -> list[Convention]:
        seen = {}
        for p in self.pilots:
            seen.setdefault(p.action.convention_id, p.action.convention)
        return list(seen.values())


def unsettled_names(
    organisation: Organisation, convention: Convention | None = None, owners: set[int] | None = None
) -> list[UnsettledName]:
    """The organisation's unsettled names, most used first: in one convention; or in those its
    coordination sees (it takes part, or imported the draft); or, for a coordination acting for an
    organisation « hors Concorde », in the conventions of the importing organisations `owners`."""
    found = (
        ActionPilot.objects.filter(party__organisation=organisation, needs_settling=True)
        .exclude(party__consent=Party.Consent.REFUSED)
        .select_related("action__convention", "party")
        .order_by("action__convention_id", "action__order")
    )
    if convention is not None:
        found = found.filter(action__convention=convention)
    elif owners is not None:
        found = found.filter(action__convention__owner_id__in=owners)
    else:
        found = found.filter(
            Q(action__convention__owner=organisation)
            | (~Q(action__convention__status=Convention.Status.DRAFT) & Q(party__consent__in=TAKING_PART))
        )
    names: dict[str, UnsettledName] = {}
    for pilot in found:
        for u in pilot.unsettled:
            entry = names.setdefault(service_key(u["label"]), UnsettledName(u["label"], u.get("parent")))
            entry.pilots.append(pilot)
    return sorted(names.values(), key=lambda n: (-len(n.pilots), n.label.lower()))


@transaction.atomic
def settle(
    organisation: Organisation,
    label: str,
    user,
    *,
    service: Service | None = None,
    new_name: str = "",
    new_acronym: str = "",
    new_parent: Service | None = None,
    ignore: bool = False,
    owners: set[int] | None = None,
) -> int:
    """Say once what a document's name designates — an existing service, a new one, or no service —
    for every action that writes it and every later import; returns how many pilots changed.
    `owners`: a coordination acting for an organisation « hors Concorde » settles only the pilots of
    the conventions these organisations imported, and teaches no name to later imports (its
    choice is not the organisation's)."""
    key = service_key(label)
    if not key:
        raise DomainError("Nom de service vide.")
    if sum(bool(x) for x in (service, new_name.strip(), ignore)) != 1:
        raise DomainError("Choisir un service existant, en créer un, ou dire que ce n'est pas un service.")
    if service is not None and service.organisation_id != organisation.pk:
        raise DomainError("Ce service n'appartient pas à cette organisation.")
    if new_name.strip():
        service = people.save_service(
            Service(organisation=organisation), name=new_name, acronym=new_acronym, parent=new_parent
        )
    if owners is None and (service is None or key not in (service_key(service.name), service_key(service.acronym))):
        ServiceAlias.objects.update_or_create(
            organisation=organisation, key=key, defaults={"label": label[:200], "service": service, "created_by": user}
        )
    changed = 0
    conventions = set()
    found = ActionPilot.objects.select_for_update().filter(party__organisation=organisation, needs_settling=True)
    if owners is not None:
        found = found.filter(action__convention__owner_id__in=owners)
    for pilot in found.select_related("action"):
        kept = [u for u in pilot.unsettled if service_key(u["label"]) != key]
        if len(kept) == len(pilot.unsettled):
            continue
        pilot.unsettled = kept
        pilot._history_user = user
        pilot.save()
        if service is not None:
            pilot.services.add(service)
        changed += 1
        conventions.add(pilot.action.convention_id)
    keys = [subject(p, label) for p in Party.objects.filter(organisation=organisation).values_list("pk", flat=True)]
    ImportWarning.objects.filter(subject__in=keys, resolved_at__isnull=True, convention_id__in=conventions).update(
        resolved_by=user, resolved_at=timezone.now()
    )
    _touch(conventions)
    return changed


@transaction.atomic
def designate(pilot_action, party: Party, services, users, user) -> ActionPilot | None:
    """A party's coordination names the services and people piloting its side of an action; the
    document's pilot text stays beside them."""
    if any(s.organisation_id != party.organisation_id for s in services):
        raise DomainError("Les services pilotes d'une partie sont les siens.")
    pilot = ActionPilot.objects.select_for_update().filter(action=pilot_action, party=party).first()
    if pilot is None:
        if not services and not users:
            return None
        pilot = ActionPilot.objects.create(action=pilot_action, party=party, party_label=party.label)
    pilot._history_user = user
    pilot.save()
    before = set(pilot.users.values_list("pk", flat=True))
    pilot.services.set(services)
    pilot.users.set(users)
    after = {u.pk for u in users}
    if before != after:
        pilots_designated.send(sender=ActionPilot, pilot=pilot, added=after - before, removed=before - after, user=user)
    _touch({pilot_action.convention_id})
    return pilot


def _touch(convention_ids) -> None:
    for pk in sorted(convention_ids):
        touch(pk)
