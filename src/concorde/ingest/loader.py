"""The loader: a document's bytes -> a draft convention, in one transaction."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from concorde.conventions import indicators, pilots, themes
from concorde.conventions.models import (
    Action,
    ActionPilot,
    Axis,
    Commitment,
    Convention,
    CrossReference,
    Document,
    EvaluationCriterion,
    ImportWarning,
    Indicator,
    Milestone,
    Party,
)
from concorde.conventions.signals import plan_written
from concorde.deliberations.models import Deliberation, Proxy
from concorde.governance.models import GoverningBody
from concorde.lib import identifiers
from concorde.lib.amounts import budget_amount
from concorde.lib.locks import hold_until_commit
from concorde.lib.text import fold
from concorde.territories import reference
from concorde.territories.models import Organisation, name_key
from concorde.territories.service_names import Directory

from .gazetteer import reference_gazetteer
from .parser import ExtractionError, extract
from .parser.numbers import parse_french_date
from .readers import Progress, ReadError, ReadResult, read_bytes

__all__ = ["ImportOutcome", "ImportRefused", "import_document", "load"]


class ImportRefused(ValueError):
    """The import cannot be done; the message is for the user, in French."""


@dataclass
class ImportOutcome:
    convention: Convention
    created: bool


def already_imported(checksum: str, organisation: Organisation) -> Convention | None:
    """The convention this very file (by its SHA-256) already gave the organisation, if any."""
    existing = (
        Document.objects.filter(checksum=checksum, convention__owner=organisation).select_related("convention").first()
    )
    return existing.convention if existing else None


def import_document(
    data: bytes,
    filename: str,
    *,
    user,
    organisation: Organisation,
    max_bytes: int,
    progress: Progress | None = None,
    step: Callable[[str], None] | None = None,
) -> ImportOutcome:
    """Read, extract and load a document. The same file imported again by the same
    organisation returns the existing convention, before any reading, instead of a duplicate.
    `progress` is told of the pages read, `step` of each stage (« reading », « analysing », « loading »)."""
    step = step or (lambda name: None)
    existing = already_imported(hashlib.sha256(data).hexdigest(), organisation)
    if existing:
        return ImportOutcome(existing, created=False)
    step("reading")
    try:
        read = read_bytes(data, filename, max_bytes=max_bytes, progress=progress)
    except ReadError as exc:
        raise ImportRefused(str(exc)) from None
    step("analysing")
    try:
        extraction = extract(read.text, filename, reference_gazetteer())
    except ExtractionError as exc:
        raise ImportRefused(f"{filename} : {exc}") from None
    step("loading")
    convention = load(extraction, read, data, filename, user=user, organisation=organisation)
    return ImportOutcome(convention, created=True)


def store_file(document_pk: int, data: bytes) -> None:
    """Write a committed document's file, once (a retry after a kill finds it written)."""
    document = Document.objects.filter(pk=document_pk).only("file", "original_name", "checksum").first()  # not its text
    if document is None or document.file:
        return
    document.file.save(_safe_name(document.original_name), ContentFile(data), save=False)
    Document.objects.filter(pk=document_pk).update(file=document.file.name)


