"""Open data: SCDL deliberations with the schema's rules, conventions/actions/indicators/measurements
checked against the Table Schema files shipped with Concorde, and nothing unpublished in them."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from concorde.conventions import tracking
from concorde.conventions.models import Convention, Indicator
from concorde.deliberations import nomenclature
from concorde.deliberations.models import Deliberation
from concorde.lib import identifiers
from concorde.publication import opendata, scdl
from tests.conftest import MONTCLAIR, PARIS, act, client_for, party

PARIS_SIRET = "21750001600019"


@pytest.fixture
def published(convention, people):
    """The demo convention published by both parties (budgets too), with a validated and a disputed
    measurement and the Ville de Paris's deliberation approving it."""
    convention.parties.update(publish=True, publish_budgets=True)
    Convention.objects.filter(pk=convention.pk).update(is_public=True, public_budgets=True)
    paris = party(convention, PARIS)
    paris.organisation.siren, paris.organisation.siret = "217500016", PARIS_SIRET
    paris.organisation.save()
    indicator = Indicator.objects.create(
        action=act(convention, "n°1"),
        label="Berges ouvertes",
        target_value=Decimal("12"),
        unit="km",
        baseline=Decimal("3"),
    )
    kept = tracking.enter_measurement(indicator, paris, people["paris_coord"], Decimal("5.5"), dt.date(2026, 3, 1))
    tracking.review_measurement(kept, people["montclair_coord"], accept=True)
    disputed = tracking.enter_measurement(indicator, paris, people["paris_coord"], Decimal("40"), dt.date(2026, 6, 1))
    tracking.review_measurement(disputed, people["montclair_coord"], accept=False, reason="Chiffre non justifié")
    Deliberation.objects.create(
        convention=convention,
        organisation=paris.organisation,
        body="Conseil de Paris",
        date=dt.date(2026, 2, 10),
        act_number="2026 DEVE 12",
        subject="Approbation de la convention",
        matter_code="5.7",
        voters=150,
        votes_for=140,
        votes_against=6,
        abstentions=4,
        transmission_id="075-217500016-20260210-2026DEVE12-DE",
        prefecture_ack_date=dt.date(2026, 2, 12),
    )
    convention.refresh_from_db()
    return convention


def _get(path):
    return client_for(None).get(path)


def _download(name, fmt) -> bytes:
    response = _get(reverse("publication:open-dataset", args=[name, fmt]))
    assert (
        response.status_code == 200
        and response["Content-Disposition"] == f'attachment; filename="concorde-{name}.{fmt}"'
    )
    return b"".join(response.streaming_content)


def test_siret_and_matters():
    assert identifiers.siret_is_valid(PARIS_SIRET)
    assert not identifiers.siret_is_valid("21750001600018")  # key
    assert not identifiers.siret_is_valid("2175000160001")  # length
    assert nomenclature.matter_name("5.7") == "institutions et vie politique/intercommunalité"
    assert nomenclature.matter_name("1.5") == "commande publique/transactions protocole d'accord transactionnel"
    assert len(nomenclature.MATIERES) == 7 + 3 + 6 + 5 + 8 + 5 + 10 + 9 + 4  # the ranges the SCDL lists
    assert identifiers.parse("02A-200000172-20240105-12-DE").department == "02A"
    assert identifiers.parse("094-200058006-20211013-lmc128156-CC-1-1").prefecture_id == "PREF094"


def _row(**changes):
    row = {
        "COLL_NOM": "Ville de Paris",
        "COLL_SIRET": PARIS_SIRET,
        "DELIB_ID": "12",
        "DELIB_DATE": dt.date(2026, 2, 10),
        "DELIB_MATIERE_CODE": "5.7",
        "DELIB_MATIERE_NOM": "institutions et vie politique/intercommunalité",
        "DELIB_OBJET": "Objet",
        "VOTE_REEL": 10,
        "VOTE_POUR": 7,
        "VOTE_CONTRE": 2,
        "VOTE_ABSTENTION": 1,
        "PREF_DATE": dt.date(2026, 2, 12),
    }
    row.update(changes)
    return row


@pytest.mark.parametrize(
    "changes, problem",
    [
        ({}, None),
        ({"COLL_SIRET": None}, "SIRET de la collectivité"),
        ({"COLL_SIRET": "21750001600018"}, "clé de contrôle"),
        ({"DELIB_MATIERE_CODE": None, "DELIB_MATIERE_NOM": None}, "matière ACTES"),
        ({"DELIB_MATIERE_CODE": "9.9"}, "nomenclature ACTES"),
        ({"DELIB_OBJET": ""}, "objet"),
        ({"VOTE_POUR": 8}, "≠ votants"),
        ({"PREF_DATE": dt.date(2026, 2, 9)}, "précède"),
        ({"BUDGET_ANNEE": "26"}, "AAAA"),
    ],
)
def test_scdl_rules(changes, problem):
    found = scdl.problems(_row(**changes))
    assert (found == []) if problem is None else any(problem in p for p in found), found


