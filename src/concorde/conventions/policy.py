"""Who may see and do what. One module, so the rules can be read and tested in one place."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from concorde.territories import rules
from concorde.territories.models import Membership, Organisation

from .models import TAKING_PART, Action, Convention, Measurement, Party, Update


def organisation_ids(user, roles: tuple[str, ...] | None = None) -> set[int]:
    """The organisations the user is a member of (with one of these roles). Written in SQL:
    nearly every page asks it, and building it through the ORM cost more than running it."""
    if not user.is_authenticated:
        return set()
    sql, params = f"SELECT organisation_id FROM {Membership._meta.db_table} WHERE user_id = %s", [user.pk]
    if roles:
        sql += f" AND role IN ({', '.join(['%s'] * len(roles))})"
        params += list(roles)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def published_conventions() -> QuerySet[Convention]:
    """The one gate of every public page, file, feed and search: published, never a draft."""
    return Convention.objects.filter(is_public=True).exclude(status=Convention.Status.DRAFT)


def visible_conventions(user) -> QuerySet[Convention]:
    """Drafts: the importing organisation only. Otherwise: the members of the parties that take
    part — an organisation named by another's import sees it once it has accepted."""
    if not user.is_authenticated:
        return Convention.objects.none()
    if user.is_superuser:
        return Convention.objects.all()
    orgs = organisation_ids(user)
    party_of = Party.objects.filter(organisation_id__in=orgs, consent__in=TAKING_PART).values("convention_id")
    return Convention.objects.filter(
        Q(status=Convention.Status.DRAFT, owner_id__in=orgs)
        | (~Q(status=Convention.Status.DRAFT) & (Q(id__in=party_of) | Q(owner_id__in=orgs)))
    )


def can_view(user, convention: Convention) -> bool:
    """Same rule as visible_conventions, for one convention (one query)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    mine = Membership.objects.filter(user=user)
    if convention.is_draft:
        return mine.filter(organisation_id=convention.owner_id).exists()
    return mine.filter(
        Q(organisation_id=convention.owner_id)
        | Q(organisation__parties__convention=convention, organisation__parties__consent__in=TAKING_PART)
    ).exists()


def invited_party(user, convention: Convention) -> Party | None:
    """The party this user's coordination is asked to accept or refuse: it reads the convention
    to decide, and nothing else of it until it accepts."""
    if convention.is_draft or not user.is_authenticated:
        return None
    orgs = organisation_ids(user, (Membership.Role.COORDINATION,))
    return next(
        (p for p in convention.parties.all() if p.consent == Party.Consent.PENDING and p.organisation_id in orgs), None
    )


def invitations_for(user) -> QuerySet[Party]:
    """Parties awaiting the answer of one of the user's coordinations."""
    return (
        Party.objects.filter(
            organisation_id__in=organisation_ids(user, (Membership.Role.COORDINATION,)), consent=Party.Consent.PENDING
        )
        .exclude(convention__status=Convention.Status.DRAFT)
        .select_related("convention__owner", "organisation")
    )


def awaiting_coordination(user) -> QuerySet[Party]:
    """Parties of the user's organisations awaiting an answer their coordination must give (told to
    members who cannot answer, so that they know why the convention is not theirs yet)."""
    orgs = organisation_ids(user) - organisation_ids(user, (Membership.Role.COORDINATION,))
    return (
        Party.objects.filter(organisation_id__in=orgs, consent=Party.Consent.PENDING)
        .exclude(convention__status=Convention.Status.DRAFT)
        .select_related("convention__owner", "organisation")
    )


def can_invite_again(user, party: Party) -> bool:
    """After a refusal, the importing organisation's coordination may ask again."""
    return party.consent == Party.Consent.REFUSED and _coordinates_owner(user, party.convention)


def _coordinates_owner(user, convention: Convention) -> bool:
    return not convention.is_draft and (
        getattr(user, "is_superuser", False) or rules.coordinates(user, convention.owner_id)
    )


def can_settle_for(user, organisation: Organisation) -> bool:
    """Who says which of an organisation's services a pilot name designates: its coordination; for an
    organisation with nobody on the instance, the coordination that imported a convention naming it,
    for that convention's pilots only (see settling_owners)."""
    return rules.can_manage_people(user, organisation) or bool(settling_owners(user, organisation))


def settling_owners(user, organisation: Organisation) -> set[int] | None:
    """None for the organisation's own coordination (it settles its names everywhere); else the
    importing organisations whose conventions' pilots the user settles for it (empty: none)."""
    if rules.can_manage_people(user, organisation):
        return None
    if not user.is_authenticated or rules.has_members(organisation.pk):
        return set()
    mine = organisation_ids(user, (Membership.Role.COORDINATION,))
    return set(
        Party.objects.filter(organisation=organisation, convention__owner_id__in=mine).values_list(
            "convention__owner_id", flat=True
        )
    )


