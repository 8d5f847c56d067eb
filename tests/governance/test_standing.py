"""Where a convention stands on a day, from its clauses and the events recorded, as its two
coordinations read it: durations and delays in years, months or days; signed, in force,
renewed, ended; a denunciation in time or too late; a termination."""

import datetime as dt

import pytest

from concorde.conventions import lifecycle as life
from concorde.conventions.lifecycle import DAYS, MONTHS, YEARS, Span, Terms

D = dt.date


@pytest.mark.parametrize(
    "start, length, last_day",
    [
        (D(2024, 1, 15), Span(18, MONTHS), D(2025, 7, 14)),
        (D(2024, 1, 31), Span(1, MONTHS), D(2024, 2, 29)),  # a month from 31 January: all of February
        (D(2025, 1, 31), Span(1, MONTHS), D(2025, 2, 28)),
        (D(2024, 1, 1), Span(90, DAYS), D(2024, 3, 30)),  # the day of effect is the first of the 90
        (D(2024, 2, 29), Span(1, YEARS), D(2025, 2, 28)),
    ],
)
def test_a_period_in_months_or_days(start, length, last_day):
    assert life.periods(Terms(start, duration=length), start)[0].end == last_day


def test_delays_in_months_and_days():
    assert life.breach_termination(D(2025, 12, 31), Span(2, MONTHS)) == D(2026, 2, 28)  # « deux mois »
    assert life.notice_deadline(D(2027, 3, 14), Span(90, DAYS)) == D(2026, 12, 14)
    assert [str(Span(1)), str(Span(3)), str(Span(2, MONTHS)), str(Span(1, DAYS)), str(Span(15, DAYS))] == [
        "1 an",
        "3 ans",
        "2 mois",
        "1 jour",
        "15 jours",
    ]


RENEWED_ONCE = Terms(D(2024, 3, 15), duration=Span(3), renewal_times=1, renewal=Span(2), notice=Span(3, MONTHS))


@pytest.mark.parametrize(
    "today, status, period, ends_on",
    [
        (D(2024, 1, 10), life.SIGNED, None, D(2029, 3, 14)),
        (D(2024, 3, 15), life.IN_FORCE, 0, D(2029, 3, 14)),
        (D(2027, 3, 14), life.IN_FORCE, 0, D(2029, 3, 14)),
        (D(2027, 3, 15), life.RENEWED, 1, D(2029, 3, 14)),
        (D(2029, 3, 15), life.ENDED, None, D(2029, 3, 14)),
    ],
)
def test_standing_through_the_term_and_its_renewal(today, status, period, ends_on):
    now = life.standing(RENEWED_ONCE, today, signed_on=D(2024, 1, 5))
    assert (now.status, now.period.number if now.period else None, now.ends_on) == (status, period, ends_on)


def test_a_renewal_is_told_by_its_rank():
    now = life.standing(RENEWED_ONCE, D(2028, 1, 1))
    assert now.detail == "Reconduite tacitement (1re reconduction), jusqu'au 14/03/2029."


def test_without_dates_the_standing_cannot_be_told():
    assert life.standing(Terms(None), D(2026, 1, 1)).status == life.UNDATED
    signed = life.standing(Terms(None), D(2026, 1, 1), signed_on=D(2025, 6, 1))
    assert signed.status == life.SIGNED and "prise d'effet reste à renseigner" in signed.detail


def test_a_denunciation_in_time_ends_the_convention_at_its_term():
    # last day of notice for the term of 14/03/2027: 14/12/2026
    now = life.standing(RENEWED_ONCE, D(2027, 1, 10), denounced_on=D(2026, 12, 14))
    assert (now.status, now.ends_on, now.period.number) == (life.DENOUNCED, D(2027, 3, 14), 0)
    assert "prend fin le 14/03/2027" in now.detail and "préavis" not in now.detail
    after = life.standing(RENEWED_ONCE, D(2027, 6, 1), denounced_on=D(2026, 12, 14))
    assert (after.status, after.period) == (life.DENOUNCED, None)
    assert "a pris fin le 14/03/2027" in after.detail


def test_a_denunciation_past_the_notice_lets_the_renewal_stand():
    now = life.standing(RENEWED_ONCE, D(2027, 1, 10), denounced_on=D(2026, 12, 15))
    assert (now.status, now.ends_on) == (life.DENOUNCED, D(2029, 3, 14))
    assert "la reconduction qui suivait était acquise" in now.detail


def test_a_denunciation_of_an_unlimited_renewal_stops_the_chain():
    terms = Terms(D(2020, 1, 1), duration=Span(1), renewal=Span(1), notice=Span(30, DAYS))
    assert life.end_after_notice(terms, D(2026, 11, 30)) == D(2026, 12, 31)
    assert life.end_after_notice(terms, D(2026, 12, 2)) == D(2027, 12, 31)


def test_a_termination_sets_the_end_and_then_closes_the_convention():
    before = life.standing(RENEWED_ONCE, D(2025, 5, 1), terminated_on=D(2025, 5, 31))
    assert (before.status, before.ends_on, before.period.number) == (life.TERMINATED, D(2025, 5, 31), 0)
    assert before.detail == "Résiliée : elle prend fin le 31/05/2025."
    after = life.standing(RENEWED_ONCE, D(2025, 6, 1), terminated_on=D(2025, 5, 31))
    assert (after.status, after.period) == (life.TERMINATED, None)
