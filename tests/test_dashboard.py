"""The shared dashboard: who writes what (a matrix), tracking rules, stale saves, bounded queries."""

import datetime as dt

import pytest
from django.core.cache import cache, caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concorde.conventions import services, tracking
from concorde.conventions.models import Action, ActionPilot, Axis, Indicator, Measurement, Update
from concorde.ingest.loader import import_document, organisation_for

from .conftest import MAX, MONTCLAIR, PARIS, act, client_for, party, service_named

ALL = ["paris_coord", "paris_pilot", "paris_reader", "montclair_coord", "montclair_pilot", "outsider", "admin", None]


@pytest.mark.parametrize("who", ALL)
@pytest.mark.parametrize("page", ["dashboard", "action", "portfolio", "my-actions"])
def test_who_reads_what(convention, people, who, page):
    client = client_for(people.get(who))
    url = {
        "dashboard": reverse("dashboard:dashboard", args=[convention.pk]),
        "action": reverse("dashboard:action", args=[convention.pk, act(convention, "n°1").pk]),
        "portfolio": reverse("dashboard:portfolio"),
        "my-actions": reverse("dashboard:my-actions"),
    }[page]
    response = client.get(url)
    if who is None:
        assert response.status_code == 302
    elif who == "outsider" and page in ("dashboard", "action"):
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        if page == "portfolio":
            assert (convention.title in response.content.decode()) == (who != "outsider")


TRACK_EXPECTED = {  # action n°1 is piloted by DPE (Paris) and DST (Montclair); n°4 by DAC and the médiathèque
    ("paris_coord", "n°1"): 302,
    ("paris_pilot", "n°1"): 302,
    ("montclair_coord", "n°1"): 302,
    ("montclair_pilot", "n°1"): 302,
    ("paris_reader", "n°1"): 403,
    ("outsider", "n°1"): 404,
    ("admin", "n°1"): 302,
    (None, "n°1"): 302,
    ("paris_pilot", "n°4"): 403,
    ("montclair_pilot", "n°4"): 403,
    ("paris_coord", "n°4"): 302,
}


@pytest.mark.parametrize("who, number", list(TRACK_EXPECTED))
def test_who_tracks_an_action(convention, people, who, number):
    action = act(convention, number)
    response = client_for(people.get(who)).post(
        reverse("dashboard:track", args=[convention.pk, action.pk]),
        {"status": "in_progress", "progress": "40", "lock_version": action.lock_version},
    )
    assert response.status_code == TRACK_EXPECTED[(who, number)]
    action.refresh_from_db()
    changed = who is not None and response.status_code == 302
    assert (action.status == "in_progress") == changed
    if who is None:
        assert response["Location"].startswith(reverse("territories:login"))


@pytest.mark.parametrize(
    "who, side, expected",
    [
        ("paris_coord", PARIS, 302),
        ("paris_pilot", PARIS, 302),
        ("montclair_pilot", MONTCLAIR, 302),
        ("paris_coord", MONTCLAIR, 400),  # forged: writing on the other party's side
        ("paris_reader", PARIS, 403),
        ("outsider", PARIS, 404),
    ],
)
def test_updates_are_written_on_ones_own_side_only(convention, people, who, side, expected):
    action = act(convention, "n°1")
    response = client_for(people[who]).post(
        reverse("dashboard:post-update", args=[convention.pk, action.pk]),
        {
            "party": party(convention, side).pk,
            "date": "2026-03-01",
            "text": "Réunion de lancement tenue.",
            "evidence": SimpleUploadedFile("compte-rendu.txt", b"compte rendu"),
        },
    )
    assert response.status_code == expected
    assert Update.objects.filter(action=action).count() == (1 if expected == 302 else 0)
    if expected == 302:
        update = Update.objects.get()
        assert update.party.label == side and update.evidence.get().original_name == "compte-rendu.txt"


