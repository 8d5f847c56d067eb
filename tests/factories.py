"""Test data built with the ORM, in the shapes the importer and the domain services give it: the
tests of dashboards, governance, policy and pages get a normal validated convention without
running the parser (a parser change then breaks the importer's tests, not these).

Plain functions with keyword defaults. The one convention most tests use, `demo_convention`,
has the plan of the demo document (src/concorde/demo/convention-demo.md) as the importer
reads it: two parties, two axes, five actions and two sub-actions' parent, pilots read into
services (the names no service matched left to settle, each with its point to check), the
commitments, indicators with their targets, a comité de pilotage and a comité technique, the
evaluation criteria and clauses of term, and its source document. Validation and consent go
through the domain (`services.validate`, `consent.accept`), so that versions, consent,
progress and the materialised dashboard's data version are what a real validation leaves."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from concorde.conventions import consent, tracking
from concorde.conventions import services as convention_services
from concorde.conventions.models import (
    Action,
    ActionPilot,
    Axis,
    Commitment,
    Convention,
    Document,
    EvaluationCriterion,
    ImportWarning,
    Indicator,
    Party,
)
from concorde.governance.models import (
    Avenant,
    Evaluation,
    FollowUp,
    GoverningBody,
    Meeting,
)
from concorde.territories.models import (
    Membership,
    Organisation,
    Service,
    name_key,
    service_key,
)

PASSWORD = "motdepasse-test"
PARIS, MONTCLAIR = "Ville de Paris", "Commune de Montclair-sur-Marne"
NOWHERE = "Commune de Nulle-Part"


# --- Organisations and people ----------------------------------------------------------------


def organisation(name: str = PARIS, kind: str = Organisation.Kind.OTHER, **fields) -> Organisation:
    """The organisation of that name, made once (as the importer names the parties it reads)."""
    found = Organisation.objects.filter(name_key=name_key(name)).first()
    return found or Organisation.objects.create(name=name, kind=kind, **fields)


def service(organisation: Organisation, name: str, parent: Service | None = None) -> Service:
    """The organisation's service of that name (its acronym when the name is one), made once."""
    found = Service.objects.filter(organisation=organisation, name_key=service_key(name)).first()
    return found or Service.objects.create(
        organisation=organisation, name=name, parent=parent, acronym=name if name.isupper() and len(name) <= 10 else ""
    )


def user(username: str, *, email: str = "", superuser: bool = False, **fields):
    users = get_user_model().objects
    if superuser:
        return users.create_superuser(username, email or f"{username}@example.org", PASSWORD, **fields)
    return users.create_user(username=username, password=PASSWORD, email=email, **fields)


def member(
    username: str,
    organisation_name: str = PARIS,
    role: str = Membership.Role.COORDINATION,
    service_name: str = "",
    *,
    kind: str = Organisation.Kind.OTHER,
    email: str = "",
):
    """A person acting for an organisation with a role (and, for a pilot, in a service)."""
    org = organisation(organisation_name, kind)
    person = user(username, email=email)
    Membership.objects.create(
        user=person, organisation=org, role=role, service=service(org, service_name) if service_name else None
    )
    return person


def people() -> dict:
    """Both parties' coordinations and pilots, a reader of Paris, a third organisation's
    coordination and an administrator — the cast of the dashboard and governance tests."""
    return {
        "paris_coord": member("paris_coord", PARIS, Membership.Role.COORDINATION),
        "paris_pilot": member("paris_pilot", PARIS, Membership.Role.PILOT, "DPE"),
        "paris_reader": member("paris_reader", PARIS, Membership.Role.READER),
        "montclair_coord": member("montclair_coord", MONTCLAIR, Membership.Role.COORDINATION),
        "montclair_pilot": member("montclair_pilot", MONTCLAIR, Membership.Role.PILOT, "DST"),
        "outsider": member("outsider", NOWHERE, Membership.Role.COORDINATION),
        "admin": user("admin", email="a@example.org", superuser=True),
    }


# --- Plans -----------------------------------------------------------------------------------


@dataclass
class Pilot:
    """One party's pilot cell: the document's text, the services it names (linked, made if the
    organisation has none of that name) and the names no service bears (left to settle)."""

    party: str  # the label the table gives the party (« Paris »)
    text: str
    services: tuple[str, ...] = ()
    unsettled: tuple[str, ...] = ()


