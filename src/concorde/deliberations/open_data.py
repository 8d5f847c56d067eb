"""Loading the deliberations a collectivité publishes in the SCDL « deliberations » schema.

Each row is checked against the schema; a bad row is set aside with its line and its reasons in
French, the good ones are written in one transaction per file, by batches: COPY into a temporary
table then one INSERT … ON CONFLICT on PostgreSQL, an executemany upsert on SQLite. A row is
identified by COLL_SIRET + DELIB_ID: loading a file again updates, never duplicates. The search
indexes each batch (`open_data_loaded`); a partner's deliberation that seems to adopt a
convention of the instance is proposed as a link to it (deliberations.links)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.dispatch import Signal

from concorde.lib.encodings import UndecodableText, decode_text
from concorde.territories.models import Organisation

from . import links
from .models import Deliberation
from .scdl import COUNTS, DATES, FIELDS, REQUIRED, problems

# Sent with ids (a list of deliberation ids) after each batch is written.
open_data_loaded = Signal()

BATCH = 5000
MAX_COUNT = 32_767  # the vote counts' column (no assemblée has more members)
REJECTED_SHOWN = 1000  # the bad rows kept for the report; the others are counted
_SNIFFED = 64 * 1024


class FileRefused(ValueError):
    """The whole file cannot be read as SCDL deliberations; the message says why, in French."""


@dataclass
class Rejected:
    line: int
    reasons: list[str]


@dataclass
class Report:
    name: str
    created: int = 0
    updated: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    rejected_count: int = 0
    proposed: int = 0

    @property
    def loaded(self) -> int:
        return self.created + self.updated


# --- Reading ------------------------------------------------------------------------------------


def _open(path: Path) -> io.TextIOBase:
    """The file as text, in the encoding its beginning is written in."""
    with path.open("rb") as raw:
        head = raw.read(_SNIFFED)
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if len(head) < _SNIFFED:
        cut = len(head)
    else:  # never inside a character: after a line (UTF-8, one-byte encodings), on a pair (UTF-16)
        cut = len(head) - len(head) % 2 if utf16 else head.rfind(b"\n") + 1
    try:
        _, encoding = decode_text(head[: cut or len(head)], path.name)
    except UndecodableText as exc:
        raise FileRefused(str(exc)) from None
    return path.open(encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="")


def rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, the row's cells by column) — the line where the row begins."""
    stream = _open(path)
    reader = None
    with stream:
        try:
            sample = stream.read(_SNIFFED)
            stream.seek(0)
            try:
                dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t|")
            except csv.Error:
                raise FileRefused(f"{path.name} : ce n'est pas un fichier CSV (séparateur introuvable).") from None
            reader = csv.reader(stream, dialect)
            header = [h.strip().upper() for h in next(reader, [])]
            missing = [name for name in REQUIRED if name not in header]
            if missing:
                raise FileRefused(
                    f"{path.name} : colonnes obligatoires du schéma SCDL « deliberations » absentes : "
                    + ", ".join(missing)
                )
            for cells in reader:
                if not any(c.strip() for c in cells):
                    continue
                yield reader.line_num, dict(zip(header, cells))
        except UnicodeDecodeError:
            raise FileRefused(
                f"{path.name} : l'encodage change en cours de fichier (vers la ligne {reader.line_num + 1 if reader else 1}) ; "
                "l'enregistrer en UTF-8."
            ) from None
        except csv.Error as exc:  # a NUL character, an unclosed quote at the end of the file
            why = "caractère NUL" if "NUL" in str(exc) else "guillemets mal fermés ou ligne coupée"
            raise FileRefused(
                f"{path.name} : CSV illisible vers la ligne {reader.line_num if reader else 1} ({why})."
            ) from None


def typed(cells: dict[str, str]) -> tuple[dict, list[str]]:
    """The row with its dates and counts read, and what the schema finds wrong with it."""
    row: dict = {name: (cells.get(name) or "").strip() or None for name in FIELDS}
    reasons = []
    for name in DATES:
        if row[name]:
            try:
                row[name] = dt.date.fromisoformat(row[name])
            except ValueError:
                reasons.append(f"{name} « {row[name]} » n'est pas une date AAAA-MM-JJ")
                row[name] = None
    for name in COUNTS:
        if row[name]:
            try:
                row[name] = int(row[name])
            except ValueError:
                reasons.append(f"{name} « {row[name]} » n'est pas un nombre entier")
                row[name] = None
            else:
                if row[name] > MAX_COUNT:
                    reasons.append(f"{name} « {row[name]} » : plus de {MAX_COUNT} votants n'est pas une assemblée")
                    row[name] = None
    if row["COLL_SIRET"] and not (len(row["COLL_SIRET"]) == 14 and row["COLL_SIRET"].isdigit()):
        reasons.append(f"COLL_SIRET « {row['COLL_SIRET']} » : 14 chiffres attendus")
    if row["DELIB_URL"] and not row["DELIB_URL"].startswith(("http://", "https://")):
        reasons.append("DELIB_URL n'est pas une adresse http(s)")
    if len(row["DELIB_ID"] or "") > 100 or len(row["DELIB_OBJET"] or "") > 10_000:
        reasons.append("DELIB_ID (100 caractères) ou DELIB_OBJET (10 000) trop long")
    reasons += problems(row) if not reasons else []
    return row, reasons


# --- Writing ------------------------------------------------------------------------------------

_COLUMNS = [f for f in Deliberation._meta.concrete_fields if not f.primary_key]
_UPDATED = [
    "collectivite_name",
    "date",
    "matter_code",
    "subject",
    "act_number",
    "budget_year",
    "budget_name",
    "transmission_id",
    "prefecture_ack_date",
    "voters_possible",
    "voters",
    "votes_for",
    "votes_against",
    "abstentions",
    "url",
    "organisation_id",
]