def test_measurement_entered_by_one_party_is_validated_or_disputed_by_the_other(convention, people):
    action = act(convention, "n°1")
    indicator = action.indicators.get(target_value=60)
    url = reverse("dashboard:post-measurement", args=[convention.pk, action.pk])
    forged = client_for(people["paris_pilot"]).post(
        url, {"indicator": indicator.pk, "party": party(convention, MONTCLAIR).pk, "value": "12", "date": "2026-07-01"}
    )
    assert forged.status_code == 400 and not Measurement.objects.exists()
    client_for(people["paris_pilot"]).post(
        url, {"indicator": indicator.pk, "party": party(convention, PARIS).pk, "value": "12", "date": "2026-07-01"}
    )
    m = Measurement.objects.get()
    assert m.status == "pending" and m.party.label == PARIS
    review = reverse("dashboard:review-measurement", args=[convention.pk, action.pk, m.pk])
    for who in ("paris_coord", "montclair_pilot", "paris_pilot"):
        assert client_for(people[who]).post(review, {"decision": "validate"}).status_code == 403
    empty_reason = client_for(people["montclair_coord"]).post(review, {"decision": "dispute", "reason": ""})
    m.refresh_from_db()
    assert empty_reason.status_code == 302 and m.status == "pending"
    client_for(people["montclair_coord"]).post(
        review, {"decision": "dispute", "reason": "Le site n'a ouvert que 10 jours."}
    )
    m.refresh_from_db()
    assert m.status == "disputed" and m.dispute_reason.startswith("Le site")
    page = (
        client_for(people["paris_reader"])
        .get(reverse("dashboard:action", args=[convention.pk, action.pk]))
        .content.decode()
    )
    assert "Contestée" in page and "Le site n&#x27;a ouvert que 10 jours." in page
    resolve = reverse("dashboard:resolve-measurement", args=[convention.pk, action.pk, m.pk])
    assert client_for(people["montclair_coord"]).post(resolve, {"resolution": "x"}).status_code == 403
    client_for(people["paris_pilot"]).post(resolve, {"resolution": "Valeur corrigée.", "corrected_value": "10"})
    m.refresh_from_db()
    assert (m.status, m.value) == ("pending", 10)
    client_for(people["montclair_coord"]).post(review, {"decision": "validate"})
    m.refresh_from_db()
    assert m.status == "validated" and m.reviewed_by == people["montclair_coord"]
    assert m.history.count() >= 4


def test_updates_are_hidden_then_restored_never_deleted(convention, people):
    action = act(convention, "n°1")
    update = tracking.post_update(
        action, party(convention, PARIS), people["paris_pilot"], dt.date(2026, 3, 1), "Lancement."
    )
    hide = reverse("dashboard:hide-update", args=[convention.pk, action.pk, update.pk])
    assert client_for(people["montclair_coord"]).post(hide).status_code == 403
    client_for(people["paris_coord"]).post(hide)
    update.refresh_from_db()
    assert update.is_deleted and Update.objects.filter(pk=update.pk).exists()
    page = (
        client_for(people["montclair_pilot"])
        .get(reverse("dashboard:action", args=[convention.pk, action.pk]))
        .content.decode()
    )
    assert "Lancement." not in page
    client_for(people["paris_pilot"]).post(
        reverse("dashboard:restore-update", args=[convention.pk, action.pk, update.pk])
    )
    update.refresh_from_db()
    assert not update.is_deleted