@transaction.atomic
def load(
    extraction: dict, read: ReadResult, data: bytes, filename: str, *, user, organisation: Organisation
) -> Convention:
    duration = extraction.get("duration") or {}
    renewal = duration.get("tacit_renewal") or {}
    evaluation = extraction.get("evaluation") or {}
    period = extraction.get("period") or {}
    kind = Convention.Kind.SEMINAR if extraction.get("kind") == "seminar" else _kind_from_title(extraction.get("title"))
    title = extraction.get("title")
    if not title:
        title = _fallback_title(filename, extraction.get("parties") or [])
        extraction.setdefault("warning_details", []).insert(
            0, {"message": f"Le document n'a pas de titre : « {title} » a été proposé", "line": None, "where": "Titre"}
        )
    convention = Convention.objects.create(
        title=title[:300],
        kind=kind,
        owner=organisation,
        created_by=user,
        period_start_year=period.get("start_year"),
        period_end_year=period.get("end_year"),
        duration_text=duration.get("text") or "",
        duration=_length(duration)["amount"],
        duration_unit=_length(duration)["unit"] or Convention.Unit.YEARS,
        duration_until=(duration.get("until") or "")[:200],
        starts_on=_start_event(duration.get("starts_on")),
        tacit_renewal_times=renewal.get("times"),
        renewal_duration=_length(renewal)["amount"],
        renewal_unit=_length(renewal)["unit"] or Convention.Unit.YEARS,
        notice=_length(duration, "notice_")["amount"],
        notice_unit=_length(duration, "notice_")["unit"] or Convention.Unit.MONTHS,
        breach_delay=_length(duration, "termination_for_breach_")["amount"],
        breach_unit=_length(duration, "termination_for_breach_")["unit"] or Convention.Unit.DAYS,
        dashboard_deadline_months=evaluation.get("dashboard_deadline_months"),
        evaluation_annual=evaluation.get("annual"),
        evaluation_final=evaluation.get("final"),
        evaluation_years=evaluation.get("years") or [],
        services_mobilised=extraction.get("services_mobilises") or {},
        partners_mobilisable=extraction.get("partenaires_mobilisables") or [],
    )
    document = Document.objects.create(
        convention=convention,
        role=Document.Role.SOURCE,
        file="",
        original_name=filename[:255],
        checksum=read.checksum,
        size=read.size,
        format=read.format,
        text=read.text,
        extraction=extraction,
        uploaded_by=user,
    )
    # the file is written once the rows are committed: an import that fails or is killed leaves no file
    transaction.on_commit(lambda: store_file(document.pk, data))
    parties = _load_parties(convention, extraction.get("parties") or [], extraction.setdefault("warning_details", []))
    nodes = _load_structure(convention, extraction.get("axes") or [], parties)
    convention.themes = themes.suggest(
        [a.title for _, a in nodes], [a.get("title") or "" for a in extraction.get("axes") or []]
    )
    convention.save(update_fields=["themes"])
    EvaluationCriterion.objects.bulk_create(
        [
            EvaluationCriterion(convention=convention, text=text, order=order)
            for order, text in enumerate(evaluation.get("criteria") or [])
        ]
    )
    bulk_create_with_history(
        [
            GoverningBody(
                convention=convention,
                kind=body.get("body") or "other",
                label=(body.get("label") or "")[:200],
                members=body.get("members") or "",
                min_meetings_per_year=body.get("min_meetings_per_year"),
                secretariat=body.get("secretariat") or "",
                duties=body.get("duties") or [],
                source_line=body.get("source_line"),
                order=order,
            )
            for order, body in enumerate(extraction.get("governance") or [])
        ],
        GoverningBody,
    )
    CrossReference.objects.bulk_create(
        [
            CrossReference(convention=convention, text=text, action=_action_named_in(text, nodes))
            for text in extraction.get("cross_references") or []
        ]
    )
    if extraction.get("deliberation"):
        for problem in _load_deliberation(convention, extraction["deliberation"], parties):
            extraction["warning_details"].append({"message": problem, "line": None, "where": "Délibération"})
    Milestone.objects.bulk_create(
        [
            Milestone(
                convention=convention, label=milestone["label"][:300], when_text=(milestone.get("when") or "")[:200]
            )
            for milestone in (extraction.get("seminar") or {}).get("milestones") or []
        ]
    )
    _load_warnings(convention, extraction.get("warning_details") or [], read.warnings, nodes)
    plan_written.send(sender=Convention, convention_id=convention.pk)
    return convention