@dataclass
class ActionPlan:
    number: str
    title: str
    deadline: str = ""
    budget: str = ""
    amount: int | None = None
    partners: str = ""
    indicators_text: str = ""
    indicators: tuple[tuple[str, int | None], ...] = ()
    commitments: tuple[str, ...] = ()
    pilots: tuple[Pilot, ...] = ()
    children: tuple[ActionPlan, ...] = ()
    line: int | None = None


@dataclass
class AxisPlan:
    number: str
    title: str
    actions: tuple[ActionPlan, ...] = ()
    line: int | None = None


@dataclass
class BodyPlan:
    kind: str
    label: str
    members: str = ""
    per_year: int | None = None
    duties: tuple[str, ...] = ()
    line: int | None = None


@dataclass
class Plan:
    title: str
    parties: tuple[tuple[str, str], ...]  # (label, represented by)
    axes: tuple[AxisPlan, ...]
    bodies: tuple[BodyPlan, ...] = ()
    criteria: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    terms: dict = field(default_factory=dict)


def _paris_montclair(
    paris: str, montclair: str, paris_services=(), montclair_services=(), paris_unsettled=(), montclair_unsettled=()
) -> tuple[Pilot, Pilot]:
    return (
        Pilot("Paris", paris, tuple(paris_services), tuple(paris_unsettled)),
        Pilot("Montclair-sur-Marne", montclair, tuple(montclair_services), tuple(montclair_unsettled)),
    )


DEMO = Plan(
    title="Convention de coopération 2025-2029",
    parties=((PARIS, "Madame la Maire"), (MONTCLAIR, "Monsieur le Maire")),
    axes=(
        AxisPlan(
            "1",
            "Partager l'eau et les berges",
            line=26,
            actions=(
                ActionPlan(
                    "n°1",
                    "Ouvrir un site de baignade surveillé à Montclair-sur-Marne",
                    line=30,
                    deadline="Été 2026",
                    budget="120 000 €",
                    amount=120_000,
                    partners="Agence régionale de santé, syndicat de rivière",
                    indicators_text="Nombre de jours de baignade ouverts (60 comme cible) ; Analyses conformes publiées",
                    indicators=(("Nombre de jours de baignade ouverts", 60), ("Analyses conformes publiées", None)),
                    commitments=(
                        "mettre en commun les analyses de qualité de l'eau de la saison ;",
                        "former ensemble les équipes de surveillance de baignade ;",
                        "informer les habitants des deux territoires des jours d'ouverture.",
                    ),
                    pilots=_paris_montclair(
                        "DPE", "DST – Service des eaux", ["DPE"], ["DST"], [], ["Service des eaux"]
                    ),
                ),
                ActionPlan(
                    "n°2",
                    "Aménager la promenade des berges",
                    line=46,
                    children=(
                        ActionPlan(
                            "2.1",
                            "Relier les deux tronçons de la promenade",
                            line=48,
                            deadline="2027",
                            budget="450 000 €",
                            amount=450_000,
                            partners="Voies navigables de France",
                            indicators_text="Linéaire de promenade continue créé",
                            indicators=(("Linéaire de promenade continue créé", None),),
                            pilots=_paris_montclair("DVD", "DST", [], ["DST"], ["DVD"], []),
                        ),
                        ActionPlan(
                            "2.2",
                            "Planter des arbres le long des berges",
                            line=56,
                            deadline="2025-2028",
                            budget="Mobilisation des ressources courantes",
                            partners="Associations de quartier",
                            indicators_text="Nombre d'arbres plantés (300 comme cible)",
                            indicators=(("Nombre d'arbres plantés", 300),),
                            pilots=_paris_montclair(
                                "DEVE", "DST – Espaces verts", [], ["DST"], ["DEVE"], ["Espaces verts"]
                            ),
                        ),
                    ),
                ),
            ),
        ),
        AxisPlan(
            "2",
            "Rapprocher les habitants par la culture et le sport",
            line=64,
            actions=(
                ActionPlan(
                    "n°3",
                    "Organiser une course annuelle entre les deux villes",
                    line=66,
                    deadline="Première édition au printemps 2026",
                    budget="15 000 € par an",
                    partners="Clubs sportifs locaux",
                    indicators_text="Nombre de participants (800 comme cible)",
                    indicators=(("Nombre de participants", 800),),
                    commitments=(
                        "fixer chaque année une date commune avant le mois de mars ;",
                        "ouvrir les inscriptions aux clubs des deux territoires.",
                    ),
                    pilots=_paris_montclair("DJS", "Service des sports", [], [], ["DJS"], ["Service des sports"]),
                ),
                ActionPlan(
                    "n°4",
                    "Faire circuler les expositions des médiathèques",
                    line=79,
                    deadline="Dès la signature",
                    budget="Mobilisation des ressources courantes",
                    indicators_text="Nombre d'expositions accueillies",
                    indicators=(("Nombre d'expositions accueillies", None),),
                    pilots=_paris_montclair(
                        "DAC", "Médiathèque municipale", [], [], ["DAC"], ["Médiathèque municipale"]
                    ),
                ),
            ),
        ),
    ),
    bodies=(
        BodyPlan(
            GoverningBody.Kind.STEERING,
            "comité de pilotage",
            per_year=1,
            line=91,
            members="la Maire de Paris et du Maire de Montclair-sur-Marne, ou de leurs représentants",
            duties=(
                (
                    "Le comité de pilotage se réunira une fois par an pour vérifier l'avancement de la "
                    "convention et valider les avenants"
                ),
            ),
        ),
        BodyPlan(
            GoverningBody.Kind.TECHNICAL,
            "comité technique de suivi",
            per_year=2,
            line=95,
            members="directions générales des deux collectivités",
            duties=(
                (
                    "Il proposera au comité de pilotage un tableau de bord partagé des indicateurs dans un "
                    "délai maximum de trois mois à compter de la prise d'effet de la convention"
                ),
            ),
        ),
    ),
    criteria=(
        "la réalisation des engagements de la présente convention",
        "l'effet de la coopération sur la vie des habitants des deux territoires",
    ),
    themes=("eau", "culture", "sport"),
    terms={
        "period_start_year": 2025,
        "period_end_year": 2029,
        "duration": 4,
        "starts_on": Convention.StartEvent.ADOPTION,
        "duration_text": (
            "La présente convention est conclue pour une durée de 4 ans à compter de son adoption en "
            "assemblée délibérante, et sera renouvelée pour deux ans par reconduction tacite."
        ),
        "tacit_renewal_times": 1,
        "renewal_duration": 2,
        "notice": 3,
        "breach_delay": 30,
        "dashboard_deadline_months": 3,
        "evaluation_annual": True,
        "evaluation_final": True,
    },
)


