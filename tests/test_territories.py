"""The reference territories: loaded from @etalab/decoupage-administratif, parties matched by name,
with a warning where the match is unsure; an organisation known by its SIREN is not duplicated."""

import json

import pytest
from django.core.management import call_command

from concorde.ingest.loader import organisation_matched
from concorde.territories import reference
from concorde.territories.models import Organisation, Territory
from tests.conftest import ROOT

PACKAGE = ROOT / "node_modules" / "@etalab" / "decoupage-administratif" / "data"


@pytest.fixture
def package():
    """The npm package is a declared dependency (bin/setup --test installs it): missing, the test fails."""
    if not (PACKAGE / "communes.json").is_file():
        pytest.fail(
            f"{PACKAGE}/communes.json absent : le paquet npm @etalab/decoupage-administratif s'installe par "
            "bin/setup --test (npm install)",
            pytrace=False,
        )
    return PACKAGE


def _commune(code, name, dept, siren, population):
    return {
        "code": code,
        "nom": name,
        "departement": dept,
        "type": "commune-actuelle",
        "siren": siren,
        "population": population,
    }


@pytest.fixture
def small_reference(tmp_path, db):
    """A few real authorities, in the package's own layout."""
    files = {
        "communes": [
            _commune("75056", "Paris", "75", "217500016", 2100000),
            _commune("94041", "Ivry-sur-Seine", "94", "219400413", 64000),
            _commune("93048", "Montreuil", "93", "219300480", 111000),
            _commune("85148", "Montreuil", "85", "218501484", 800),
            _commune("94028", "Créteil", "94", "219400280", 92000),
            {"code": "75101", "nom": "Paris 1er Arrondissement", "type": "arrondissement-municipal"},
        ],
        "departements": [{"code": "93", "nom": "Seine-Saint-Denis"}, {"code": "75", "nom": "Paris"}],
        "regions": [{"code": "11", "nom": "Île-de-France"}],
        "epci": [
            {
                "code": "200054781",
                "nom": "Métropole du Grand Paris",
                "populationTotale": 7000000,
                "membres": [{"code": "75056"}, {"code": "94041"}, {"code": "93048"}, {"code": "94028"}],
            }
        ],
        "ept": [{"code": "200058006", "nom": "Grand Paris Sud Est Avenir", "membres": [{"code": "94028"}]}],
    }
    for name, data in files.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    call_command("territories", dossier=str(tmp_path))
    return tmp_path


def test_load_keeps_current_communes_and_memberships(small_reference):
    assert Territory.objects.filter(kind="commune").count() == 5  # the arrondissement is not a party
    creteil = Territory.objects.get(code="94028")
    assert creteil.epci == "200054781" and creteil.ept == "200058006" and creteil.insee_code == "94028"
    call_command("territories", dossier=str(small_reference))  # reloading replaces, never duplicates
    assert Territory.objects.count() == 10


@pytest.mark.parametrize(
    "name, kind, expected, sure",
    [
        ("Ville de Paris", "ville", ("commune", "75056"), True),
        ("Ville d’Ivry-sur-Seine", "commune", ("commune", "94041"), True),
        ("Département de la Seine-Saint-Denis", "departement", ("departement", "93"), True),
        ("Grand Paris Sud Est Avenir", "ept", ("ept", "200058006"), True),
        ("Établissement public territorial Grand Paris Sud Est Avenir", None, ("ept", "200058006"), True),
        ("Ville de Montreuil", None, ("commune", "93048"), False),  # two Montreuil: the larger, with a doubt
        ("Paris", None, ("commune", "75056"), False),  # the commune or the département
        ("Commune de Creteil", None, ("commune", "94028"), True),  # accents do not matter
        ("Ville de Créteuil", None, ("commune", "94028"), False),  # a typo: close, unsure
        ("Commune de Nulle-Part", None, None, False),
    ],
)
def test_match(small_reference, name, kind, expected, sure):
    found = reference.match(name, kind)
    assert (found.territory.kind, found.territory.code) == expected if expected else found.territory is None
    assert found.sure is sure
    assert (found.doubt(name) is None) is sure


