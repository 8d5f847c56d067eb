"""The upload and review pages: who may do what, bad files, forged requests, bounded queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concorde.conventions.models import Action, Convention, ImportWarning
from tests import factories

from .conftest import run_worker


@pytest.fixture
def coord(client, paris):
    client.force_login(paris[0])
    return client


@pytest.fixture
def draft(paris):
    """The draft the demo document's import leaves (tests.factories: its plan, sources and points to check)."""
    return factories.draft(factories.DEMO, by=paris[0])


def upload(client, data: bytes, name: str, org):
    return client.post(reverse("ingest:upload"), {"documents": SimpleUploadedFile(name, data), "organisation": org.pk})


@pytest.mark.parametrize("name", ["conventions:home", "ingest:upload", "ingest:imports"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("territories:login"))


def test_coordination_uploads_a_document_follows_it_and_lands_on_the_review(coord, paris, demo_text):
    response = upload(coord, demo_text, "demo.md", paris[1])
    assert response.status_code == 302 and response["Location"] == reverse("ingest:imports")
    waiting = coord.get(reverse("ingest:imports")).content.decode()
    assert "demo.md" in waiting and "Reçu, en attente" in waiting and "data-en-cours" in waiting
    assert Convention.objects.count() == 0  # nothing read in the request
    run_worker()
    convention = Convention.objects.get()
    done = coord.get(reverse("ingest:imports")).content.decode()
    assert "Brouillon créé" in done and reverse("conventions:convention", args=[convention.pk]) in done
    assert "data-en-cours" not in done  # nothing left running: the page's script stops reading it
    page = coord.get(reverse("conventions:convention", args=[convention.pk]), follow=True)
    assert page.redirect_chain[-1][0] == reverse("conventions:review", args=[convention.pk])
    html = page.content.decode()
    assert "Relecture du brouillon" in html and "Ouvrir un site de baignade" in html and 'id="L1"' in html


def test_uploading_the_same_file_twice_says_so_before_any_work(coord, paris, demo_text):
    upload(coord, demo_text, "demo.md", paris[1])
    run_worker()
    upload(coord, demo_text, "encore.md", paris[1])
    html = coord.get(reverse("ingest:imports")).content.decode()  # no worker needed: the checksum is known
    assert Convention.objects.count() == 1 and "Déjà importé" in html


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "vide.txt", "est vide"),
    ],
)
def test_an_empty_file_is_refused_by_the_form(coord, paris, data, name, message):
    response = upload(coord, data, name, paris[1])
    assert response.status_code == 400 and message in response.content.decode()


@pytest.mark.parametrize(
    "data, name, message",
    [
        (bytes(range(256)) * 20, "binaire.txt", "pas un texte lisible"),
        (b"%PDF-1.5 abime", "abime.pdf", "PDF illisible"),
    ],
)
def test_bad_files_get_a_french_message_and_change_nothing(coord, paris, data, name, message):
    upload(coord, data, name, paris[1])
    run_worker()
    html = coord.get(reverse("ingest:imports")).content.decode()
    assert "Refusé" in html and message in html and "Relancer" in html
    assert Convention.objects.count() == 0


def test_too_large_upload_is_refused(coord, paris, settings):
    settings.CONCORDE_MAX_UPLOAD_BYTES = 1024
    response = upload(coord, b"a" * 2048, "gros.txt", paris[1])
    assert response.status_code == 400 and "taille maximale" in response.content.decode()
    assert Convention.objects.count() == 0


def test_pilots_and_readers_cannot_import(client, make_member, demo_text):
    user, org = make_member("pilote", "Ville de Paris", "pilot", "ville")
    client.force_login(user)
    assert client.get(reverse("ingest:upload")).status_code == 403
    assert upload(client, demo_text, "demo.md", org).status_code == 403
    assert Convention.objects.count() == 0


def test_cannot_import_in_the_name_of_another_organisation(coord, make_member, demo_text):
    _, other = make_member("autre", "Commune de Montclair-sur-Marne")
    response = upload(coord, demo_text, "demo.md", other)
    assert response.status_code == 400 and Convention.objects.count() == 0


def test_a_draft_is_visible_only_to_the_importing_organisation(client, draft, make_member):
    montclair, _ = make_member("montclair", "Commune de Montclair-sur-Marne")
    client.force_login(montclair)
    doc = draft.documents.get()
    for url in (
        reverse("conventions:convention", args=[draft.pk]),
        reverse("conventions:review", args=[draft.pk]),
        reverse("conventions:document", args=[draft.pk, doc.pk]),
    ):
        assert client.get(url).status_code == 404
    assert draft.title not in client.get(reverse("conventions:home")).content.decode()