def small_plan(title: str, partner: str, *, actions: int = 3, axes: int = 1) -> Plan:
    """A plan between Paris and a partner, for a second convention: `actions` actions spread over
    `axes` axes, each with an indicator, a commitment, Paris's DPE as pilot and, for the partner, a
    service name no service bears (a point to check)."""

    def one(i: int) -> ActionPlan:
        return ActionPlan(
            f"{i}",
            f"Action {i} de {title}",
            indicators=((f"Indicateur {i}", 10 * i),),
            commitments=(f"Engagement de l'action {i}",),
            deadline="2027",
            line=10 * i,
            pilots=(Pilot("Paris", "DPE", ("DPE",)), Pilot(partner, f"Direction {i}", (), (f"Direction {i}",))),
        )

    numbers = list(range(1, actions + 1))
    return Plan(
        title=title,
        parties=((PARIS, ""), (partner, "")),
        axes=tuple(
            AxisPlan(str(a + 1), f"Coopérer, axe {a + 1}", actions=tuple(one(i) for i in numbers[a::axes]))
            for a in range(axes)
        ),
        bodies=(BodyPlan(GoverningBody.Kind.STEERING, "comité de pilotage", per_year=1),),
    )


def renamed(plan: Plan, old: str, new: str) -> Plan:
    """The plan with a name replaced everywhere (another partner: « Valmont-les-Bains » for « Montclair-sur-Marne »)."""

    def walk(value):
        if isinstance(value, str):
            return value.replace(old, new)
        if isinstance(value, tuple):
            return tuple(walk(v) for v in value)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if dataclasses.is_dataclass(value):
            return dataclasses.replace(
                value, **{f.name: walk(getattr(value, f.name)) for f in dataclasses.fields(value)}
            )
        return value

    return walk(plan)


# --- Conventions -----------------------------------------------------------------------------