def test_forged_ids_from_another_convention_are_refused(convention, people, corpus):
    other = import_document(
        corpus["003"].read_bytes(),
        "003.txt",
        user=people["paris_coord"],
        organisation=organisation_for(PARIS, None),
        max_bytes=MAX,
    ).convention
    services.validate(other, people["paris_coord"])
    foreign = other.actions.first()
    response = client_for(people["paris_coord"]).post(
        reverse("dashboard:track", args=[convention.pk, foreign.pk]),
        {"status": "done", "progress": "100", "lock_version": 0},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "planned"


def test_a_stale_save_is_refused_and_shows_the_other_change(convention, people):
    action = act(convention, "n°1")
    first, second = client_for(people["paris_pilot"]), client_for(people["montclair_pilot"])
    url = reverse("dashboard:track", args=[convention.pk, action.pk])
    version = action.lock_version  # both pages were loaded at this version
    assert first.post(url, {"status": "in_progress", "progress": "30", "lock_version": version}).status_code == 302
    response = second.post(url, {"status": "blocked", "progress": "10", "lock_version": version})
    assert response.status_code == 409
    html = response.content.decode()
    assert "modifiée entre-temps" in html and "En cours" in html and "30" in html
    action.refresh_from_db()
    assert (action.status, action.progress, action.lock_version) == ("in_progress", 30, version + 1)


def test_rollup_from_sub_actions_to_axes_and_convention(convention):
    n2, n21, n22 = act(convention, "n°2"), act(convention, "2.1"), act(convention, "2.2")
    Action.objects.filter(pk=n21.pk).update(progress=50)
    Action.objects.filter(pk=n22.pk).update(status="done")
    Action.objects.filter(number="n°1", convention=convention).update(progress=20)
    Action.objects.filter(number="n°3", convention=convention).update(status="abandoned")
    Action.objects.filter(number="n°4", convention=convention).update(progress=40)
    result = tracking.rollup(list(convention.actions.all()))
    assert result["actions"][n2.pk] == 75  # mean of 50 and 100
    axes = {a.number: result["axes"][a.id] for a in convention.axes.all()}
    assert axes == {"1": (20 + 75) / 2, "2": 40}  # the abandoned action does not count
    assert result["convention"] == (20 + 75 + 40) / 3


def test_late_actions(convention):
    action = act(convention, "n°1")
    action.due_date = dt.date(2026, 1, 1)
    assert tracking.is_late(action, dt.date(2026, 2, 1)) and not tracking.is_late(action, dt.date(2025, 12, 1))
    action.status = "done"
    assert not tracking.is_late(action, dt.date(2026, 2, 1))


def test_dashboard_filters_and_changes_since(convention, people):
    action = act(convention, "n°1")
    tracking.save_tracking(action.pk, action.lock_version, {"status": "late", "progress": 10}, people["paris_coord"])
    client = client_for(people["montclair_coord"])

    def table(params):
        html = client.get(reverse("dashboard:dashboard", args=[convention.pk]), params).content.decode()
        rows, changes = html.split("Ce qui a changé")
        return rows.split("titre-actions")[-1], changes

    rows, changes = table({"late": "on"})
    assert "Ouvrir un site de baignade" in rows and "Relier les deux tronçons" not in rows
    rows, changes = table({"pilot": "DEVE"})
    assert "Planter des arbres" in rows and "Ouvrir un site de baignade" not in rows
    assert "Ouvrir un site de baignade" in changes and "En retard, 10 %" in changes


def test_a_draft_has_no_dashboard_and_an_unknown_convention_none(paris_draft, people):
    for who in ("paris_coord", "admin"):
        client = client_for(people[who])
        assert client.get(reverse("dashboard:dashboard", args=[paris_draft.pk])).status_code == 404
        assert client.get(reverse("dashboard:dashboard", args=[paris_draft.pk + 1000])).status_code == 404


def test_filtered_views_are_made_from_the_materialised_dashboard(convention, people):
    """Filtering by axis, status or party reads no action again: it filters the rendered rows."""
    course, expos = act(convention, "n°3"), act(convention, "n°4")
    tracking.save_tracking(course.pk, course.lock_version, {"status": "paused"}, people["paris_coord"])
    ActionPilot.objects.filter(action=expos, party=party(convention, MONTCLAIR)).delete()  # Paris alone pilots n°4
    axis2 = Axis.objects.get(convention=convention, number="2")
    client = client_for(people["montclair_coord"])
    url = reverse("dashboard:dashboard", args=[convention.pk])
    client.get(url)  # the default view: materialised

    def rows(params):
        html = client.get(url, params).content.decode()
        return html, html.split("titre-actions")[-1].split("Ce qui a changé")[0]

    with CaptureQueriesContext(connection) as reading:
        paused, paused_rows = rows({"status": "paused"})
        by_axis, axis_rows = rows({"axis": axis2.pk})
        _, party_rows = rows({"party": party(convention, MONTCLAIR).pk, "late": ""})
    assert not [q["sql"] for q in reading.captured_queries if '"conventions_action"' in q["sql"]]
    assert course.title in paused_rows and expos.title not in paused_rows and "Actions (1)" in paused
    assert '<option value="paused" selected>' in paused
    assert course.title in axis_rows and expos.title in axis_rows and "Planter des arbres" not in axis_rows
    assert f'<option value="{axis2.pk}" selected>' in by_axis
    assert expos.title not in party_rows and course.title in party_rows and "Planter des arbres" in party_rows
    nothing, nothing_rows = rows({"status": "blocked"})
    assert "Aucune action ne correspond aux filtres." in nothing_rows and "Actions (0)" in nothing
    _, unknown_axis_rows = rows({"axis": "999999"})  # not an axis of this convention: the whole table
    assert course.title in unknown_axis_rows and "Planter des arbres" in unknown_axis_rows


def test_dashboard_queries_do_not_grow_with_the_number_of_actions(convention, people):
    client = client_for(people["paris_coord"])

    def grow_to(n):
        axis = Axis.objects.filter(convention=convention).first()
        have = convention.actions.count()
        Action.objects.bulk_create(
            [
                Action(convention=convention, axis=axis, title=f"Action synthétique {i}", order=100 + i)
                for i in range(have, n)
            ]
        )
        for a in convention.actions.filter(title__startswith="Action synthétique")[:5]:
            Indicator.objects.create(action=a, label="Nombre", target_value=10)

    def count():
        cache.clear()  # the uncached page is the one whose queries must not grow
        caches["local"].clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("dashboard:dashboard", args=[convention.pk])).status_code == 200
        return len(ctx.captured_queries)

    grow_to(10)
    small = count()
    grow_to(200)
    assert convention.actions.count() == 200
    assert count() == small