def viewable_validated(user, pk: int) -> Convention | None:
    """The validated (not draft) convention `pk` if the user may read it, else None: the rule
    of can_view in one query, for the pages read most. Written in SQL: building it through
    the ORM costs more than running it (about 1 ms a request, a fifth of a cached dashboard)."""
    if not user.is_authenticated:
        return None
    found = list(
        Convention.objects.raw(
            _VIEWABLE_SQL.format(
                convention=Convention._meta.db_table, membership=Membership._meta.db_table, party=Party._meta.db_table
            ),
            [pk, Convention.Status.DRAFT, bool(user.is_superuser), user.pk, *TAKING_PART],
        )
    )
    return found[0] if found else None


_VIEWABLE_SQL = """SELECT c.* FROM {convention} c WHERE c.id = %s AND c.status <> %s AND (%s OR EXISTS (
    SELECT 1 FROM {membership} m WHERE m.user_id = %s AND (m.organisation_id = c.owner_id OR EXISTS (
        SELECT 1 FROM {party} p WHERE p.convention_id = c.id AND p.organisation_id = m.organisation_id
        AND p.consent IN (%s, %s)))))"""


def can_import(user) -> bool:
    """Coordination of an organisation imports conventions for it."""
    return bool(organisation_ids(user, (Membership.Role.COORDINATION,))) or bool(getattr(user, "is_superuser", False))


def import_organisations(user):
    if user.is_superuser and not organisation_ids(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(id__in=organisation_ids(user, (Membership.Role.COORDINATION,)))


def can_review(user, convention: Convention) -> bool:
    """A draft is corrected and validated by the importing organisation's coordination."""
    if not convention.is_draft or not user.is_authenticated:
        return False
    return user.is_superuser or convention.owner_id in organisation_ids(user, (Membership.Role.COORDINATION,))


# --- Tracking: who writes which side of an action -------------------------------------


def party_roles(user, convention: Convention) -> list[tuple[Party, Membership]]:
    """(party, membership) for each party of the convention the user acts for: their own
    organisations' parties that take part, and — for the importing organisation's coordination —
    the parties « hors Concorde »."""
    if not user.is_authenticated:
        return []
    members = {m.organisation_id: m for m in Membership.objects.filter(user=user)}
    parties = list(convention.parties.all())
    out = [(p, members[p.organisation_id]) for p in parties if p.takes_part and p.organisation_id in members]
    owner = members.get(convention.owner_id)
    if owner is not None and owner.role == Membership.Role.COORDINATION:
        out += [(p, owner) for p in parties if p.is_outside and p.organisation_id not in members]
    return out


def pilots(membership: Membership, action: Action, party: Party) -> bool:
    """A pilot writes the actions their service (or a service beneath it) pilots for their party,
    and those they are named on. Services are records: no name is compared with a text."""
    if membership.role != Membership.Role.PILOT:
        return False
    if not hasattr(membership, "covered_services"):
        membership.covered_services = rules.services_within(membership.service_id)
    for pilot in action.pilots.all():
        if pilot.party_id != party.id:
            continue
        if membership.user_id in {u.id for u in pilot.users.all()}:
            return True
        if membership.covered_services & {s.id for s in pilot.services.all()}:
            return True
    return False


def writable_parties(user, action: Action, roles=None) -> list[Party]:
    """The parties whose side of this action the user may write (updates, measurements)."""
    if getattr(user, "is_superuser", False):
        return list(action.convention.parties.all())
    out = []
    for party, membership in roles if roles is not None else party_roles(user, action.convention):
        if membership.role == Membership.Role.COORDINATION or pilots(membership, action, party):
            out.append(party)
    return out


def can_track(user, action: Action, roles=None) -> bool:
    """Status, progress and dates: the coordination of either party, or a pilot of the action."""
    return bool(writable_parties(user, action, roles)) and not action.convention.is_draft


def can_review_measurement(user, measurement: Measurement) -> bool:
    """The other party's coordination validates or disputes a measurement."""
    if getattr(user, "is_superuser", False):
        return True
    convention = measurement.indicator.action.convention
    return any(
        m.role == Membership.Role.COORDINATION and p.id != measurement.party_id
        for p, m in party_roles(user, convention)
    )


def can_manage_update(user, update: Update) -> bool:
    """Its author, or the coordination of its party, hides or restores an update."""
    if getattr(user, "is_superuser", False) or update.author_id == user.id:
        return True
    return any(
        m.role == Membership.Role.COORDINATION and p.id == update.party_id
        for p, m in party_roles(user, update.action.convention)
    )


def coordinated_parties(user, convention: Convention, roles=None) -> list[Party]:
    """The parties whose coordination the user is: they name their side's pilots and keep
    the indicators' targets."""
    if getattr(user, "is_superuser", False):
        return list(convention.parties.all())
    return [
        p
        for p, m in (roles if roles is not None else party_roles(user, convention))
        if m.role == Membership.Role.COORDINATION
    ]


def can_complete_deliberation(user, deliberation) -> bool:
    """The coordination of the organisation that deliberated (of any party when it is not known)
    completes its matière, @ctes identifier and acknowledgement."""
    if deliberation.convention.is_draft:
        return False
    parties = coordinated_parties(user, deliberation.convention)
    if deliberation.organisation_id is None:
        return bool(parties)
    return any(p.organisation_id == deliberation.organisation_id for p in parties)