def draft(
    plan: Plan = DEMO, *, owner: str = PARIS, by=None, title: str | None = None, filename: str = "demo.md", **changes
) -> Convention:
    """The draft an import of the plan's document leaves: the convention with its source
    document, parties (organisations made once), structure, pilots read into services, bodies,
    criteria and the points to check about the pilots."""
    owner_org = organisation(owner)
    c = Convention.objects.create(
        title=title or plan.title, owner=owner_org, created_by=by, themes=list(plan.themes), **{**plan.terms, **changes}
    )
    text = _document_text(plan, c.title)
    data = text.encode()
    checksum = hashlib.sha256(data).hexdigest()
    doc = Document(
        convention=c,
        role=Document.Role.SOURCE,
        original_name=filename,
        checksum=checksum,
        size=len(data),
        format=filename.rsplit(".", 1)[-1],
        text=text,
        uploaded_by=by,
    )
    doc.file.save(filename, ContentFile(data), save=False)
    doc.save()
    parties = {}
    for order, (label, represented_by) in enumerate(plan.parties):
        parties[label] = Party.objects.create(
            convention=c, organisation=organisation(label), label=label, order=order, represented_by=represented_by
        )
    order = 0
    pilots: list[ActionPilot] = []

    def add(node: ActionPlan, axis: Axis, parent: Action | None, depth: int) -> None:
        nonlocal order
        action = Action.objects.create(
            convention=c,
            axis=axis,
            parent=parent,
            number=node.number,
            title=node.title,
            order=order,
            depth=depth,
            source_line=node.line,
            deadline_text=node.deadline,
            budget_text=node.budget,
            budget_amount=Decimal(node.amount) if node.amount is not None else None,
            partners_text=node.partners,
            indicators_text=node.indicators_text,
        )
        order += 1
        for i, text in enumerate(node.commitments):
            Commitment.objects.create(action=action, text=text, order=i)
        for i, (label, target) in enumerate(node.indicators):
            Indicator.objects.create(
                action=action, label=label, order=i, target_value=Decimal(target) if target is not None else None
            )
        for p in node.pilots:
            pilots.append(_pilot(action, _party_labelled(p.party, parties), p))
        for child in node.children:
            add(child, axis, action, depth + 1)

    for axis_order, a in enumerate(plan.axes):
        axis = Axis.objects.create(convention=c, number=a.number, title=a.title, order=axis_order, source_line=a.line)
        for node in a.actions:
            add(node, axis, None, 0)
    for order_, text in enumerate(plan.criteria):
        EvaluationCriterion.objects.create(convention=c, text=text, order=order_)
    for order_, b in enumerate(plan.bodies):
        GoverningBody.objects.create(
            convention=c,
            kind=b.kind,
            label=b.label,
            members=b.members,
            min_meetings_per_year=b.per_year,
            duties=list(b.duties),
            source_line=b.line,
            order=order_,
        )
    _points_to_check(c, pilots)
    return c


def validated(plan: Plan = DEMO, *, by, accepted_by=None, **kwargs) -> Convention:
    """The draft validated by its importer's coordination `by` (the other parties invited, or
    « hors Concorde » when nobody of theirs is on the instance), then accepted by each invited
    party's coordination in `accepted_by` (one user or several)."""
    c = draft(plan, by=by, **kwargs)
    convention_services.validate(c, by)
    answering = accepted_by if isinstance(accepted_by, (list, tuple)) else [accepted_by] if accepted_by else []
    for person in answering:
        orgs = Membership.objects.filter(user=person).values_list("organisation_id", flat=True)
        for p in c.parties.filter(organisation_id__in=orgs, consent=Party.Consent.PENDING):
            consent.accept(p, person)
    c.refresh_from_db()
    return c


def demo_convention(people: dict, **kwargs) -> Convention:
    """The demo convention validated by Paris's coordination and accepted by Montclair's."""
    return validated(DEMO, by=people["paris_coord"], accepted_by=people["montclair_coord"], **kwargs)


def in_force_since(convention: Convention, days: int, today: dt.date | None = None) -> Convention:
    """The convention took effect `days` ago."""
    convention.effective_date = (today or timezone.localdate()) - dt.timedelta(days=days)
    convention.save(update_fields=["effective_date"])
    return convention


def _party_labelled(label: str, parties: dict[str, Party]) -> Party | None:
    return next((p for name, p in parties.items() if label == name or label in name), None)


