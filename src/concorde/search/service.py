"""Searching, for the pages and the API alike: what a reader may find (the policy of the pages),
narrowed by the facets chosen, matched and ranked by the database's backend, then each hit with
its link and its excerpt, and the facets counted over the matches."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString

from concorde.conventions import policy, themes
from concorde.conventions.models import Convention, Party

from . import terms
from .backends import CAP, Match, backend
from .models import Entry

PAGE_SIZE = 20
FACET_OPTIONS = 12  # the most frequent values of a facet (and the chosen one): a list to read, not a census


@dataclass
class Filters:
    """The facets chosen (each in the URL: nature, partenaire, theme, statut, annee)."""

    kind: str = ""
    partner: int | None = None
    theme: str = ""
    status: str = ""
    year: int | None = None


@dataclass
class Hit:
    entry: Entry
    url: str
    title: SafeString
    excerpt: SafeString
    rank: float

    @property
    def kind_label(self) -> str:
        return self.entry.get_kind_display()


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str = ""  # the page's URL that chooses it, or takes it off (set by the view)


@dataclass
class Facet:
    name: str  # the URL parameter
    label: str
    options: list[FacetOption] = field(default_factory=list)


@dataclass
class Results:
    query: terms.Query
    page: Page | None = None
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: list[Facet] = field(default_factory=list)

    capped: bool = False  # more matches than were ranked: the reader should narrow the search


def readable(user, public: bool) -> QuerySet[Entry]:
    """The entries a reader may find: the public what the portal shows (published conventions,
    open data); a member besides everything of the conventions the pages let them read — a
    draft only for its importing organisation (conventions.policy)."""
    published = policy.published_conventions().values("id")
    shown = Q(public=True) & (Q(convention__isnull=True) | Q(convention_id__in=published))
    if public or not user.is_authenticated:
        return Entry.objects.filter(shown)
    if user.is_superuser:
        return Entry.objects.all()
    return Entry.objects.filter(shown | Q(convention_id__in=policy.visible_conventions(user).values("id")))


def narrowed(entries: QuerySet[Entry], filters: Filters) -> QuerySet[Entry]:
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.status:
        entries = entries.filter(convention__status=filters.status)
    if filters.year:
        entries = entries.filter(year=filters.year)
    if filters.theme:
        entries = entries.filter(themes__contains=f" {filters.theme} ")
    if filters.partner:
        conventions = Party.objects.filter(organisation_id=filters.partner).values("convention_id")
        entries = entries.filter(Q(organisation_id=filters.partner) | Q(convention_id__in=conventions))
    return entries


def search(user, text: str, filters: Filters | None = None, *, public: bool = False, page: int = 1) -> Results:
    filters = filters or Filters()
    query = terms.parse(text)
    results = Results(query=query)
    if query.empty:
        return results
    found = backend().find(narrowed(readable(user, public), filters), query, cap=CAP + 1)
    results.capped, found = len(found) > CAP, found[:CAP]
    results.total = len(found)
    results.facets = facets(found, filters)
    results.page = Paginator(found, PAGE_SIZE).get_page(page)
    ranks = {m.id: m.rank for m in results.page.object_list}
    entries = list(Entry.objects.filter(pk__in=ranks).select_related("convention").defer("title_terms", "body_terms"))
    portal_only = _portal_only(user, public, entries)
    results.hits = sorted(
        (
            Hit(
                entry=e,
                url=link(e, public=public or not user.is_authenticated or e.convention_id in portal_only),
                title=terms.excerpt(e.title, query, width=500),
                excerpt=terms.excerpt(e.body, query) if e.body else SafeString(""),
                rank=ranks[e.pk],
            )
            for e in entries
        ),
        key=lambda h: (-h.rank, h.entry.pk),
    )
    return results


def _portal_only(user, public: bool, entries: list[Entry]) -> set[int]:
    """The published conventions of these entries that a member reads on the portal only (those
    of other parties): their links go to the portal. An unpublished one was found because the
    reader may read it: no query for those."""
    published = {e.convention_id for e in entries if e.convention_id and e.convention.is_public}
    if public or not user.is_authenticated or not published:
        return set()
    return published - set(policy.visible_conventions(user).filter(pk__in=published).values_list("pk", flat=True))


def conventions_matching(user, text: str) -> list[int]:
    """The conventions whose own entry (title, parties, clauses) matches, best first: the API's
    `?q=` on its list of conventions."""
    allowed = narrowed(readable(user, public=False), Filters(kind=Entry.Kind.CONVENTION))
    return [m.convention_id for m in backend().find(allowed, terms.parse(text), cap=100_000)]


def link(entry: Entry, public: bool) -> str:
    """Where an entry is read: the portal's pages for the public, the members' pages otherwise."""
    pk, kind, K = entry.convention_id, entry.kind, Entry.Kind
    if kind == K.DELIBERATION and (public or not pk):
        return reverse("publication:public-deliberation", args=[entry.object_id])
    if public:
        if kind == K.DOCUMENT:
            return reverse("publication:public-document", args=[pk, entry.object_id])
        anchor = f"#action-{entry.object_id}" if kind == K.ACTION else ""
        return reverse("publication:public-convention", args=[pk]) + anchor
    if entry.convention.is_draft:
        return reverse("conventions:review", args=[pk])
    if kind in (K.ACTION, K.INDICATOR):
        action = entry.object_id if kind == K.ACTION else entry.parent_id
        return reverse("dashboard:action", args=[pk, action])
    if kind == K.MEETING:
        return reverse("governance:meeting", args=[pk, entry.object_id])
    if kind == K.DOCUMENT:
        return reverse("conventions:document", args=[pk, entry.object_id])
    if kind == K.DELIBERATION:
        return reverse("deliberations:edit-deliberation", args=[pk, entry.object_id])
    return reverse("conventions:convention", args=[pk])


def facets(found: list[Match], filters: Filters) -> list[Facet]:
    """Counted over the matches (at most CAP of them, read with them), and one query for the
    parties of their conventions."""
    kinds = Counter(m.kind for m in found)
    years = Counter(m.year for m in found if m.year)
    theme_codes = Counter(code for m in found for code in m.themes.split())
    statuses = Counter(m.status for m in found if m.status)
    per_convention = Counter(m.convention_id for m in found if m.convention_id)
    partners: Counter = Counter()
    names: dict[int, str] = {}
    for m in found:
        if m.organisation_id:
            partners[m.organisation_id] += 1
            names[m.organisation_id] = m.organisation_name
    for convention_id, org_id, name in Party.objects.filter(convention_id__in=per_convention).values_list(
        "convention_id", "organisation_id", "organisation__name"
    ):
        partners[org_id] += per_convention[convention_id]
        names[org_id] = name

    def facet(name, label, counts, labels, chosen, order=None):
        ranked = sorted(counts.items(), key=order or (lambda item: (-item[1], labels(item[0]))))
        shown = ranked[:FACET_OPTIONS] + [i for i in ranked[FACET_OPTIONS:] if str(i[0]) == str(chosen or "")]
        options = [FacetOption(str(value), labels(value), n, str(value) == str(chosen or "")) for value, n in shown]
        return Facet(name, label, options)

    return [
        facet("nature", "Nature", kinds, lambda v: Entry.Kind(v).label, filters.kind),
        facet("partenaire", "Partenaire", partners, lambda v: names[v], filters.partner),
        facet("theme", "Thème", theme_codes, lambda v: themes.THEMES.get(v, v), filters.theme),
        facet("statut", "Statut de la convention", statuses, lambda v: Convention.Status(v).label, filters.status),
        facet("annee", "Année", years, str, filters.year, order=lambda item: -item[0]),
    ]