def test_portfolio_shows_progress_late_actions_and_next_deadline(convention, people):
    a1, a3 = act(convention, "n°1"), act(convention, "n°3")
    tracking.save_tracking(
        a1.pk, a1.lock_version, {"progress": 60, "due_date": dt.date(2000, 1, 1)}, people["paris_coord"]
    )
    tracking.save_tracking(a3.pk, a3.lock_version, {"due_date": dt.date(2999, 5, 1)}, people["paris_coord"])
    html = client_for(people["montclair_pilot"]).get(reverse("dashboard:portfolio")).content.decode()
    convention.refresh_from_db()
    assert convention.progress == pytest.approx((60 + 0 + 0 + 0) / 4)
    assert "1 / 6" in html  # one late action out of six
    assert "01/05/2999 — Organiser une course annuelle" in html
    assert f"{convention.progress:.0f} %" in html


def test_each_coordination_names_the_pilots_of_its_own_side(convention, people, django_user_model):
    from concorde.territories.models import Membership

    action = act(convention, "n°4")  # not piloted by DPE
    paris = party(convention, PARIS)
    newcomer = django_user_model.objects.create_user("paris_newcomer", password="x")
    Membership.objects.create(
        user=newcomer,
        organisation=paris.organisation,
        role="pilot",
        service=service_named(paris.organisation, "Mission Métropole"),
    )
    libraries = service_named(paris.organisation, "Bibliothèques")
    montclair_service = service_named(party(convention, MONTCLAIR).organisation, "Médiathèque")
    url = reverse("dashboard:side-pilot", args=[convention.pk, action.pk, paris.pk])
    data = {
        f"side{paris.pk}-party": paris.pk,
        f"side{paris.pk}-services": [libraries.pk],
        f"side{paris.pk}-users": [newcomer.pk],
    }
    assert client_for(people["montclair_coord"]).post(url, data).status_code == 403
    assert client_for(people["paris_pilot"]).post(url, data).status_code == 403
    track = reverse("dashboard:track", args=[convention.pk, action.pk])
    assert (
        client_for(newcomer).post(track, {"status": "in_progress", "progress": "5", "lock_version": 0}).status_code
        == 403
    )
    # a party's pilots are its own services: another organisation's service is refused, nothing changes
    forged = {**data, f"side{paris.pk}-services": [montclair_service.pk]}
    assert client_for(people["paris_coord"]).post(url, forged).status_code == 400
    assert client_for(people["paris_coord"]).post(url, data).status_code == 302
    pilot = action.pilots.get(party=paris)
    assert (
        pilot.service == "DAC" and list(pilot.services.all()) == [libraries] and list(pilot.users.all()) == [newcomer]
    )
    assert (
        client_for(newcomer).post(track, {"status": "in_progress", "progress": "5", "lock_version": 0}).status_code
        == 302
    )


