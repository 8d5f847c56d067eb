"""The rules of time (the convention's lifecycle, then the deadline engine), as a legal service reads the clauses: month ends, leap years,
renewal chains, notice, bodies' frequency, evaluations, termination for breach."""

import datetime as dt

import pytest

from concorde.conventions import lifecycle as life
from concorde.conventions.lifecycle import DAYS, MONTHS, Span, Terms
from concorde.governance import calendar as cal
from concorde.governance.calendar import BodyTerms

D = dt.date


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # 29 February has no anniversary
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(2025, 1, 15), -1, D(2024, 12, 15)),  # across the year backwards
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # across the year forwards
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_month(day, months, expected):
    assert life.add_months(day, months) == expected


def test_term_ends_the_day_before_the_anniversary():
    chain = life.periods(Terms(D(2024, 3, 15), duration=Span(3)), D(2025, 1, 1))
    assert [(p.start, p.end) for p in chain] == [(D(2024, 3, 15), D(2027, 3, 14))]


def test_a_term_starting_on_29_february():
    chain = life.periods(Terms(D(2024, 2, 29), duration=Span(1), renewal_times=1, renewal=Span(3)), D(2024, 6, 1))
    assert chain[0].end == D(2025, 2, 28)  # the whole of February, no day lost
    assert chain[1].start == D(2025, 3, 1) and chain[1].end == D(2028, 2, 29)


def test_limited_renewal_chain_and_renewals_remaining():
    terms = Terms(D(2021, 1, 1), duration=Span(3), renewal_times=2, renewal=Span(2))
    chain = life.periods(terms, D(2021, 6, 1))
    assert [(p.start, p.end) for p in chain] == [
        (D(2021, 1, 1), D(2023, 12, 31)),
        (D(2024, 1, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), D(2027, 12, 31)),
    ]
    assert life.renewals_remaining(terms, chain, D(2020, 12, 1)) == 2  # not yet in force
    assert life.renewals_remaining(terms, chain, D(2023, 12, 31)) == 2
    assert life.renewals_remaining(terms, chain, D(2024, 1, 1)) == 1
    assert life.renewals_remaining(terms, chain, D(2027, 12, 31)) == 0
    assert life.renewals_remaining(terms, chain, D(2028, 1, 1)) == 0  # ended


def test_renewal_for_the_same_duration_when_the_years_are_unsaid():
    chain = life.periods(Terms(D(2022, 7, 1), duration=Span(2), renewal_times=1), D(2022, 7, 1))
    assert chain[-1].start == D(2024, 7, 1) and chain[-1].end == D(2026, 6, 30)


def test_unlimited_renewal_is_listed_up_to_the_period_after_today():
    terms = Terms(D(2020, 1, 1), duration=Span(1), renewal=Span(1))
    chain = life.periods(terms, D(2023, 5, 10))
    assert chain[-1].start == D(2024, 1, 1)  # running: 2023; next: 2024
    assert life.current_period(chain, D(2023, 5, 10)).number == 3
    assert life.renewals_remaining(terms, chain, D(2023, 5, 10)) is None


def test_no_renewal_when_the_clause_says_zero_times():
    terms = Terms(D(2020, 1, 1), duration=Span(5), renewal_times=0, renewal=Span(1))
    assert len(life.periods(terms, D(2020, 1, 1))) == 1


@pytest.mark.parametrize(
    "end, months, expected",
    [
        (D(2027, 3, 14), 3, D(2026, 12, 14)),
        (D(2027, 5, 31), 3, D(2027, 2, 28)),
        (D(2028, 5, 31), 3, D(2028, 2, 29)),
        (D(2026, 12, 31), 6, D(2026, 6, 30)),
    ],
)
def test_last_day_to_give_notice(end, months, expected):
    assert life.notice_deadline(end, Span(months, MONTHS)) == expected


