"""The REST API: public read of published data only; members read and write under the same policy
as the pages; tokens for machine clients; French errors; no server error under a property-based run."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from concorde.api.models import ApiQuota, ApiToken, digest
from concorde.conventions import tracking
from concorde.conventions.models import Convention, Indicator, Measurement
from tests.conftest import MONTCLAIR, PARIS, act, client_for, party

API = "/api/v1"


def _call(method, path, user_or_token=None, body=None, client=None):
    client = client or Client()
    headers = {}
    if isinstance(user_or_token, str):
        headers["HTTP_AUTHORIZATION"] = f"Bearer {user_or_token}"
    elif user_or_token is not None:
        client.force_login(user_or_token)
    kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
    response = getattr(client, method)(API + path, **kwargs, **headers)
    return response.status_code, response.json() if response.content else None


def _publish(convention, budgets=False):
    convention.parties.update(publish=True, publish_budgets=budgets)
    Convention.objects.filter(pk=convention.pk).update(is_public=True, public_budgets=budgets)


def _token(user):
    return ApiToken.issue(user, "test")[1]


def test_public_read_is_published_data_only(convention, paris_draft, people):
    status, body = _call("get", "/conventions")
    assert status == 200 and body == {"items": [], "count": 0}
    assert _call("get", f"/conventions/{convention.pk}")[0] == 404
    _publish(convention)
    status, body = _call("get", "/conventions")
    assert [c["id"] for c in body["items"]] == [convention.pk] and body["items"][0]["parties"][0]["nom"] == PARIS
    n1 = act(convention, "n°1")
    n1.budget_text = "80 000 €"
    n1.save()
    status, body = _call("get", f"/conventions/{convention.pk}/actions?page_size=500")
    assert status == 422  # page size bounded
    status, body = _call("get", f"/conventions/{convention.pk}/actions?page_size=200")
    assert body["count"] == convention.actions.count() and all(a["budget"] is None for a in body["items"])
    assert (
        _call("get", f"/conventions/{convention.pk}/actions/{n1.pk}", people["paris_reader"])[1]["budget"] == "80 000 €"
    )
    assert _call("get", f"/conventions/{paris_draft.pk}")[0] == 404  # a draft, never
    assert _call("get", f"/conventions/{paris_draft.pk}", people["montclair_coord"])[0] == 404
    assert _call("get", f"/conventions/{paris_draft.pk}", people["paris_coord"])[0] == 200  # its importer


def test_members_read_their_unpublished_convention(convention, people):
    assert [c["id"] for c in _call("get", "/conventions", people["montclair_pilot"])[1]["items"]] == [convention.pk]
    assert _call("get", "/conventions", people["outsider"])[1]["count"] == 0
    status, body = _call("get", f"/conventions/{convention.pk}", _token(people["paris_reader"]))
    assert status == 200 and [a["numero"] for a in body["axes"]][:2] == ["1", "2"]


def test_public_sees_only_validated_measurements(convention, people):
    _publish(convention)
    indicator = Indicator.objects.create(action=act(convention, "n°1"), label="Jours d'ouverture", target_value=60)
    ok = tracking.enter_measurement(indicator, party(convention, PARIS), people["paris_coord"], 10, dt.date(2026, 5, 1))
    tracking.review_measurement(ok, people["montclair_coord"], accept=True)
    tracking.enter_measurement(indicator, party(convention, PARIS), people["paris_coord"], 99, dt.date(2026, 6, 1))
    assert [m["valeur"] for m in _call("get", f"/indicateurs/{indicator.pk}/mesures")[1]["items"]] == ["10.00"]
    assert len(_call("get", f"/indicateurs/{indicator.pk}/mesures", people["paris_reader"])[1]["items"]) == 2


@pytest.mark.parametrize(
    "who, expected",
    [
        ("paris_pilot", 200),
        ("paris_coord", 200),
        ("montclair_coord", 200),
        ("montclair_pilot", 403),
        ("paris_reader", 403),
        ("outsider", 404),
        (None, 401),
    ],
)
def test_tracking_write_follows_the_policy(convention, people, who, expected):
    action = act(convention, "n°1")  # piloted by the DPE for the Ville de Paris, the DST for Montclair
    action.pilots.filter(party__label=MONTCLAIR).delete()
    token = _token(people[who]) if who else None
    status, body = _call(
        "patch",
        f"/conventions/{convention.pk}/actions/{action.pk}",
        token,
        {"version": action.lock_version, "statut": "in_progress", "avancement": 35},
    )
    assert status == expected, body
    action.refresh_from_db()
    assert (action.progress == 35) is (expected == 200)
    if expected != 200:
        assert body["detail"] and action.lock_version == 0


def test_stale_write_is_refused_with_the_current_values(convention, people):
    action = act(convention, "n°1")
    token = _token(people["paris_coord"])
    path = f"/conventions/{convention.pk}/actions/{action.pk}"
    assert _call("patch", path, token, {"version": 0, "avancement": 20})[0] == 200
    status, body = _call("patch", path, token, {"version": 0, "avancement": 90})
    assert status == 409 and body["action"]["avancement"] == 20 and body["action"]["version"] == 1
    assert "modifiée entre-temps" in body["detail"]
    status, body = _call("patch", path, token, {"version": 1, "avancement": 101})
    assert (
        status == 422 and body["detail"] == "Données invalides." and body["erreurs"][0]["champ"].endswith("avancement")
    )
    status, body = _call("patch", path, token, {"version": 1, "debut": "2026-05-01", "fin_prevue": "2026-04-01"})
    assert status == 400 and "précède" in body["detail"]


def test_measurement_entered_by_one_party_validated_by_the_other(convention, people):
    indicator = Indicator.objects.create(action=act(convention, "n°1"), label="Analyses conformes", target_value=20)
    status, body = _call(
        "post",
        f"/indicateurs/{indicator.pk}/mesures",
        _token(people["paris_pilot"]),
        {"valeur": "12.5", "date": "2026-07-01", "commentaire": "relevé de juillet"},
    )
    assert status == 201 and body["etat"] == "pending"
    path = f"/mesures/{body['id']}/avis"
    assert _call("post", path, _token(people["paris_coord"]), {"decision": "valider"})[0] == 403  # its own party
    assert _call("post", path, _token(people["montclair_coord"]), {"decision": "contester"})[0] == 400  # no reason
    status, body = _call("post", path, _token(people["montclair_coord"]), {"decision": "valider"})
    assert status == 200 and Measurement.objects.get(pk=body["id"]).status == Measurement.Status.VALIDATED
    status, body = _call(
        "post",
        f"/indicateurs/{indicator.pk}/mesures",
        _token(people["outsider"]),
        {"valeur": "1", "date": "2026-07-01"},
    )
    assert status == 404


def test_tokens_are_shown_once_kept_hashed_and_revocable(convention, people):
    client = client_for(people["paris_coord"])
    page = client.post(reverse("api_tokens:api-tokens"), {"name": "Tableau de bord DPE"}).content.decode()
    token = ApiToken.objects.get(name="Tableau de bord DPE")
    clear = page.split('id="jeton-cree" type="text" readonly value="')[1].split('"')[0]
    assert token.key_hash == digest(clear) and clear not in str(ApiToken.objects.values())
    assert _call("get", "/conventions", clear)[1]["count"] == 1
    assert clear not in client.get(reverse("api_tokens:api-tokens")).content.decode()  # shown once
    client_for(people["montclair_coord"]).post(reverse("api_tokens:api-token-revoke", args=[token.pk]))  # not theirs
    assert _call("get", "/conventions", clear)[0] == 200
    client.post(reverse("api_tokens:api-token-revoke", args=[token.pk]))
    status, body = _call("get", "/conventions", clear)
    assert status == 401 and body["detail"] == "Jeton d'API invalide ou révoqué."
    assert _call("get", "/conventions", "n'importe quoi")[0] == 401
    assert Client().get(API + "/conventions", HTTP_AUTHORIZATION="Basic abc").status_code == 401


def test_session_writes_need_the_csrf_token(convention, people):
    action = act(convention, "n°1")
    client = Client(enforce_csrf_checks=True)
    status, body = _call(
        "patch",
        f"/conventions/{convention.pk}/actions/{action.pk}",
        people["paris_coord"],
        {"version": 0, "avancement": 50},
        client=client,
    )
    assert status == 403 and "CSRF" in body["detail"]
    action.refresh_from_db()
    assert action.progress == 0


def test_openapi_document_describes_the_api(db):
    status, body = _call("get", "/openapi.json")
    assert status == 200 and body["info"]["title"] == "API Concorde"
    assert {"/api/v1/conventions", "/api/v1/conventions/{pk}/actions/{action_pk}", "/api/v1/deliberations"} <= set(
        body["paths"]
    )
    assert "BearerAuth" in json.dumps(body["components"]["securitySchemes"]) or "TokenAuth" in json.dumps(body)


def test_property_based_run_finds_no_server_error(convention, people):
    """schemathesis generates requests from the OpenAPI document, anonymous and with a member's token."""
    import schemathesis  # a declared test dependency (pyproject's test extras)
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error

    _publish(convention, budgets=True)
    indicator = Indicator.objects.create(action=act(convention, "n°1"), label="Visiteurs", target_value=Decimal("1500"))
    tracking.enter_measurement(indicator, party(convention, PARIS), people["paris_coord"], 10, dt.date(2026, 5, 1))
    token = _token(people["montclair_coord"])
    # As Django's test client does: the WSGI handler must not close the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi(API + "/openapi.json", get_wsgi_application())
        for headers in ({}, {"Authorization": f"Bearer {token}"}):

            @given(case=schema.as_strategy())
            @settings(
                max_examples=150,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case):
                case.call_and_validate(headers=headers, checks=[not_a_server_error])  # noqa: B023 - run at once, in this turn

            run()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_quotas_per_address_for_the_public_and_per_person_for_members(convention, people, settings, monkeypatch):
    from concorde.api import quota

    settings.CONCORDE_API_QUOTA_PUBLIC, settings.CONCORDE_API_QUOTA_MEMBER = 3, 4
    now = [1_200_000.0]  # the start of a minute window (20,000 × 60 s)
    monkeypatch.setattr(quota, "clock", lambda: now[0])
    _publish(convention)
    visitor = Client(REMOTE_ADDR="10.1.1.1")
    assert [visitor.get(API + "/conventions").status_code for _ in range(3)] == [200, 200, 200]
    now[0] += 20
    refused = visitor.get(API + "/conventions")
    assert refused.status_code == 429 and refused["Retry-After"] == "40"
    assert refused.json()["detail"] == "Trop de requêtes : le quota de cette minute est atteint, réessayer dans 40 s."
    assert Client(REMOTE_ADDR="10.1.1.2").get(API + "/conventions").status_code == 200  # another address
    # a member is counted as a person, from any address and by token or session alike
    token = _token(people["paris_coord"])
    member = [
        Client(REMOTE_ADDR="10.1.1.1").get(API + "/conventions", HTTP_AUTHORIZATION=f"Bearer {token}").status_code
        for _ in range(3)
    ]
    member.append(client_for(people["paris_coord"]).get(API + "/conventions", REMOTE_ADDR="10.7.7.7").status_code)
    member.append(Client().get(API + "/conventions", HTTP_AUTHORIZATION=f"Bearer {token}").status_code)
    assert member == [200, 200, 200, 200, 429]
    now[0] += 40  # the next minute
    assert visitor.get(API + "/conventions").status_code == 200
    now[0] += 60  # and the one after: the counts of minutes over are deleted
    assert visitor.get(API + "/conventions").status_code == 200
    assert sorted(ApiQuota.objects.values_list("minute", flat=True)) == [20_001, 20_002]


def test_behind_a_proxy_the_public_quota_counts_each_client(convention, settings, monkeypatch):
    from concorde.api import quota

    settings.CONCORDE_PROXIES, settings.CONCORDE_API_QUOTA_PUBLIC = 1, 2
    monkeypatch.setattr(quota, "clock", lambda: 2_000_000.0)
    _publish(convention)
    proxy = Client(REMOTE_ADDR="127.0.0.1")

    def get(forwarded):
        return proxy.get(API + "/conventions", HTTP_X_FORWARDED_FOR=forwarded).status_code

    # the client's own X-Forwarded-For (on the left) changes nothing: the proxy's entry counts
    assert [get("1.1.1.1, 203.0.113.9"), get("2.2.2.2, 203.0.113.9"), get("203.0.113.9")] == [200, 200, 429]
    assert get("198.51.100.4") == 200
