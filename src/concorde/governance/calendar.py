"""The deadline engine of a convention: from its lifecycle (conventions.lifecycle) and the
clauses of its governance, every dated obligation with its state as of a day. No database.
A body meeting at least k times a year must meet within 12/k months of its last meeting,
or of the effective date before its first one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from concorde.conventions.lifecycle import (
    Period,
    Terms,
    add_months,
    add_years,
    current_period,
    notice_deadline,
    periods,
    renewals_remaining,
)

SOON_DAYS = 60  # what a coordinator wants to see coming: about two months, one comité cycle


def meeting_due(effective: dt.date, min_per_year: int, last_meeting: dt.date | None) -> dt.date:
    """The day by which a body meeting at least `min_per_year` times must meet next."""
    interval = max(1, 12 // max(1, min_per_year))
    return add_months(last_meeting or effective, interval)


def evaluation_dates(terms: Terms, chain: list[Period]) -> list[tuple[str, dt.date]]:
    """(label, due date) of each evaluation: every anniversary when yearly, the 31 December of
    each year the convention lists, and the last day of the last known period when final."""
    out: list[tuple[str, dt.date]] = []
    if chain and terms.evaluation_annual:
        last_day = chain[-1].end
        year = 1
        # The anniversary that falls on the day after the term is the last yearly one, unless
        # a final evaluation takes its place.
        if not terms.evaluation_final:
            last_day += dt.timedelta(days=1)
        while (due := add_years(chain[0].start, year)) <= last_day:
            out.append((f"Évaluation annuelle n° {year}", due))
            year += 1
    for year in sorted(set(terms.evaluation_years)):
        out.append((f"Évaluation {year}", dt.date(year, 12, 31)))
    if chain and terms.evaluation_final:
        out.append(("Évaluation finale", chain[-1].end))
    return out


@dataclass(frozen=True)
class BodyTerms:
    label: str
    min_per_year: int | None
    last_meeting: dt.date | None = None
    next_planned: dt.date | None = None  # the earliest meeting scheduled and not yet held


@dataclass(frozen=True)
class Deadline:
    kind: str  # comite, reunion, tableau_de_bord, evaluation, preavis, terme, reconduction, suite
    label: str
    date: dt.date
    detail: str = ""
    state: str = field(default="a_venir", compare=False)  # passee, en_retard, proche, a_venir

    @property
    def state_label(self) -> str:
        if self.state == "passee" and self.kind in _ACTS:
            return "faite"  # an act that is past and not late was done
        return {"passee": "échue", "en_retard": "en retard", "proche": "proche", "a_venir": "à venir"}[self.state]

    @property
    def is_alert(self) -> bool:
        return self.state in ("en_retard", "proche")


# Deadlines that demand an act: once past, they are late rather than simply past.
_ACTS = {"comite", "reunion", "tableau_de_bord", "evaluation", "suite", "manquement"}


def follow_up_deadline(title: str, due: dt.date, today: dt.date) -> Deadline:
    """A follow-up task still to do, as a dated deadline (it is late once past)."""
    return Deadline("suite", f"Suite à donner : {title}", due, "", _state("suite", due, today))


def _state(kind: str, day: dt.date, today: dt.date, done: bool = False) -> str:
    if day < today:
        return "passee" if done or kind not in _ACTS else "en_retard"
    return "proche" if (day - today).days <= SOON_DAYS else "a_venir"


def schedule(
    terms: Terms,
    bodies: list[BodyTerms],
    today: dt.date,
    *,
    dashboard_ready: bool = False,
    evaluations_done: frozenset[str] = frozenset(),
    ends_on: dt.date | None = None,
    breach_delays: tuple[tuple[str, dt.date], ...] = (),
) -> list[Deadline]:
    """Every dated deadline of the convention, sorted, each with its state as of `today`.
    `dashboard_ready`: the shared dashboard exists (Concorde's own is set up at validation);
    `evaluations_done`: the labels of the evaluations concluded; `ends_on`: the end a
    denunciation or a termination set (nothing is due after it, nothing renews);
    `breach_delays`: (party in breach, end of the delay) of each formal notice still open."""
    if not terms.effective:
        return []
    chain = periods(terms, today)
    if ends_on:
        chain = [p for p in chain if p.start <= ends_on]
        if chain:
            chain[-1] = Period(chain[-1].number, chain[-1].start, min(chain[-1].end, ends_on))
    out: list[Deadline] = []

    def add(kind: str, label: str, day: dt.date, detail: str = "", done: bool = False) -> None:
        if ends_on and day > ends_on and kind != "terme":
            return
        out.append(Deadline(kind, label, day, detail, _state(kind, day, today, done)))

    for party, day in breach_delays:
        add(
            "manquement",
            f"Mise en demeure de {party} : fin du délai",
            day,
            "résilier, ou lever la mise en demeure si le manquement a cessé",
        )

    for body in bodies:
        if body.min_per_year:
            due = meeting_due(terms.effective, body.min_per_year, body.last_meeting)
            times = "une fois" if body.min_per_year == 1 else f"{body.min_per_year} fois"
            add("comite", f"{body.label} : prochaine réunion", due, f"au moins {times} par an")
        if body.next_planned:
            # Past and still only planned: it must be declared held (or cancelled).
            add(
                "reunion",
                f"{body.label} : réunion programmée",
                body.next_planned,
                "à déclarer tenue" if body.next_planned < today else "",
            )
    if terms.dashboard_months:
        add(
            "tableau_de_bord",
            "Mise en place du tableau de bord de suivi",
            add_months(terms.effective, terms.dashboard_months),
            f"sous {terms.dashboard_months} mois",
            done=dashboard_ready,
        )
    for label, day in evaluation_dates(terms, chain):
        add("evaluation", label, day, done=label in evaluations_done)
    running = current_period(chain, today)
    remaining = renewals_remaining(terms, chain, today)
    for period in chain[1:]:
        add("reconduction", f"Reconduction tacite n° {period.number}", period.start, f"jusqu'au {period.end:%d/%m/%Y}")
    if len(chain) > 1:
        add("terme", "Terme de la période initiale", chain[0].end)
    if chain:
        unlimited = terms.renewable and terms.renewal_times is None and not ends_on
        add(
            "terme",
            "Fin de la dernière période connue (reconduction sans limite)" if unlimited else "Fin de la convention",
            chain[-1].end,
        )
    if terms.notice and running and (remaining is None or remaining > 0) and not ends_on:
        add(
            "preavis",
            "Dernier jour pour dénoncer la reconduction",
            notice_deadline(running.end, terms.notice),
            f"préavis de {terms.notice} avant le {running.end:%d/%m/%Y}",
        )
    return sorted(out, key=lambda d: (d.date, d.kind))