def test_a_pilot_of_the_importing_organisation_reads_the_draft_but_cannot_review_it(client, draft, make_member):
    pilot, _ = make_member("pilote.paris", "Ville de Paris", "pilot")
    client.force_login(pilot)
    assert client.get(reverse("conventions:convention", args=[draft.pk])).status_code == 200
    assert client.get(reverse("conventions:review", args=[draft.pk])).status_code == 404
    action = draft.actions.first()
    response = client.post(
        reverse("conventions:review-item", args=[draft.pk, "actions", action.pk]),
        {f"action{action.pk}-title": "Piraté"},
    )
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.title != "Piraté"


def test_correcting_an_action_and_its_pilots(coord, draft):
    action = draft.actions.get(number="n°1")
    parties = list(draft.parties.all())
    prefix = f"action{action.pk}"
    data = {
        f"{prefix}-number": "1",
        f"{prefix}-title": "Ouvrir deux sites de baignade",
        f"{prefix}-deadline_text": "Été 2027",
        f"{prefix}-budget_text": "200 000 €",
        f"{prefix}-budget_amount": "200000",
        f"{prefix}-pilot_{parties[0].pk}": "DPE – Service des canaux",
        f"{prefix}-pilot_{parties[1].pk}": "",
    }
    response = coord.post(reverse("conventions:review-item", args=[draft.pk, "actions", action.pk]), data)
    assert response.status_code == 302 and response["Location"].endswith(f"#action-{action.pk}")
    action.refresh_from_db()
    assert (action.number, action.title, action.deadline_text, action.budget_amount) == (
        "1",
        "Ouvrir deux sites de baignade",
        "Été 2027",
        200000,
    )
    assert {p.party_id: p.service for p in action.pilots.all()} == {parties[0].pk: "DPE – Service des canaux"}
    assert action.history.count() == 2  # creation and correction are both kept


def test_invalid_correction_is_shown_with_its_error_and_saves_nothing(coord, draft):
    before = draft.title
    response = coord.post(
        reverse("conventions:review-convention", args=[draft.pk]),
        {
            "convention-title": before,
            "convention-kind": "convention",
            "convention-period_start_year": "2030",
            "convention-period_end_year": "2020",
        },
    )
    assert response.status_code == 400
    assert "L&#x27;année de fin précède" in response.content.decode()
    draft.refresh_from_db()
    assert draft.period_end_year == 2029