def _length(values: dict, prefix: str = "") -> dict:
    """An amount the parser gives under the key of its unit (« years », « notice_months »…) as
    the model's amount and unit: whole years first, then months, then days."""
    for unit in (Convention.Unit.YEARS, Convention.Unit.MONTHS, Convention.Unit.DAYS):
        if values.get(prefix + unit):
            return {"amount": values[prefix + unit], "unit": unit}
    return {"amount": None, "unit": None}


def _fallback_title(filename: str, parties: list[dict]) -> str:
    if len(parties) >= 2:
        return "Convention de coopération " + " – ".join(p["name"] for p in parties)
    return f"Convention importée ({filename})"


def _kind_from_title(title: str | None) -> str:
    t = fold(title or "")
    if "application" in t:
        return Convention.Kind.APPLICATION
    if "cadre" in t:
        return Convention.Kind.FRAMEWORK
    if t.startswith("protocole"):
        return Convention.Kind.PROTOCOL
    return Convention.Kind.CONVENTION


def _start_event(value: str | None) -> str:
    return value if value in Convention.StartEvent.values else ("" if not value else Convention.StartEvent.OTHER)


def _safe_name(filename: str) -> str:
    name = re.sub(r"[^\w.\-]+", "_", filename.rsplit("/", 1)[-1])[-120:]
    return name or "document"


def organisation_for(name: str, kind: str | None) -> Organisation:
    """The organisation of that name, created when the instance does not know it yet."""
    return organisation_matched(name, kind)[0]


def organisation_matched(name: str, kind: str | None) -> tuple[Organisation, str | None]:
    """The organisation a party's name designates, and the doubt about it for the reviewer.
    Known by name first, then through the reference territories (by SIREN, so that « Paris »
    and « Ville de Paris » are one organisation); created with the reference's identifiers."""
    found = Organisation.objects.filter(name_key=name_key(name)).first()
    if found:
        return found, None
    match = reference.match(name, kind) if reference.is_loaded() else None
    territory = match.territory if match else None
    doubt = match.doubt(name) if match else None
    siren = territory.siren if territory else ""
    known = _known_organisation(name, siren)
    if known:
        return known, doubt
    # Another worker may be creating it in a transaction not yet committed: one creation at a
    # time, and a second look once it is our turn (it then sees what the other committed).
    hold_until_commit("concorde:organisation-creation")
    known = _known_organisation(name, siren)
    if known:
        return known, doubt
    kinds = Organisation.Kind.values
    org = Organisation(name=name[:200], kind=kind if kind in kinds else Organisation.Kind.OTHER)
    if territory:
        reference.apply(org, territory)
    org.save()
    return org, doubt


def _known_organisation(name: str, siren: str) -> Organisation | None:
    return Organisation.objects.filter(name_key=name_key(name)).first() or (
        Organisation.objects.filter(siren=siren).first() if siren else None
    )


def _load_parties(convention: Convention, parties: list[dict], doubts: list[dict]) -> list[Party]:
    out = []
    for order, p in enumerate(parties):
        org, doubt = organisation_matched(p["name"], p.get("kind"))
        if doubt and not any(
            f"« {p['name']} »" in w["message"] for w in doubts
        ):  # not twice: the parser may have said it
            doubts.append({"message": doubt, "line": None, "where": "Parties"})
        if any(x.organisation_id == org.id for x in out):
            continue
        out.append(
            Party(
                convention=convention,
                organisation=org,
                label=p["name"][:200],
                order=order,
                represented_by=(p.get("represented_by") or "")[:300],
                signatory=(p.get("signatory") or "")[:200],
            )
        )
    return bulk_create_with_history(out, Party)


def party_for_label(label: str, parties: list[Party]) -> Party | None:
    """The party a table names 'Paris', 'GPSEA' or 'Seine-Saint-Denis'."""
    key = fold(label).strip()
    for party in parties:
        name = fold(party.label)
        words = [w for w in re.split(r"[\s\-]+", party.label) if w[:1].isupper()]
        acronym = "".join(w[0] for w in words).lower()
        if key and (key in (name, acronym) or re.search(r"\b" + re.escape(key) + r"\b", name)):
            return party
    return None