def test_coordinations_keep_the_indicators(convention, people):
    action = act(convention, "n°4")
    add = reverse("dashboard:add-indicator", args=[convention.pk, action.pk])
    data = {
        "new-indicator-label": "Visiteurs des expositions",
        "new-indicator-target_value": "2500,5",
        "new-indicator-unit": "personnes",
        "new-indicator-baseline": "0",
    }
    assert client_for(people["paris_pilot"]).post(add, data).status_code == 403
    assert client_for(people["montclair_coord"]).post(add, data).status_code == 302
    indicator = action.indicators.get(label="Visiteurs des expositions")
    assert (float(indicator.target_value), indicator.unit) == (2500.5, "personnes")
    edit = reverse("dashboard:edit-indicator", args=[convention.pk, action.pk, indicator.pk])
    client_for(people["paris_coord"]).post(
        edit,
        {
            f"indicator{indicator.pk}-label": indicator.label,
            f"indicator{indicator.pk}-target_value": "3000",
            f"indicator{indicator.pk}-unit": "personnes",
        },
    )
    indicator.refresh_from_db()
    assert indicator.target_value == 3000 and indicator.history.count() == 2


def test_evidence_is_served_only_to_members(convention, people):
    action = act(convention, "n°1")
    client_for(people["paris_pilot"]).post(
        reverse("dashboard:post-update", args=[convention.pk, action.pk]),
        {
            "party": party(convention, PARIS).pk,
            "date": "2026-03-01",
            "text": "Compte rendu joint.",
            "evidence": SimpleUploadedFile("cr.txt", b"contenu du compte rendu"),
        },
    )
    evidence = Update.objects.get().evidence.get()
    url = reverse("dashboard:evidence", args=[convention.pk, action.pk, evidence.pk])
    assert client_for(people["outsider"]).get(url).status_code == 404
    response = client_for(people["montclair_pilot"]).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"contenu du compte rendu"


def test_cached_dashboard_follows_every_tracking_write(convention, people):
    client = client_for(people["montclair_coord"])
    url = reverse("dashboard:dashboard", args=[convention.pk])
    assert "0 mesure à valider" in client.get(url).content.decode()
    action = act(convention, "n°1")
    measurement = tracking.enter_measurement(
        action.indicators.first(), party(convention, PARIS), people["paris_pilot"], 5, dt.date(2026, 6, 1)
    )
    assert "1 mesure à valider" in client.get(url).content.decode()
    tracking.review_measurement(measurement, people["montclair_coord"], accept=True)
    assert "0 mesure à valider" in client.get(url).content.decode()
    tracking.post_update(
        action, party(convention, PARIS), people["paris_pilot"], dt.date(2026, 6, 2), "Nouveau point du jour."
    )
    assert "Nouveau point du jour." in client.get(url).content.decode()


