"""The legal life of a convention as its two coordinations meet it: the status follows the dates
(in force, renewed, ended) everywhere, a denunciation in time or too late, a formal notice for
breach and its delay, a termination; refusals say why in French and leave everything as it was."""

import datetime as dt
import html

import pytest
from django.core import mail
from django.urls import reverse

from concorde.conventions.lifecycle import add_months, add_years
from concorde.conventions.models import Convention
from concorde.governance import legal
from concorde.governance.deadlines import deadlines_of
from concorde.governance.models import Denunciation, FormalNotice, Termination
from concorde.lib.errors import DomainError
from concorde.publication.filters import PortalFilter
from tests.conftest import MONTCLAIR, PARIS, client_for, party
from tests.governance.conftest import TODAY


def _took_effect(convention, day: dt.date) -> Convention:
    """4 years, renewed once for 2 years, 3 months' notice, 30 days after a formal notice."""
    convention.signed_on = day - dt.timedelta(days=10)
    convention.effective_date = day
    convention.save(update_fields=["signed_on", "effective_date"])
    legal.refresh(convention)
    return convention


def _page(client, convention) -> str:
    return html.unescape(client.get(reverse("governance:legal", args=[convention.pk])).content.decode())


def _told(username: str) -> list[str]:
    return [m.subject for m in mail.outbox if m.to and f"{username}@example.org" in m.to]


@pytest.fixture(autouse=True)
def addresses(people):
    for name in ("paris_coord", "montclair_coord", "paris_reader"):
        people[name].email = f"{name}@example.org"
        people[name].save(update_fields=["email"])


@pytest.fixture
def parties(convention):
    labels = {p.label for p in convention.parties.all()}
    assert {PARIS, MONTCLAIR} <= labels, labels
    return party(convention, PARIS), party(convention, MONTCLAIR)


def test_the_status_follows_the_dates_on_the_pages_the_api_and_the_portal(convention, people):
    assert convention.status == Convention.Status.VALIDATED  # no date yet: nothing can be told
    _took_effect(convention, TODAY - dt.timedelta(days=400))
    assert convention.status == Convention.Status.IN_FORCE
    assert convention.ends_on == add_years(TODAY - dt.timedelta(days=400), 6) - dt.timedelta(days=1)
    detail = html.unescape(
        client_for(people["paris_coord"]).get(reverse("conventions:convention", args=[convention.pk])).content.decode()
    )
    assert "En vigueur jusqu'au" in detail and "Validée" not in detail
    api = client_for(people["paris_coord"]).get(f"/api/v1/conventions/{convention.pk}").json()
    assert (api["statut"], api["periode_en_cours"], api["date_fin"]) == ("in_force", 0, convention.ends_on.isoformat())
    listed = client_for(people["paris_coord"]).get("/api/v1/conventions?statut=in_force").json()["items"]
    assert [c["id"] for c in listed] == [convention.pk]
    assert client_for(people["paris_coord"]).get("/api/v1/conventions?statut=ended").json()["items"] == []
    assert client_for(people["paris_coord"]).get("/api/v1/conventions?statut=n-importe").status_code == 422
    Convention.objects.filter(pk=convention.pk).update(is_public=True)
    in_force = PortalFilter({"status": "in_force"}, queryset=Convention.objects.all()).qs
    assert list(in_force) == [convention]
    # four years and a day later, the morning's run finds it renewed, then ended after its renewal
    legal.refresh_all(add_years(convention.effective_date, 4))  # what the morning's run does that day
    convention.refresh_from_db()
    assert (convention.status, convention.period_number, convention.status_label) == (
        Convention.Status.RENEWED,
        1,
        "Reconduite (1re reconduction)",
    )
    assert list(PortalFilter({"status": "in_force"}, queryset=Convention.objects.all()).qs) == [convention]
    legal.refresh_all(add_years(convention.effective_date, 6))
    convention.refresh_from_db()
    assert convention.status == Convention.Status.ENDED
    assert not PortalFilter({"status": "in_force"}, queryset=Convention.objects.all()).qs.exists()