def test_scdl_export_keeps_only_valid_rows_and_says_why(published):
    montclair = party(published, MONTCLAIR).organisation
    Deliberation.objects.create(
        convention=published,
        organisation=montclair,
        body="Conseil municipal",
        date=dt.date(2026, 3, 2),
        act_number="D-2026-08",
        subject="Approbation",
        voters=20,
        votes_for=20,
        votes_against=0,
        abstentions=0,
    )
    export = scdl.export()
    assert [r["DELIB_ID"] for r in export.rows] == ["2026 DEVE 12"]
    ((left, reasons),) = export.left_out
    assert left.organisation == montclair and "SIRET de la collectivité" in reasons[0] and "matière ACTES" in reasons[0]
    row = export.rows[0]
    assert row["PREF_ID"] == "PREF075" and row["DELIB_MATIERE_NOM"] == "institutions et vie politique/intercommunalité"
    page = _get(reverse("publication:open-data")).content.decode()
    assert "D-2026-08" in page and "SIRET" in page


def test_every_dataset_matches_its_table_schema(published, tmp_path):
    import frictionless  # a declared test dependency (pyproject's test extras)

    resources = []
    for name in opendata.DATASETS:
        for fmt in ("csv", "json"):
            path = tmp_path / fmt / f"{name}.{fmt}"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(_download(name, fmt))
        schema = json.loads(_get(reverse("publication:open-dataset-schema", args=[name])).content)
        resources.append((name, schema))
    for fmt in ("csv", "json"):
        package = frictionless.Package(
            resources=[
                frictionless.Resource(
                    name=name, path=f"{name}.{fmt}", schema=frictionless.Schema.from_descriptor(schema)
                )
                for name, schema in resources
            ],
            basepath=str(tmp_path / fmt),
        )
        report = package.validate()
        assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    rows = {
        name: list(csv.DictReader(io.StringIO((tmp_path / "csv" / f"{name}.csv").read_text("utf-8"))))
        for name in opendata.DATASETS
    }
    assert [r["titre"] for r in rows["conventions"]] == [published.title]
    assert len(rows["actions"]) == published.actions.count()
    assert [r["valeur"] for r in rows["mesures"]] == ["5.50"]  # the disputed one stays internal
    assert rows["deliberations"][0]["DELIB_DATE"] == "2026-02-10"
    assert (tmp_path / "csv" / "deliberations.csv").read_bytes().startswith(b"COLL_NOM,COLL_SIRET,DELIB_ID,")


def test_schema_enums_follow_the_models():
    from concorde.conventions.models import Action

    enum = {f["name"]: f["constraints"].get("enum") for f in opendata.schema("actions")["fields"]}
    assert enum["statut"] == [label for _, label in Action.Status.choices]
    enum = {f["name"]: f["constraints"].get("enum") for f in opendata.schema("conventions")["fields"]}
    assert enum["statut"] == [label for v, label in Convention.Status.choices if v != Convention.Status.DRAFT]


def test_nothing_unpublished_in_open_data(published, people):
    budget = act(published, "n°1")
    budget.budget_text = "75 000 € par an"
    budget.save()
    assert b"75 000" in _download("actions", "csv")
    Convention.objects.filter(pk=published.pk).update(public_budgets=False)
    assert b"75 000" not in _download("actions", "csv")
    Convention.objects.filter(pk=published.pk).update(is_public=False)
    for name in opendata.DATASETS:
        assert json.loads(_download(name, "json")) == []
    deliberation = Deliberation.objects.get(act_number="2026 DEVE 12")
    assert _get(reverse("publication:public-deliberation", args=[deliberation.pk])).status_code == 404
    assert _get(reverse("publication:open-dataset", args=["secrets", "csv"])).status_code == 404
    assert _get(reverse("publication:open-dataset", args=["actions", "xml"])).status_code == 404


def test_public_deliberation_page_decodes_actes(published):
    deliberation = Deliberation.objects.get(act_number="2026 DEVE 12")
    page = _get(reverse("publication:public-deliberation", args=[deliberation.pk])).content.decode()
    assert "Délibérations" in page and "075-217500016-20260210-2026DEVE12-DE" in page  # nature decoded
    assert "Publiée dans les" in page
    assert (
        reverse("publication:public-deliberation", args=[deliberation.pk])
        in _get(reverse("publication:public-convention", args=[published.pk])).content.decode()
    )
    assert (
        reverse("publication:public-deliberation", args=[deliberation.pk])
        in _get(reverse("publication:sitemap")).content.decode()
    )


def test_actes_identifier_checked_against_the_organisation(published):
    deliberation = Deliberation.objects.get(act_number="2026 DEVE 12")
    deliberation.transmission_id = "094-200058006-20211013-lmc128156-CC"
    assert deliberation.transmission_problems() == [
        "Le SIREN de l'identifiant @ctes (200058006) n'est pas celui de Ville de Paris (217500016)",
        "La date de l'identifiant @ctes (13/10/2021) n'est pas celle de la séance (10/02/2026)",
    ]