def _load_structure(convention: Convention, axes: list[dict], parties: list[Party]) -> list[tuple[dict, Action]]:
    """The axes, then every action in the document's order (parents set once all have their
    keys), then their pilots, commitments and indicators: one insert per model, history in bulk."""
    axis_rows = bulk_create_with_history(
        [
            Axis(
                convention=convention,
                number=(a.get("number") or "")[:20],
                title=(a.get("title") or "")[:500],
                order=order,
                source_line=a.get("source_line"),
            )
            for order, a in enumerate(axes)
        ],
        Axis,
    )
    nodes: list[tuple[dict, Action]] = []
    parents: list[Action | None] = []

    def add(node: dict, axis: Axis, parent: Action | None, depth: int) -> None:
        fields = node.get("fields") or {}
        budget = fields.get("budget") or ""
        amount = budget_amount(budget)
        action = Action(
            convention=convention,
            axis=axis,
            number=(node.get("number") or "")[:20],
            title=(node.get("title") or "Sans titre")[:500],
            order=len(nodes),
            depth=depth,
            source_line=node.get("source_line"),
            deadline_text=fields.get("delai") or "",
            budget_text=budget,
            budget_amount=Decimal(str(amount)) if amount is not None else None,
            partners_text=fields.get("partenaires") or "",
            indicators_text=fields.get("indicateurs") or "",
        )
        nodes.append((node, action))
        parents.append(parent)
        for child in node.get("children") or []:
            add(child, axis, action, depth + 1)

    for axis, a in zip(axis_rows, axes):
        for node in a.get("actions") or []:
            add(node, axis, None, 0)
    actions = Action.objects.bulk_create([action for _, action in nodes])
    children = []
    for action, parent in zip(actions, parents):
        if parent is not None:
            action.parent = parent
            children.append(action)
    Action.objects.bulk_update(children, ["parent"])
    Action.history.bulk_history_create(actions, default_change_reason=None)  # with their parents: as a save writes it
    _load_action_details(convention, nodes, parties)
    return nodes


def _load_action_details(convention: Convention, nodes: list[tuple[dict, Action]], parties: list[Party]) -> None:
    """Each action's pilots (read into its party's services), commitments and indicators, and the
    points to check about pilots: names of no party, names of no service."""
    directories: dict[int, Directory] = {}  # each party's services, read once, if a pilot names the party
    read_pilots: list[tuple[ActionPilot, list]] = []  # each pilot and the services its text names
    unattached: dict[str, list[Action]] = {}  # pilot labels that name no party, and their actions
    commitments, indicator_rows = [], []
    for node, action in nodes:
        fields = node.get("fields") or {}
        for label, service in (fields.get("pilotes") or {}).items():
            party = party_for_label(label, parties)
            if party is None and label.strip():
                unattached.setdefault(label.strip(), []).append(action)
            if party is not None and party.pk not in directories:
                directories[party.pk] = Directory.of(party.organisation_id)
            pilot = ActionPilot(action=action, party=party, party_label=label[:200], service=service[:500])
            read_pilots.append((pilot, pilots.read(pilot, directories[party.pk] if party else Directory([]))))
        commitments += [Commitment(action=action, text=t, order=i) for i, t in enumerate(node.get("engagements") or [])]
        indicator_rows += [
            Indicator(action=action, order=i, **ind)
            for i, ind in enumerate(indicators.split(fields.get("indicateurs")))
        ]
    pilots.create_read(read_pilots)
    Commitment.objects.bulk_create(commitments)
    Indicator.objects.bulk_create(indicator_rows)
    ImportWarning.objects.bulk_create(
        _unattached_warnings(convention, unattached)
        + pilots.unsettled_warnings(convention, [pilot for pilot, _ in read_pilots if pilot.needs_settling])
    )