def test_a_second_reading_of_the_same_dashboard_is_served_from_the_cache(convention, people):
    client = client_for(people["paris_coord"])
    url = reverse("dashboard:dashboard", args=[convention.pk])
    cache.clear()
    caches["local"].clear()
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        html = client.get(url).content.decode()
    assert len(second.captured_queries) < len(first.captured_queries) - 5
    assert "Ouvrir un site de baignade" in html


def test_cached_portfolio_follows_writes_at_once(convention, people):
    client = client_for(people["montclair_pilot"])
    assert "0 / 6" in client.get(reverse("dashboard:portfolio")).content.decode()
    action = act(convention, "n°4")
    tracking.save_tracking(action.pk, action.lock_version, {"status": "late"}, people["paris_coord"])
    assert "1 / 6" in client.get(reverse("dashboard:portfolio")).content.decode()


def test_a_write_renders_the_dashboard_again_once_committed(convention, people, django_capture_on_commit_callbacks):
    """The first reader after a write finds the dashboard ready (materialised on commit)."""
    action = act(convention, "n°1")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tracking.save_tracking(action.pk, action.lock_version, {"progress": 65}, people["paris_coord"])
    assert callbacks
    convention.refresh_from_db()
    client = client_for(people["montclair_coord"])
    with CaptureQueriesContext(connection) as reading:
        html = client.get(reverse("dashboard:dashboard", args=[convention.pk])).content.decode()
    assert "65 %" in html
    assert not any("concorde_cache" in q["sql"] and "INSERT" in q["sql"].upper() for q in reading.captured_queries)


def test_the_nightly_job_renders_every_validated_dashboard(convention, paris_draft, people, capsys):
    from django.core.management import call_command

    from concorde.dashboard import materialise

    cache.clear()
    caches["local"].clear()
    call_command("dashboards")
    assert "1 tableaux de bord rendus" in capsys.readouterr().out  # the draft is not rendered
    convention.refresh_from_db()
    caches["local"].clear()  # another server process: it reads what the job rendered
    with CaptureQueriesContext(connection) as reading:
        html = render_to_string("dashboard/_dashboard.html", materialise.page(convention))
    assert len(reading.captured_queries) == 1 and "concorde_cache" in reading.captured_queries[0]["sql"]
    assert "Ouvrir un site de baignade" in html and 'id="titre-filtres"' in html
    with CaptureQueriesContext(connection) as reading:  # a filtered view: from the rows the job kept
        html = render_to_string("dashboard/_dashboard.html", materialise.page(convention, {"status": "late"}))
    assert len(reading.captured_queries) == 1 and "Aucune action ne correspond aux filtres." in html
    call_command("dashboards")  # the next night, nothing changed: every dashboard is found ready
    assert "0 tableaux de bord rendus" in (out := capsys.readouterr().out) and "(1 déjà prêts)" in out


def test_portfolio_pages_stay_cached_when_another_convention_changes(convention, people, demo_text):
    other = import_document(
        demo_text.replace(b"Montclair-sur-Marne", b"Nulle-Part"),
        "autre.md",
        user=people["outsider"],
        organisation=organisation_for("Commune de Nulle-Part", None),
        max_bytes=MAX,
    ).convention
    services.validate(other, people["outsider"])
    client = client_for(people["montclair_pilot"])
    client.get(reverse("dashboard:portfolio"))
    action = other.actions.first()
    tracking.save_tracking(action.pk, action.lock_version, {"status": "late"}, people["outsider"])
    with CaptureQueriesContext(connection) as reading:
        assert "0 / 6" in client.get(reverse("dashboard:portfolio")).content.decode()
    assert not [
        q["sql"][:300]
        for q in reading.captured_queries
        if "count(" in q["sql"].lower() and '"conventions_action"' in q["sql"]
    ]