def test_body_frequency_from_the_effective_date_then_from_the_last_meeting():
    assert cal.meeting_due(D(2025, 1, 31), 2, None) == D(2025, 7, 31)
    assert cal.meeting_due(D(2025, 1, 31), 4, D(2025, 11, 30)) == D(2026, 2, 28)
    assert cal.meeting_due(D(2025, 1, 1), 1, None) == D(2026, 1, 1)
    assert cal.meeting_due(D(2025, 1, 1), 52, None) == D(2025, 2, 1)  # at most monthly in the calendar


def test_breach_timeline():
    assert life.breach_termination(D(2025, 12, 20), Span(30, DAYS)) == D(2026, 1, 19)
    assert life.breach_termination(D(2024, 2, 14), Span(15, DAYS)) == D(2024, 2, 29)


def test_yearly_and_final_evaluations():
    terms = Terms(D(2024, 3, 15), duration=Span(3), evaluation_annual=True, evaluation_final=True)
    dates = cal.evaluation_dates(terms, life.periods(terms, D(2024, 3, 15)))
    assert dates == [
        ("Évaluation annuelle n° 1", D(2025, 3, 15)),
        ("Évaluation annuelle n° 2", D(2026, 3, 15)),
        ("Évaluation finale", D(2027, 3, 14)),
    ]
    yearly_only = Terms(D(2024, 3, 15), duration=Span(3), evaluation_annual=True)
    assert len(cal.evaluation_dates(yearly_only, life.periods(yearly_only, D(2024, 3, 15)))) == 3


def test_evaluations_in_the_years_the_convention_lists():
    terms = Terms(D(2020, 1, 1), duration=Span(6), evaluation_years=(2022, 2020))
    assert cal.evaluation_dates(terms, life.periods(terms, D(2020, 1, 1))) == [
        ("Évaluation 2020", D(2020, 12, 31)),
        ("Évaluation 2022", D(2022, 12, 31)),
    ]


def test_schedule_states_and_order():
    terms = Terms(
        D(2025, 1, 1),
        duration=Span(2),
        renewal_times=1,
        renewal=Span(1),
        notice=Span(3, MONTHS),
        dashboard_months=3,
        evaluation_annual=True,
    )
    today = D(2026, 9, 15)
    deadlines = cal.schedule(
        terms,
        [BodyTerms("Comité de pilotage", 2, last_meeting=D(2026, 4, 1)), BodyTerms("Groupe sans fréquence", None)],
        today,
        dashboard_ready=True,
    )
    by_label = {d.label: d for d in deadlines}
    assert [d.date for d in deadlines] == sorted(d.date for d in deadlines)
    assert by_label["Comité de pilotage : prochaine réunion"].date == D(2026, 10, 1)
    assert by_label["Comité de pilotage : prochaine réunion"].state == "proche"
    assert not any("Groupe sans fréquence" in label for label in by_label)
    assert by_label["Mise en place du tableau de bord de suivi"].state == "passee"  # done, so not late
    assert by_label["Évaluation annuelle n° 1"].state == "en_retard"  # no evaluation recorded
    notice = by_label["Dernier jour pour dénoncer la reconduction"]
    assert notice.date == D(2026, 9, 30) and notice.state == "proche"
    assert by_label["Reconduction tacite n° 1"].date == D(2027, 1, 1)
    assert by_label["Fin de la convention"].date == D(2027, 12, 31)


def test_no_notice_deadline_once_the_last_renewal_runs():
    terms = Terms(D(2025, 1, 1), duration=Span(1), renewal_times=1, notice=Span(2, MONTHS))
    labels = [d.label for d in cal.schedule(terms, [], D(2026, 3, 1))]
    assert "Dernier jour pour dénoncer la reconduction" not in labels
    assert "Fin de la convention" in labels


def test_no_schedule_without_an_effective_date():
    assert (
        cal.schedule(Terms(None, duration=Span(3), notice=Span(3, MONTHS)), [BodyTerms("COPIL", 1)], D(2026, 1, 1))
        == []
    )