@pytest.mark.parametrize(
    "who, allowed", [("paris_coord", True), ("montclair_coord", False), ("paris_pilot", False), ("outsider", False)]
)
def test_only_the_deliberating_coordination_completes_it(published, people, who, allowed):
    deliberation = Deliberation.objects.get(act_number="2026 DEVE 12")
    url = reverse("deliberations:edit-deliberation", args=[published.pk, deliberation.pk])
    response = client_for(people[who]).post(
        url,
        {
            "act_number": "2026 DEVE 12",
            "date": "2026-02-10",
            "subject": "Objet",
            "matter_code": "8.4",
            "transmission_id": "",
            "prefecture_ack_date": "",
        },
    )
    deliberation.refresh_from_db()
    assert (deliberation.matter_code == "8.4") is allowed
    assert response.status_code == (302 if allowed else 404)


def test_deliberation_form_refuses_a_foreign_actes_identifier(published, people):
    deliberation = Deliberation.objects.get(act_number="2026 DEVE 12")
    url = reverse("deliberations:edit-deliberation", args=[published.pk, deliberation.pk])
    data = {
        "act_number": "2026 DEVE 12",
        "date": "2026-02-10",
        "subject": "Objet",
        "matter_code": "5.7",
        "transmission_id": "094-200058006-20260210-X1-DE",
        "prefecture_ack_date": "2026-02-09",
    }
    response = client_for(people["paris_coord"]).post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "transmis par le SIREN 200058006" in page and "ne peut précéder" in page
    deliberation.refresh_from_db()
    assert deliberation.transmission_id == "075-217500016-20260210-2026DEVE12-DE"


def test_files_are_written_once_per_state_and_follow_tracking_at_once(
    published, people, settings, monkeypatch, django_assert_max_num_queries
):
    from concorde.publication import files

    monkeypatch.setattr(files, "clock", lambda: 1_200_000.0)
    action = act(published, "n°1")
    first = _download("actions", "csv")
    # the state of what is published is one query; the file is read from disk
    with django_assert_max_num_queries(1), files.open_dataset("actions", "csv") as again:
        assert again.read() == first
    # a tracking write reaches the next download, and the older file is gone
    tracking.save_tracking(
        action.pk, action.lock_version, {"status": "en_cours", "progress": 40}, people["paris_coord"]
    )
    rows = list(csv.DictReader(io.StringIO(_download("actions", "csv").decode("utf-8"))))
    assert next(r for r in rows if r["id"] == str(action.pk))["avancement"] == "40"
    assert [p.name.split("-")[0] for p in settings.CONCORDE_OPENDATA_DIR.glob("*.csv")] == ["actions"]
    # an edit that moves no data version waits for the refresh
    type(action).objects.filter(pk=action.pk).update(title="Titre corrigé")
    assert b"Titre corrig" not in _download("actions", "csv")
    monkeypatch.setattr(files, "clock", lambda: 1_200_000.0 + files.REFRESH)
    assert "Titre corrigé" in _download("actions", "csv").decode("utf-8")


def test_the_data_package_describes_every_file_and_validates_as_downloaded(published, tmp_path):
    """A harvester reads datapackage.json, then fetches each path it names relative to it."""
    import frictionless  # a declared test dependency (pyproject's test extras)

    base = reverse("publication:open-data")
    descriptor = json.loads(_get(base + "datapackage.json").content)
    assert [r["name"] for r in descriptor["resources"]] == list(opendata.DATASETS)
    assert descriptor["licenses"][0]["name"] == "etalab-2.0"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for resource in descriptor["resources"]:
        for relative in (resource["path"], resource["schema"]):
            response = _get(base + relative)
            assert response.status_code == 200, relative
            target = tmp_path / relative
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    report = frictionless.Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    assert "datapackage.json" in _get(base).content.decode()


def test_a_file_that_fails_to_be_written_leaves_nothing_behind(published, settings, monkeypatch):
    from concorde.publication import files

    def rows():
        yield {"id": 1}
        raise RuntimeError("la base est tombée")

    monkeypatch.setitem(opendata.DATASETS, "actions", opendata.Dataset("actions", rows))
    with pytest.raises(RuntimeError):
        files.open_dataset("actions", "csv")
    assert [p.name for p in settings.CONCORDE_OPENDATA_DIR.iterdir() if not p.name.endswith(".lock")] == []


def test_open_data_keeps_values_as_published_and_says_cells_are_data(published):
    """Unlike the dashboard's exports, open data gives what was published as it is (a harvester must
    get the real value); the page tells people that cells are data, not formulas."""
    Convention.objects.filter(pk=published.pk).update(title="=Baignade + berges")
    tracking.touch(published.pk)
    rows = list(csv.DictReader(io.StringIO(_download("conventions", "csv").decode("utf-8"))))
    assert [r["titre"] for r in rows] == ["=Baignade + berges"]
    assert "chaque cellule est une donnée, jamais une formule" in " ".join(
        _get(reverse("publication:open-data")).content.decode().split()
    )