def _record(row: dict, organisations: dict[str, int]) -> dict:
    values = {f.attname: f.get_default() for f in _COLUMNS}
    values.update(
        source=Deliberation.Source.OPEN_DATA,
        collectivite_siret=row["COLL_SIRET"],
        collectivite_name=row["COLL_NOM"][:300],
        delib_id=row["DELIB_ID"],
        act_number=row["DELIB_ID"][:60],
        date=row["DELIB_DATE"],
        matter_code=row["DELIB_MATIERE_CODE"],
        subject=row["DELIB_OBJET"],
        budget_year=row["BUDGET_ANNEE"] or "",
        budget_name=(row["BUDGET_NOM"] or "")[:300],
        transmission_id=(row["PREF_ID"] or "")[:120],
        prefecture_ack_date=row["PREF_DATE"],
        voters_possible=row["VOTE_EFFECTIF"],
        voters=row["VOTE_REEL"],
        votes_for=row["VOTE_POUR"],
        votes_against=row["VOTE_CONTRE"],
        abstentions=row["VOTE_ABSTENTION"],
        url=(row["DELIB_URL"] or "")[:500],
        organisation_id=organisations.get(row["COLL_SIRET"][:9]),
    )
    return values


def _existing(keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    found = {}
    sirets = {k[0] for k in keys}
    for siret in sirets:
        ids = [k[1] for k in keys if k[0] == siret]
        for start in range(0, len(ids), 900):  # SQLite's bound on parameters
            found.update(
                ((siret, delib_id), pk)
                for pk, delib_id in Deliberation.objects.filter(
                    collectivite_siret=siret, delib_id__in=ids[start : start + 900]
                ).values_list("pk", "delib_id")
            )
    return found


def _write(records: list[dict]) -> tuple[list[int], int]:
    """Upsert a batch (of distinct keys): the ids of its rows, and how many were new."""
    table = Deliberation._meta.db_table
    names = [f.column for f in _COLUMNS]
    updates = ", ".join(f"{c} = excluded.{c}" for c in (Deliberation._meta.get_field(n).column for n in _UPDATED))
    # the predicate of the partial unique index, as Django writes it (SQLite matches it to the letter)
    conflict = "ON CONFLICT (collectivite_siret, delib_id) WHERE NOT (delib_id = '')"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS scdl_batch AS SELECT {', '.join(names)} FROM {table} WITH NO DATA"
            )
            cursor.execute("TRUNCATE scdl_batch")
            with cursor.copy(f"COPY scdl_batch ({', '.join(names)}) FROM STDIN") as copy:
                for r in records:
                    copy.write_row([r[f.attname] for f in _COLUMNS])
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(names)} FROM scdl_batch "
                f"{conflict} DO UPDATE SET {updates} RETURNING id, (xmax = 0)"  # xmax 0: a row inserted
            )
            written = cursor.fetchall()
            return [row[0] for row in written], sum(1 for row in written if row[1])
        keys = [(r["collectivite_siret"], r["delib_id"]) for r in records]
        before = len(_existing(keys))
        placeholders = ", ".join(["%s"] * len(names))
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders}) {conflict} DO UPDATE SET {updates}",
            [[r[f.attname] for f in _COLUMNS] for r in records],
        )
    return list(_existing(keys).values()), len(records) - before


def load(path: Path, progress: Callable[[int], None] | None = None) -> Report:
    """Load one file; `progress` is told the line reached after each batch. A file that cannot be read at all
    (FileRefused) leaves the base as it was."""
    report = Report(name=path.name)
    organisations = dict(Organisation.objects.exclude(siren="").values_list("siren", "pk"))
    with transaction.atomic():
        batch: dict[tuple[str, str], dict] = {}
        loaded: list[int] = []
        first_line: dict[str, int] = {}  # each key's line: a second row of it is a mistake of the file
        for line, cells in rows(path):
            row, reasons = typed(cells)
            if not reasons:
                key = f"{row['COLL_SIRET']}\t{row['DELIB_ID']}"
                if key in first_line:
                    reasons = [f"même COLL_SIRET et DELIB_ID que la ligne {first_line[key]}"]
                else:
                    first_line[key] = line
            if reasons:
                report.rejected_count += 1
                if len(report.rejected) < REJECTED_SHOWN:
                    report.rejected.append(Rejected(line, reasons))
                continue
            batch[(row["COLL_SIRET"], row["DELIB_ID"])] = _record(row, organisations)
            if len(batch) >= BATCH:
                loaded += _flush(batch, report)
                if progress:
                    progress(line)
        loaded += _flush(batch, report)
        report.proposed = links.propose(loaded)
    return report


# Past this many rows written, a load tidies the tables after itself (see `tidy`).
TIDY_AFTER = 10_000


def tidy(tables: list[str]) -> None:
    """After a large load, on PostgreSQL, vacuum and analyze the tables it wrote: every updated
    row left a dead version in them and in their indexes, which a search must step over until
    autovacuum passes (bench/scdl.py: « voie verte » over a million reloaded rows, 137 ms of
    SQL before, 15 ms after). Outside any transaction, as VACUUM requires."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')


def _flush(batch: dict, report: Report) -> list[int]:
    if not batch:
        return []
    ids, created = _write(list(batch.values()))
    report.created += created
    report.updated += len(ids) - created
    open_data_loaded.send(sender=Deliberation, ids=ids)
    batch.clear()
    return ids