def _unattached_warnings(convention: Convention, unattached: dict[str, list[Action]]) -> list[ImportWarning]:
    """A pilot cell's label (« Ville de X : … ») that names none of the parties: its services
    belong to nobody until the action says whose they are."""
    return [
        ImportWarning(
            convention=convention,
            section="Services pilotes",
            line=actions[0].source_line,
            action=actions[0],
            axis_id=actions[0].axis_id,
            message=(
                f"Pilote « {label} » ({len(actions)} action{'s' if len(actions) > 1 else ''}) : aucune partie de la "
                "convention ne porte ce nom. Ajouter la partie, ou corriger le pilote dans la fiche de l'action."
            ),
        )
        for label, actions in unattached.items()
    ]


def _action_named_in(text: str, nodes: list[tuple[dict, Action]]) -> Action | None:
    m = re.match(r"Action\s+(\S+)\s*:", text)
    if not m:
        return None
    return next((a for _, a in nodes if a.number and a.number == m.group(1)), None)


def _load_deliberation(convention: Convention, d: dict, parties: list[Party]) -> list[str]:
    """The record of a sitting: one deliberation, or one per act of a record that holds several
    (each with its number, object and vote, and the sitting's date, president and roll call), ready
    for the SCDL export."""

    def date(value):
        return parse_french_date(value) if value else None

    org = next(
        (p.organisation for p in parties if fold(p.label) in fold(d.get("body") or "")),
        parties[0].organisation if parties else None,
    )
    act = identifiers.parse_or_none(d.get("transmission_id"))
    if act:  # the @ctes identifier names the deliberating organisation by its SIREN
        org = next((p.organisation for p in parties if p.organisation.siren == act.siren), org)
    sitting = dict(
        convention=convention,
        organisation=org,
        body=(d.get("body") or "")[:300],
        date=date(d.get("date")),
        president=(d.get("president") or "")[:200],
        secretary=(d.get("secretary") or "")[:200],
        convocation_date=date(d.get("convocation_date")),
        present_count=d.get("present_count"),
        absent_count=d.get("absent_count"),
        transmission_id=(d.get("transmission_id") or "")[:120],
        prefecture_ack_date=date(d.get("prefecture_ack_date")),
    )
    acts = d.get("acts") or [
        {
            "act_number": d.get("act_number"),
            "object": d.get("object"),
            "voters": d.get("voters"),
            "for": d.get("for"),
            "against": d.get("against"),
            "abstentions": d.get("abstentions"),
        }
    ]
    deliberations = Deliberation.objects.bulk_create(
        [
            Deliberation(
                **sitting,
                act_number=(a.get("act_number") or "")[:60],
                subject=a.get("object") or "",
                voters=a.get("voters") if a.get("voters") is not None else d.get("voters"),
                votes_for=a.get("for"),
                votes_against=a.get("against"),
                abstentions=a.get("abstentions"),
            )
            for a in acts
        ]
    )
    Proxy.objects.bulk_create(
        [
            Proxy(deliberation=delib, giver=(g or "")[:200], receiver=(r or "")[:200])
            for delib in deliberations
            for g, r in d.get("proxies") or []
        ]
    )
    problems = []
    for delib in deliberations:
        problems.extend(x for x in delib.transmission_problems() if x not in problems)
    return problems


def _load_warnings(convention: Convention, details: list[dict], read_warnings: list[str], nodes) -> None:
    by_line = sorted(((a.source_line, a) for _, a in nodes if a.source_line), key=lambda x: x[0])
    rows = [ImportWarning(convention=convention, message=w, section="Lecture du fichier") for w in read_warnings]
    for w in details:
        line = w.get("line")
        action = None
        if line and (w.get("where") or "").startswith("Axe"):
            before = [a for at, a in by_line if at <= line]
            action = before[-1] if before else None
        rows.append(
            ImportWarning(
                convention=convention,
                message=w["message"],
                section=(w.get("where") or "")[:200],
                line=line,
                action=action,
                axis=action.axis if action else None,
            )
        )
    ImportWarning.objects.bulk_create(rows)