def test_a_denunciation_in_time_ends_the_convention_at_its_term(
    convention, people, parties, django_capture_on_commit_callbacks
):
    _, montclair = parties
    # the term falls in 99 days: the last day of notice is still to come
    _took_effect(convention, add_years(TODAY, -4) + dt.timedelta(days=100))
    term = add_years(convention.effective_date, 4) - dt.timedelta(days=1)
    assert any(d.label == "Dernier jour pour dénoncer la reconduction" for d in deadlines_of(convention, TODAY))
    mail.outbox.clear()
    client = client_for(people["montclair_coord"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("governance:denounce", args=[convention.pk]),
            {
                "denonciation-party": montclair.pk,
                "denonciation-notified_on": TODAY.isoformat(),
                "denonciation-act_number": "2026-118",
                "denonciation-deliberation_date": (TODAY - dt.timedelta(days=3)).isoformat(),
            },
        )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert (convention.status, convention.ends_on) == (Convention.Status.DENOUNCED, term)
    page = _page(client, convention)
    assert f"elle prend fin le {term:%d/%m/%Y}" in page and "délibération n° 2026-118" in page
    assert "Reconduction tacite n° 1" not in [d.label for d in deadlines_of(convention, TODAY)]
    assert not any(d.kind == "preavis" for d in deadlines_of(convention, TODAY))
    assert _told("paris_coord") and _told("montclair_coord")  # both coordinations hear of it
    # still in force until its term, on the portal's filter
    assert convention in PortalFilter({"status": "in_force"}, queryset=Convention.objects.all()).qs


def test_a_denunciation_past_the_notice_lets_the_renewal_stand_and_says_so(convention, people, parties):
    paris, _ = parties
    _took_effect(convention, add_years(TODAY, -4) + dt.timedelta(days=30))  # term in 29 days, notice missed
    legal.denounce(convention, people["paris_coord"], party=paris, notified_on=TODAY)
    convention.refresh_from_db()
    renewal_end = add_years(convention.effective_date, 6) - dt.timedelta(days=1)
    assert convention.ends_on == renewal_end
    page = _page(client_for(people["paris_coord"]), convention)
    assert "Le préavis était dépassé : la reconduction qui suivait était acquise." in page


@pytest.mark.parametrize(
    "who, fields, status, message",
    [
        ("paris_coord", {"notified_on": "2099-01-01"}, 400, "ne peut être datée d'un jour à venir"),
        ("paris_coord", {"notified_on": "2001-01-01"}, 400, "ne peut précéder la signature"),
        ("paris_coord", {"notified_on": "pas une date"}, 400, "Saisissez une date valide"),
        ("montclair_coord", {}, 400, "Sélectionnez un choix valide"),  # Paris's side is not theirs to denounce
        ("paris_reader", {}, 403, ""),
    ],
)
def test_a_refused_denunciation_says_why_keeps_what_was_typed_and_records_nothing(
    convention, people, parties, who, fields, status, message
):
    paris, _ = parties
    _took_effect(convention, TODAY - dt.timedelta(days=400))
    data = {"party": paris.pk, "notified_on": TODAY.isoformat(), "act_number": "2026-7", **fields}
    response = client_for(people[who]).post(
        reverse("governance:denounce", args=[convention.pk]), {f"denonciation-{k}": v for k, v in data.items()}
    )
    assert response.status_code == status
    assert not Denunciation.objects.exists() and not mail.outbox
    convention.refresh_from_db()
    assert convention.status == Convention.Status.IN_FORCE
    if message:
        page = html.unescape(response.content.decode())
        assert message in page and 'value="2026-7"' in page  # the form comes back filled


def test_a_second_denunciation_or_one_of_a_convention_that_does_not_renew_is_refused(convention, people, parties):
    paris, montclair = parties
    _took_effect(convention, TODAY - dt.timedelta(days=400))
    legal.denounce(convention, people["paris_coord"], party=paris, notified_on=TODAY)
    with pytest.raises(DomainError, match="déjà enregistrée"):
        legal.denounce(convention, people["montclair_coord"], party=montclair, notified_on=TODAY)
    Convention.objects.filter(pk=convention.pk).update(tacit_renewal_times=0)
    convention.refresh_from_db()
    Denunciation.objects.all().delete()
    with pytest.raises(DomainError, match="ne se reconduit plus"):
        legal.denounce(convention, people["paris_coord"], party=paris, notified_on=TODAY)


def test_breach_formal_notice_its_delay_then_the_termination(
    convention, people, parties, django_capture_on_commit_callbacks
):
    paris, montclair = parties
    _took_effect(convention, TODAY - dt.timedelta(days=400))
    coord = client_for(people["paris_coord"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coord.post(
            reverse("governance:formal-notice", args=[convention.pk]),
            {
                "demeure-by_party": paris.pk,
                "demeure-to_party": montclair.pk,
                "demeure-notified_on": (TODAY - dt.timedelta(days=40)).isoformat(),
                "demeure-breach": "Le comité technique ne s'est pas réuni depuis un an.",
            },
        )
    assert response.status_code == 302
    notice = FormalNotice.objects.get()
    assert notice.delay_ends_on == TODAY - dt.timedelta(days=10)  # the clause's 30 days
    assert _told("montclair_coord") and _told("paris_coord")
    late = [d for d in deadlines_of(convention, TODAY) if d.kind == "manquement"]
    assert [(d.label, d.state) for d in late] == [(f"Mise en demeure de {MONTCLAIR} : fin du délai", "en_retard")]
    # a second notice, whose delay still runs, does not allow a termination yet
    fresh = legal.give_formal_notice(
        convention, people["paris_coord"], by_party=paris, to_party=montclair, notified_on=TODAY, breach="Autre"
    )
    for effective_on, refusal in ((TODAY, "ne peut prendre effet avant"), (fresh.delay_ends_on, "n'est pas écoulé")):
        with pytest.raises(DomainError, match=refusal):
            legal.terminate(
                convention,
                people["paris_coord"],
                ground=Termination.Ground.BREACH,
                party=paris,
                effective_on=effective_on,
                formal_notice=fresh,
            )
    # the other party cannot pronounce it on Paris's notice
    with pytest.raises(DomainError, match="partie qui a mis en demeure"):
        legal.terminate(
            convention,
            people["montclair_coord"],
            ground=Termination.Ground.BREACH,
            party=montclair,
            effective_on=TODAY,
            formal_notice=notice,
        )
    assert not Termination.objects.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coord.post(
            reverse("governance:terminate", args=[convention.pk]),
            {
                "resiliation-ground": Termination.Ground.BREACH,
                "resiliation-party": paris.pk,
                "resiliation-formal_notice": notice.pk,
                "resiliation-effective_on": (TODAY + dt.timedelta(days=30)).isoformat(),
            },
        )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert (convention.status, convention.ends_on) == (Convention.Status.TERMINATED, TODAY + dt.timedelta(days=30))
    assert _told("montclair_coord") and _told("paris_coord")
    assert all(d.date <= convention.ends_on for d in deadlines_of(convention, TODAY))
    page = _page(coord, convention)
    assert "Résiliée : elle prend fin le" in page and "Enregistrer un événement" not in page
    with pytest.raises(DomainError, match="résiliée"):
        legal.denounce(convention, people["paris_coord"], party=paris, notified_on=TODAY)


def test_a_lifted_formal_notice_no_longer_founds_a_termination(convention, people, parties):
    paris, montclair = parties
    _took_effect(convention, TODAY - dt.timedelta(days=400))
    notice = legal.give_formal_notice(
        convention,
        people["paris_coord"],
        by_party=paris,
        to_party=montclair,
        notified_on=TODAY - dt.timedelta(days=40),
        breach="Indicateurs non renseignés",
    )
    response = client_for(people["paris_coord"]).post(
        reverse("governance:lift-notice", args=[convention.pk, notice.pk]), {"lifted_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    assert not [d for d in deadlines_of(convention, TODAY) if d.kind == "manquement"]
    notice.refresh_from_db()
    with pytest.raises(DomainError, match="levée"):
        legal.terminate(
            convention,
            people["paris_coord"],
            ground=Termination.Ground.BREACH,
            party=paris,
            effective_on=TODAY,
            formal_notice=notice,
        )


def test_durations_and_delays_in_months_and_days(convention, people, parties):
    paris, montclair = parties
    Convention.objects.filter(pk=convention.pk).update(
        duration=18, duration_unit="months", tacit_renewal_times=0, breach_delay=2, breach_unit="months"
    )
    convention.refresh_from_db()
    _took_effect(convention, dt.date(2025, 12, 31))
    assert (convention.duration_label, convention.breach_label) == ("18 mois", "2 mois")
    assert convention.ends_on == dt.date(2027, 6, 30)
    notice = legal.give_formal_notice(
        convention, people["paris_coord"], by_party=paris, to_party=montclair, notified_on=TODAY, breach="Retard"
    )
    assert notice.delay_ends_on == add_months(TODAY, 2)


def test_the_dates_the_document_did_not_give_are_recorded_once(convention, people):
    assert convention.status == Convention.Status.VALIDATED and convention.effective_date is None
    client = client_for(people["montclair_coord"])
    url = reverse("governance:record-dates", args=[convention.pk])
    page = _page(client, convention)
    assert "Dates de signature et de prise d'effet" in page
    refused = client.post(url, {"dates-signed_on": (TODAY + dt.timedelta(days=1)).isoformat()})
    assert refused.status_code == 400 and "jour à venir" in html.unescape(refused.content.decode())
    assert client.post(url, {"dates-signed_on": (TODAY - dt.timedelta(days=30)).isoformat()}).status_code == 302
    convention.refresh_from_db()
    assert convention.status == Convention.Status.SIGNED  # signed, its effect still to tell
    client.post(url, {"dates-effective_date": (TODAY - dt.timedelta(days=20)).isoformat()})
    convention.refresh_from_db()
    assert (convention.status, convention.effective_date) == (Convention.Status.IN_FORCE, TODAY - dt.timedelta(days=20))
    assert "Dates de signature et de prise d'effet" not in _page(client, convention)  # known: by avenant only
    with pytest.raises(DomainError, match="ne change que par avenant"):
        legal.record_dates(convention, people["paris_coord"], signed_on=TODAY, effective_date=None)
    assert client_for(people["paris_reader"]).post(url, {}).status_code == 403


def test_an_ended_convention_is_neither_denounced_nor_terminated(convention, people, parties):
    paris, _ = parties
    _took_effect(convention, TODAY - dt.timedelta(days=365 * 7))
    assert convention.status == Convention.Status.ENDED
    with pytest.raises(DomainError, match="a pris fin"):
        legal.denounce(convention, people["paris_coord"], party=paris, notified_on=TODAY)
    with pytest.raises(DomainError, match="a pris fin"):
        legal.terminate(
            convention, people["paris_coord"], ground=Termination.Ground.AGREEMENT, party=paris, effective_on=TODAY
        )
    assert not Denunciation.objects.exists() and not Termination.objects.exists()


def test_the_last_renewal_running_there_is_nothing_to_denounce(convention, people, parties):
    paris, _ = parties
    _took_effect(convention, TODAY - dt.timedelta(days=365 * 5))  # in its one and only renewal
    assert convention.status == Convention.Status.RENEWED
    with pytest.raises(DomainError, match="ne se reconduit plus"):
        legal.denounce(convention, people["paris_coord"], party=paris, notified_on=TODAY)
