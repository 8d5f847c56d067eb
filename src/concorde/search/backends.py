"""The full-text index, one interface and a backend per database. Each finds, among the entries
a reader may see (a queryset the service builds from the policy), the ids matching a query with
their rank; everything else — policy, facets, excerpts — is the service's, the same for all.
A backend for a dedicated engine would implement these three methods (docs/adr/0004-recherche.md)."""

from __future__ import annotations

from typing import NamedTuple

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from concorde.conventions.models import Convention

from . import terms
from .models import Entry

# The most matches ranked for one query. Beyond it the reader is asked to narrow the search:
# ranking every entry of a common word is what would make a search slow, not finding them.
CAP = 200
TABLE = Entry._meta.db_table
CONVENTIONS = Convention._meta.db_table


class Match(NamedTuple):
    """One entry found, with what the facets count (read in the same query)."""

    id: int
    rank: float
    kind: str
    year: int | None
    themes: str
    convention_id: int | None
    status: str | None
    organisation_id: int | None
    organisation_name: str


# The columns of a Match after (id, rank): as the ORM names them, and in SQL from the entry `m`
# and its convention `c`.
_FACET_FIELDS = (
    "kind",
    "year",
    "themes",
    "convention_id",
    "convention__status",
    "organisation_id",
    "organisation_name",
)
_FACETS = "m.kind, m.year, m.themes, m.convention_id, c.status, m.organisation_id, m.organisation_name"
_WITH_CONVENTION = f"LEFT JOIN {CONVENTIONS} c ON c.id = m.convention_id"


class Backend:
    def prepare(self, entry: Entry) -> None:
        """Fill what the index reads from the row, before it is saved: the terms of search.terms,
        the same on every database, so that both find the same entries."""
        entry.title_terms = terms.indexed(entry.title)
        entry.body_terms = terms.indexed(entry.body)

    def find(self, allowed: QuerySet[Entry], query: terms.Query, cap: int = CAP) -> list[Match]:
        """The matches, best first, at most `cap`."""
        raise NotImplementedError

    def install(self, schema_editor) -> None:
        """Create the index beside the table (run by the search app's migration)."""
        raise NotImplementedError

    def uninstall(self, schema_editor) -> None:
        """Drop it (the migration undone)."""
        raise NotImplementedError


class PostgresBackend(Backend):
    """A tsvector generated from the terms of the title (weight A) and of the body (weight B),
    under a GIN index. The terms are search.terms' and not those of PostgreSQL's `french`
    configuration with `unaccent`: that one takes the accents off before stemming, and the
    stemmer then no longer sees a feminine participle (« surveillée » and « surveillé » become
    two words); docs/adr/0004-recherche.md."""

    def find(self, allowed, query, cap=CAP):
        if query.empty:
            return []
        # The policy and the match in one WHERE, so that the planner starts from the GIN index
        # and checks the policy on what it found (never builds every readable entry first); the
        # first `cap` matches found are ranked (ranking them all is the costly part), in one scan.
        tsquery = _tsquery(query)
        condition = RawSQL(f"{TABLE}.document @@ to_tsquery('simple', %s)", [tsquery], BooleanField())
        rank = RawSQL(f"ts_rank_cd({TABLE}.document, to_tsquery('simple', %s))", [tsquery], FloatField())
        rows = allowed.filter(condition).annotate(rank=rank).values_list("id", "rank", *_FACET_FIELDS)[:cap]
        return sorted((Match(*row) for row in rows), key=lambda m: (-m.rank, m.id))

    def install(self, schema_editor):
        schema_editor.execute(
            f"""ALTER TABLE {TABLE} ADD COLUMN document tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
                || setweight(to_tsvector('simple'::regconfig, body_terms), 'B')) STORED"""
        )
        schema_editor.execute(f"CREATE INDEX search_entry_document ON {TABLE} USING GIN (document)")

    def uninstall(self, schema_editor):
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN document")  # its index goes with it


def _tsquery(query: terms.Query) -> str:
    """The query in to_tsquery's grammar (a term is letters and digits only: nothing to escape)."""
    parts = ["(" + " | ".join(sorted(forms)) + ")" for forms in query.required]
    parts += ["(" + " <-> ".join(phrase) + ")" for phrase in query.phrases]
    parts += ["!(" + " | ".join(sorted(forms)) + ")" for forms in query.excluded]
    return " & ".join(parts)


class SqliteBackend(Backend):
    """An FTS5 table over the terms (SQLite has no French stemmer of its own), kept in
    step with the table by triggers, ranked by bm25 with the title weighing more."""

    def find(self, allowed, query, cap=CAP):
        if query.empty:
            return []
        allowed_sql, params = allowed.values("id").query.sql_with_params()
        sql = f"""SELECT m.id, f.rank, {_FACETS} FROM (
                SELECT rowid, -bm25({TABLE}_fts, 10.0, 1.0) AS rank FROM {TABLE}_fts
                WHERE {TABLE}_fts MATCH %s AND rowid IN ({allowed_sql}) ORDER BY rank DESC, rowid LIMIT %s) f
            JOIN {TABLE} m ON m.id = f.rowid {_WITH_CONVENTION}
            ORDER BY f.rank DESC, m.id"""
        with connection.cursor() as cursor:
            cursor.execute(sql, [_match(query), *params, cap])
            return [Match(*row) for row in cursor.fetchall()]

    def install(self, schema_editor):
        fts = f"{TABLE}_fts"
        for statement in (
            f"""CREATE VIRTUAL TABLE {fts} USING fts5(title_terms, body_terms, content='{TABLE}',
                content_rowid='id', tokenize='unicode61')""",
            f"""CREATE TRIGGER {fts}_insert AFTER INSERT ON {TABLE} BEGIN
                INSERT INTO {fts}(rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms);
            END""",
            f"""CREATE TRIGGER {fts}_delete AFTER DELETE ON {TABLE} BEGIN
                INSERT INTO {fts}({fts}, rowid, title_terms, body_terms)
                    VALUES ('delete', old.id, old.title_terms, old.body_terms);
            END""",
            f"""CREATE TRIGGER {fts}_update AFTER UPDATE ON {TABLE} BEGIN
                INSERT INTO {fts}({fts}, rowid, title_terms, body_terms)
                    VALUES ('delete', old.id, old.title_terms, old.body_terms);
                INSERT INTO {fts}(rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms);
            END""",
        ):
            schema_editor.execute(statement)

    def uninstall(self, schema_editor):
        for trigger in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_fts_{trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}_fts")


def _match(query: terms.Query) -> str:
    """The query in FTS5's grammar: each term quoted (a term is letters and digits only)."""

    def either(forms: set[str]) -> str:
        return "(" + " OR ".join(f'"{t}"' for t in sorted(forms)) + ")"

    parts = [either(forms) for forms in query.required] + ['"' + " ".join(p) + '"' for p in query.phrases]
    expression = " AND ".join(parts)
    for forms in query.excluded:
        expression += f" NOT {either(forms)}"
    return expression


def backend(vendor: str | None = None) -> Backend:
    return _BACKENDS[vendor or connection.vendor]


_BACKENDS = {"postgresql": PostgresBackend(), "sqlite": SqliteBackend()}