def test_forged_request_on_another_conventions_action_is_refused(coord, draft, paris):
    other = factories.draft(factories.small_plan("Autre convention", "Département du Val-de-Marne"), by=paris[0])
    foreign = other.actions.first()
    response = coord.post(
        reverse("conventions:review-item", args=[draft.pk, "actions", foreign.pk]),
        {f"action{foreign.pk}-title": "Piraté"},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.title != "Piraté"


def test_post_without_csrf_token_is_refused(draft, paris):
    client = Client(enforce_csrf_checks=True)
    client.force_login(paris[0])
    response = client.post(reverse("conventions:validate", args=[draft.pk]))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft


def test_validation_opens_the_convention_to_both_parties(coord, draft, client, make_member):
    warning = ImportWarning.objects.create(convention=draft, message="À vérifier")
    coord.post(reverse("conventions:resolve-warning", args=[draft.pk, warning.pk]))
    warning.refresh_from_db()
    assert warning.resolved
    summary = coord.get(reverse("conventions:review", args=[draft.pk])).content.decode()
    assert "Valider la convention : ce qui sera créé" in summary and "Un tableau de bord partagé de" in summary
    unconfirmed = coord.post(reverse("conventions:validate", args=[draft.pk]))
    assert unconfirmed["Location"].endswith("#validation") and Convention.objects.get(pk=draft.pk).is_draft
    response = coord.post(reverse("conventions:validate", args=[draft.pk]), {"confirm": "1"})
    assert response["Location"] == reverse("conventions:convention", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == Convention.Status.VALIDATED and draft.versions.count() == 1
    assert coord.get(reverse("conventions:review", args=[draft.pk])).status_code == 404
    montclair, _ = make_member("montclair", "Commune de Montclair-sur-Marne")
    other = Client()
    other.force_login(montclair)
    page = other.get(reverse("conventions:convention", args=[draft.pk]))
    assert page.status_code == 200 and "Ouvrir un site de baignade" in page.content.decode()


def test_review_page_queries_do_not_grow_with_the_convention(coord, draft, paris):
    big = factories.draft(
        factories.small_plan("Grande convention", "Département de la Seine-Saint-Denis", actions=24, axes=5),
        by=paris[0],
    )
    assert big.import_warnings.count() == 24 and big.axes.count() == 5
    assert big.actions.count() > 3 * draft.actions.count()
    sizes = []
    for convention in (draft, big):
        with CaptureQueriesContext(connection) as ctx:
            assert coord.get(reverse("conventions:review", args=[convention.pk])).status_code == 200
        sizes.append(len(ctx.captured_queries))
    assert sizes[1] <= sizes[0] + 2, sizes
    assert Action.objects.filter(convention=big).count() == 24


def test_the_coordinator_adds_missed_items_and_removes_spurious_ones(coord, draft):
    axis = draft.axes.get(number="2")
    coord.post(
        reverse("conventions:add-to-plan", args=[draft.pk]),
        {"axis": axis.pk, "number": "n°5", "title": "Créer un festival commun"},
    )
    assert list(draft.actions.order_by("order").values_list("number", flat=True)) == [
        "n°1",
        "n°2",
        "2.1",
        "2.2",
        "n°3",
        "n°4",
        "n°5",
    ]
    parent = draft.actions.get(number="n°2")
    coord.post(
        reverse("conventions:add-to-plan", args=[draft.pk]),
        {"axis": parent.axis_id, "parent": parent.pk, "number": "2.3", "title": "Éclairer"},
    )
    assert list(draft.actions.order_by("order").values_list("number", flat=True))[:5] == [
        "n°1",
        "n°2",
        "2.1",
        "2.2",
        "2.3",
    ]
    assert draft.actions.get(number="2.3").depth == 1
    coord.post(reverse("conventions:add-to-plan", args=[draft.pk]), {"number": "3", "title": "Partager les données"})
    assert draft.axes.order_by("order").last().title == "Partager les données"
    from concorde.conventions.models import ActionPilot, Indicator

    def kept():
        return (
            Indicator.objects.filter(action__convention=draft).count(),
            sorted(
                (p.action.number, p.party_label, tuple(sorted(s.pk for s in p.services.all())))
                for p in ActionPilot.objects.filter(action__convention=draft)
            ),
            ImportWarning.objects.filter(convention=draft, action__isnull=False).count(),
        )

    before = kept()
    # unconfirmed, nothing is removed; confirmed, the action and its sub-actions go
    refused = coord.post(reverse("conventions:remove-from-plan", args=[draft.pk, "actions", parent.pk]), follow=True)
    assert "rien n&#x27;a été retiré" in refused.content.decode() and draft.actions.filter(number="2.1").exists()
    coord.post(reverse("conventions:remove-from-plan", args=[draft.pk, "actions", parent.pk]), {"confirm": "1"})
    assert not draft.actions.filter(number__in=["n°2", "2.1", "2.2", "2.3"]).exists()
    # the removal is undone from the review page: the action, its sub-actions and indicators come back
    removal = draft.draft_removals.get()
    assert "Retraits du plan" in coord.get(reverse("conventions:review", args=[draft.pk])).content.decode()
    coord.post(reverse("conventions:restore-to-plan", args=[draft.pk, removal.pk]))
    assert set(draft.actions.filter(number__in=["n°2", "2.1", "2.2", "2.3"]).values_list("number", flat=True)) == {
        "n°2",
        "2.1",
        "2.2",
        "2.3",
    }
    assert draft.actions.get(number="2.3").parent == draft.actions.get(number="n°2")
    assert kept() == before  # indicators, pilots with their services, the points to check naming them
    again = coord.post(reverse("conventions:restore-to-plan", args=[draft.pk, removal.pk]), follow=True)
    assert "déjà été défait" in again.content.decode()
    coord.post(reverse("conventions:remove-from-plan", args=[draft.pk, "actions", parent.pk]), {"confirm": "1"})
    assert (
        coord.post(reverse("conventions:add-to-plan", args=[draft.pk]), {"axis": axis.pk, "title": ""}).status_code
        == 302
    )
    assert draft.actions.count() == 4


def test_structure_of_a_validated_convention_is_not_edited_in_review(coord, draft, paris):
    from concorde.conventions import services

    services.validate(draft, paris[0])
    action = draft.actions.first()
    assert coord.post(reverse("conventions:remove-from-plan", args=[draft.pk, "actions", action.pk])).status_code == 404
    assert Action.objects.filter(pk=action.pk).exists()


def test_error_pages_speak_french_in_production(client, paris, settings, draft):
    settings.DEBUG = False
    client.force_login(paris[0])
    assert "Page introuvable" in client.get("/conventions/999999/").content.decode()
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(paris[0])
    response = forged.post(reverse("conventions:validate", args=[draft.pk]))
    assert response.status_code == 403 and "Requête refusée" in response.content.decode()