def _pilot(action: Action, party: Party | None, spec: Pilot) -> ActionPilot:
    found = [service(party.organisation, name) for name in spec.services] if party else []
    parent = found[0].pk if found else None
    unsettled = []
    for name in spec.unsettled:  # a name the organisation's services now bear is read into it, as the import does
        known = _known_service(party.organisation, name) if party else None
        if known:
            found.append(known)
        else:
            unsettled.append({"label": name, "parent": parent})
    pilot = ActionPilot.objects.create(
        action=action, party=party, party_label=spec.party, service=spec.text, unsettled=unsettled
    )
    if found:
        pilot.services.set(found)
    return pilot


def _known_service(organisation: Organisation, name: str) -> Service | None:
    key = service_key(name)
    return (
        Service.objects.filter(organisation=organisation, name_key=key).first()
        or Service.objects.filter(organisation=organisation, acronym_key=key).first()
    )


def _points_to_check(convention: Convention, pilots: list[ActionPilot]) -> None:
    """One point per party and service name no service bears, as the import leaves them."""
    seen = set()
    for pilot in pilots:
        for u in pilot.unsettled:
            key = f"service:{pilot.party_id}:{service_key(u['label'])}"[:200]
            if key in seen:
                continue
            seen.add(key)
            n = sum(
                1
                for p in pilots
                if p.party_id == pilot.party_id
                and any(service_key(x["label"]) == service_key(u["label"]) for x in p.unsettled)
            )
            ImportWarning.objects.create(
                convention=convention,
                subject=key,
                section="Services pilotes",
                line=pilot.action.source_line,
                action=pilot.action,
                axis_id=pilot.action.axis_id,
                message=(
                    f"Service pilote « {u['label']} » ({pilot.party.label}) : aucun service de "
                    f"{pilot.party.organisation} ne porte ce nom ni ce sigle ({n} action{'s' if n > 1 else ''}). "
                    "Le rattacher à un service, le créer, ou dire que ce n'est pas un service."
                ),
            )


def _document_text(plan: Plan, title: str) -> str:
    lines = [f"# {title}", "", "entre", ""]
    lines += [f"{label}, représentée par {by}" if by else label for label, by in plan.parties]

    def action_lines(node: ActionPlan):
        yield f"Action {node.number} : {node.title}"
        for child in node.children:
            yield from action_lines(child)

    for a in plan.axes:
        lines += ["", f"## Axe {a.number} : {a.title}", ""]
        for node in a.actions:
            lines += list(action_lines(node))
    return "\n".join(lines) + "\n"


# --- Tracking and governance -----------------------------------------------------------------


def action(convention: Convention, number: str) -> Action:
    return convention.actions.get(number=number)


def party(convention: Convention, label: str) -> Party:
    return convention.parties.get(label=label)


def body(convention: Convention, kind: str = GoverningBody.Kind.STEERING) -> GoverningBody:
    return convention.bodies.filter(kind=kind).order_by("order").first()


def meeting(
    body: GoverningBody,
    date: dt.date,
    *,
    status: str = Meeting.Status.HELD,
    by=None,
    place: str = "",
    minutes: str = "",
    agenda: str = "",
) -> Meeting:
    """A meeting of the body (held by default); the convention's dashboards are told, as holding one tells them."""
    m = Meeting.objects.create(
        body=body, date=date, status=status, created_by=by, place=place, minutes=minutes, agenda=agenda
    )
    tracking.touch(body.convention_id)
    return m


def follow_up(meeting: Meeting, owner, *, title: str = "Relancer", due_date: dt.date) -> FollowUp:
    return FollowUp.objects.create(meeting=meeting, title=title, owner=owner, due_date=due_date)


def evaluation(
    convention: Convention,
    *,
    label: str = "Évaluation annuelle n° 1",
    due_date: dt.date,
    status: str = Evaluation.Status.OPEN,
    proposed_by: Party | None = None,
    conclusion: str = "",
    by=None,
) -> Evaluation:
    return Evaluation.objects.create(
        convention=convention,
        label=label,
        due_date=due_date,
        status=status,
        proposed_by=proposed_by,
        conclusion=conclusion,
        created_by=by,
    )


def avenant(
    convention: Convention,
    *,
    number: int = 1,
    title: str = "Avenant",
    changes: list | None = None,
    status: str = Avenant.Status.DRAFT,
    by=None,
) -> Avenant:
    return Avenant.objects.create(
        convention=convention,
        number=number,
        title=title,
        status=status,
        created_by=by,
        changes=changes
        if changes is not None
        else [{"op": "set_term", "fields": {"notice": 3, "notice_unit": "months"}}],
    )