def test_parties_take_the_references_identifiers(small_reference):
    org, doubt = organisation_matched("Ville de Paris", "ville")
    assert (org.siren, org.insee_code, doubt) == ("217500016", "75056", None)
    again, _ = organisation_matched("Paris", None)  # another name, the same SIREN: the same organisation
    assert again == org and Organisation.objects.count() == 1
    org, doubt = organisation_matched("Ville de Montreuil", None)
    assert org.siren == "219300480" and "incertain" in doubt and "Montreuil (commune, 85)" in doubt
    org, doubt = organisation_matched("Commune de Nulle-Part", "commune")
    assert org.siren == "" and "aucune collectivité" in doubt


def test_import_warns_about_an_unsure_party(small_reference, paris, demo_text):
    from concorde.ingest.loader import import_document

    user, org = paris
    convention = import_document(demo_text, "demo.md", user=user, organisation=org, max_bytes=10**7).convention
    warnings = list(convention.import_warnings.filter(section="Parties").values_list("message", flat=True))
    assert len(warnings) == 1 and "Montclair-sur-Marne" in warnings[0]


def test_the_real_package_loads_and_matches_the_corpus_parties(db, shared, package):
    counts = reference.load(package)
    assert counts["commune"] > 34000 and counts["departement"] >= 101 and counts["ept"] == 11 and counts["epci"] > 1200
    for gold in sorted((shared / "gold").glob("*.json")):
        for p in json.loads(gold.read_text("utf-8")).get("parties") or []:
            found = reference.match(p["name"], p.get("kind"))
            assert found.sure, (gold.name, p["name"], found.doubt(p["name"]))
    assert reference.match("Ville de Paris", "ville").territory.siren == "217500016"


def test_a_coordination_keeps_its_organisations_identifiers(people):
    from django.urls import reverse

    from tests.conftest import client_for

    org = Organisation.objects.get(name="Ville de Paris")
    url = reverse("territories:organisation-identifiers", args=[org.pk])
    key = f"org{org.pk}-"
    response = client_for(people["paris_coord"]).post(
        url, {key + "siren": "217500016", key + "siret": "21750001600018"}
    )
    assert response.status_code == 400 and "clé de contrôle" in response.content.decode()
    response = client_for(people["paris_coord"]).post(
        url, {key + "siren": "217500016", key + "siret": "21860194600013"}
    )
    assert response.status_code == 400 and "commence par le SIREN" in response.content.decode()
    org.refresh_from_db()
    assert org.siret == ""
    assert (
        client_for(people["paris_pilot"])
        .post(url, {key + "siren": "217500016", key + "siret": "21750001600019"})
        .status_code
        == 403
    )
    assert (
        client_for(people["paris_coord"])
        .post(url, {key + "siren": "217500016", key + "siret": "21750001600019"})
        .status_code
        == 302
    )
    org.refresh_from_db()
    assert org.siret == "21750001600019"
    page = client_for(people["paris_coord"]).get(reverse("territories:account")).content.decode()
    assert "21750001600019" in page and "Jetons d'API" in page


def test_the_actes_identifier_names_the_deliberating_party(db, corpus, paris, package):
    from concorde.ingest.loader import import_document

    reference.load(package)
    user, org = paris
    convention = import_document(
        corpus["000"].read_bytes(), "000.txt", user=user, organisation=org, max_bytes=10**8
    ).convention
    deliberation = convention.deliberations.get()
    assert deliberation.organisation.siren == "200058006" and deliberation.transmission_problems() == []
    assert not convention.import_warnings.filter(section__in=["Parties", "Délibération"]).exists()


def test_the_site_administration_creates_organisations_from_the_reference(small_reference, client, django_user_model):
    from django.urls import reverse

    admin = django_user_model.objects.create_superuser("root", "r@example.org", "motdepasse-test")
    client.force_login(admin)
    ivry, paris = Territory.objects.get(code="94041"), Territory.objects.get(code="75056")
    Organisation.objects.create(name="Ville de Paris", siren="217500016")
    response = client.post(
        reverse("admin:territories_territory_changelist"),
        {"action": "create_organisations", "_selected_action": [ivry.pk, paris.pk]},
    )
    assert response.status_code == 302
    assert list(Organisation.objects.order_by("name").values_list("name", "siren", "kind")) == [
        ("Ivry-sur-Seine", "219400413", "commune"),
        ("Ville de Paris", "217500016", "other"),
    ]
    assert client.get(reverse("admin:territories_organisation_changelist") + "?q=219400413").status_code == 200