WRITES = [
    "dashboard:track",
    "dashboard:post-update",
    "dashboard:post-measurement",
    "dashboard:side-pilot",
    "dashboard:add-indicator",
    "dashboard:import-sheet",
]


@pytest.mark.parametrize("endpoint", WRITES + ["dashboard:export-sheet"])
@pytest.mark.parametrize("who", ["outsider", None])
def test_outsiders_and_anonymous_visitors_write_nothing_and_read_nothing(convention, people, endpoint, who):
    action = act(convention, "n°1")
    paris = party(convention, PARIS)
    args = {
        "dashboard:track": [convention.pk, action.pk],
        "dashboard:post-update": [convention.pk, action.pk],
        "dashboard:post-measurement": [convention.pk, action.pk],
        "dashboard:side-pilot": [convention.pk, action.pk, paris.pk],
        "dashboard:add-indicator": [convention.pk, action.pk],
        "dashboard:import-sheet": [convention.pk],
        "dashboard:export-sheet": [convention.pk, "csv"],
    }[endpoint]
    client = client_for(people.get(who))
    before = (
        Action.objects.get(pk=action.pk).lock_version,
        Update.objects.count(),
        Measurement.objects.count(),
        Indicator.objects.count(),
        list(action.pilots.get(party=paris).users.all()),
    )
    data = {
        "status": "done",
        "progress": "100",
        "lock_version": action.lock_version,
        "party": paris.pk,
        "text": "x",
        "date": "2026-01-01",
        "indicator": action.indicators.first().pk,
        "value": "1",
        "new-indicator-label": "x",
        f"side{paris.pk}-party": paris.pk,
        f"side{paris.pk}-users": [people["outsider"].pk],
    }
    response = (
        client.get(reverse(endpoint, args=args))
        if endpoint == "dashboard:export-sheet"
        else client.post(reverse(endpoint, args=args), data)
    )
    assert response.status_code == (302 if who is None else 404)
    after = (
        Action.objects.get(pk=action.pk).lock_version,
        Update.objects.count(),
        Measurement.objects.count(),
        Indicator.objects.count(),
        list(action.pilots.get(party=paris).users.all()),
    )
    assert after == before


def test_my_actions_lists_what_each_pilot_pilots(convention, people):
    def listed(who):
        html = client_for(people[who]).get(reverse("dashboard:my-actions")).content.decode()
        return [a.number for a in convention.actions.order_by("order") if f'/actions/{a.pk}/"' in html]

    assert listed("paris_pilot") == ["n°1"]  # DPE
    assert listed("montclair_pilot") == ["n°1", "2.1", "2.2"]  # every cell naming the DST
    assert listed("paris_coord") == []  # coordination pilots nothing itself


def test_history_shows_who_changed_what_from_what_to_what(convention, people):
    action = act(convention, "n°1")
    tracking.save_tracking(
        action.pk, action.lock_version, {"status": "in_progress", "progress": 25}, people["paris_pilot"]
    )
    action.refresh_from_db()
    tracking.save_tracking(action.pk, action.lock_version, {"progress": 60}, people["montclair_pilot"])
    changes = tracking.changes_of(action)
    assert changes[0]["who"] == people["montclair_pilot"] and ("avancement (%)", "25", "60") in changes[0]["changes"]
    assert ("statut", "À venir", "En cours") in changes[1]["changes"] and changes[1]["who"] == people["paris_pilot"]
    assert changes[-1]["changes"] == [("création", "", "")]
    html = (
        client_for(people["paris_reader"])
        .get(reverse("dashboard:action", args=[convention.pk, action.pk]))
        .content.decode()
    )
    assert "Avancement (%)" in html and '<td data-label="Avant">25</td><td data-label="Après">60</td>' in html
