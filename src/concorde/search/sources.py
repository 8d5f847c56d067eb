"""What each kind of record says to the search: its entry's title, text, year and audience.
Public kinds are those the portal shows of a published convention; the others (indicators,
meetings) are found by the members of its parties only."""

from __future__ import annotations

from concorde.conventions import themes
from concorde.conventions.models import Action, Axis, Convention, Document, Indicator
from concorde.deliberations.models import Deliberation
from concorde.governance.models import Meeting

from .models import Entry

# A document's text beyond this is not indexed (a tsvector holds at most 1 MB, and what a
# search needs of a long document is found well before its end).
DOCUMENT_TEXT_LIMIT = 100_000


def convention_year(convention: Convention) -> int | None:
    when = convention.signed_on or convention.effective_date
    return convention.period_start_year or (when.year if when else None)


def _lines(*parts) -> str:
    return "\n".join(p for p in parts if p)


def _entry(kind: str, obj, convention: Convention | None, **fields) -> Entry:
    fields.setdefault("year", convention_year(convention) if convention else None)
    return Entry(kind=kind, object_id=obj.pk, convention=convention, **fields)


def of_convention(convention: Convention) -> Entry:
    parties = [_lines(p.label, p.represented_by, p.signatory) for p in convention.parties.all()]
    return _entry(
        Entry.Kind.CONVENTION,
        convention,
        convention,
        public=True,
        title=convention.title[:500],
        body=_lines(
            convention.get_kind_display(),
            *parties,
            convention.duration_text,
            ", ".join(themes.labels(convention.themes)),
            ", ".join(str(p) for p in convention.partners_mobilisable),
            *(m.label for m in convention.milestones.all()),
        ),
    )


def of_axis(axis: Axis) -> Entry:
    return _entry(Entry.Kind.AXIS, axis, axis.convention, public=True, title=str(axis)[:500])


def of_action(action: Action) -> Entry:
    # Budgets are left out: the portal shows them only when every party chose to publish them.
    return _entry(
        Entry.Kind.ACTION,
        action,
        action.convention,
        public=True,
        title=str(action)[:500],
        body=_lines(
            action.deadline_text,
            action.partners_text,
            action.indicators_text,
            *(c.text for c in action.commitments.all()),
            *(p.service for p in action.pilots.all()),
            *(u.text for u in action.updates.all() if not u.is_deleted),
        ),
        parent_id=action.axis_id,
    )


def of_indicator(indicator: Indicator) -> Entry:
    return _entry(
        Entry.Kind.INDICATOR,
        indicator,
        indicator.action.convention,
        title=indicator.label[:500],
        body=_lines(indicator.unit, str(indicator.action)),
        parent_id=indicator.action_id,
    )


def of_meeting(meeting: Meeting) -> Entry:
    return _entry(
        Entry.Kind.MEETING,
        meeting,
        meeting.body.convention,
        title=str(meeting)[:500],
        body=_lines(
            meeting.place,
            meeting.agenda,
            meeting.minutes,
            *(d.text for d in meeting.decisions.all()),
            *(f.title for f in meeting.follow_ups.all()),
        ),
        year=meeting.date.year,
    )


def of_deliberation(deliberation: Deliberation) -> Entry:
    org = deliberation.organisation
    return _entry(
        Entry.Kind.DELIBERATION,
        deliberation,
        deliberation.convention,
        # A convention's deliberation is public with it; one loaded from open data already is.
        public=deliberation.convention_id is not None or deliberation.source == Deliberation.Source.OPEN_DATA,
        title=(" ".join(deliberation.subject.split()) or str(deliberation))[:500],
        body=_lines(deliberation.body, deliberation.act_number, deliberation.collectivite_name),
        year=deliberation.date.year if deliberation.date else None,
        organisation=org,
        organisation_name=(org.name if org else deliberation.collectivite_name)[:300],
    )


def of_document(document: Document) -> Entry:
    return _entry(
        Entry.Kind.DOCUMENT,
        document,
        document.convention,
        public=True,
        title=document.original_name[:500],
        body=document.text[:DOCUMENT_TEXT_LIMIT],
    )


def of_whole_convention(convention: Convention) -> list[Entry]:
    """Every entry of one convention, read in a few queries."""
    out = [of_convention(convention)]
    out += [of_axis(a) for a in convention.axes.all()]
    actions = list(
        convention.actions.select_related("axis").prefetch_related("commitments", "pilots", "updates", "indicators")
    )
    for action in actions:
        action.convention = convention
        out.append(of_action(action))
        for indicator in action.indicators.all():
            indicator.action = action
            out.append(of_indicator(indicator))
    meetings = Meeting.objects.filter(body__convention=convention).select_related("body")
    out += [of_meeting(m) for m in meetings.prefetch_related("decisions", "follow_ups")]
    out += [of_deliberation(d) for d in convention.deliberations.select_related("organisation")]
    out += [of_document(d) for d in convention.documents.all()]
    return out
