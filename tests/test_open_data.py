"""Loading collectivités' deliberations published in the SCDL « deliberations » schema: bad rows
listed with their line and reason and set aside, good ones loaded once (COLL_SIRET + DELIB_ID),
found by the search, and proposed as adopting a convention for its coordination to confirm."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from concorde.deliberations import open_data
from concorde.deliberations.models import Deliberation
from concorde.search import service
from tests import factories as f

pytestmark = pytest.mark.django_db

HEADER = ",".join(open_data.FIELDS)
SIRET = "21750001600019"  # a SIRET whose check digit holds


def line(delib_id="2026-001", objet="Tarifs des bassins de baignade", date="2026-03-10", siret=SIRET, **cells):
    row = {
        "COLL_NOM": "Commune de Vaux",
        "COLL_SIRET": siret,
        "DELIB_ID": delib_id,
        "DELIB_DATE": date,
        "DELIB_MATIERE_CODE": "7.1",
        "DELIB_MATIERE_NOM": "finances locales/décisions budgétaires",
        "DELIB_OBJET": objet,
        **cells,
    }
    return ",".join(f'"{row.get(name, "")}"' for name in open_data.FIELDS)


def csv_file(tmp_path, *lines, name="deliberations.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode(encoding))
    return path


def run(*paths):
    out, err = io.StringIO(), io.StringIO()
    call_command("deliberations", "import", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue()


def test_good_rows_load_and_bad_ones_are_listed_with_their_line(tmp_path):
    path = csv_file(
        tmp_path,
        line("2026-001"),
        line("2026-002", date="10/03/2026"),
        line("2026-003", siret="1234"),
        line("2026-004", VOTE_REEL="10", VOTE_POUR="6", VOTE_CONTRE="1", VOTE_ABSTENTION="1"),
        line("2026-005", objet=""),
    )
    out = run(path)
    assert "1 délibération(s) chargée(s) (1 nouvelle(s), 0 mise(s) à jour), 4 ligne(s) écartée(s)" in out
    assert "ligne 3 : DELIB_DATE « 10/03/2026 » n'est pas une date AAAA-MM-JJ" in out
    assert "ligne 4 : COLL_SIRET « 1234 » : 14 chiffres attendus" in out
    assert "ligne 5 : pour + contre + abstentions (8) ≠ votants (10)" in out
    assert "ligne 6 : à renseigner : objet" in out
    d = Deliberation.objects.get()
    assert (d.source, d.collectivite_siret, d.delib_id, d.date) == ("scdl", SIRET, "2026-001", dt.date(2026, 3, 10))


def test_loading_again_updates_and_never_duplicates(tmp_path):
    run(csv_file(tmp_path, line("2026-001"), line("2026-002")))
    out = run(csv_file(tmp_path, line("2026-001", objet="Tarifs corrigés des bassins"), line("2026-003")))
    assert "(1 nouvelle(s), 1 mise(s) à jour)" in out
    assert Deliberation.objects.count() == 3
    assert Deliberation.objects.get(delib_id="2026-001").subject == "Tarifs corrigés des bassins"


def test_the_same_number_in_another_collectivite_is_another_deliberation(tmp_path):
    run(csv_file(tmp_path, line("2026-001"), line("2026-001", siret="21750001600027")))
    assert Deliberation.objects.count() == 2


def test_a_windows_file_with_semicolons_is_read(tmp_path):
    path = tmp_path / "cp1252.csv"
    text = (HEADER + "\n" + line("2026-001", objet="Séjours d'été des écoliers") + "\n").replace(",", ";")
    path.write_bytes(text.encode("cp1252"))
    assert "1 délibération(s) chargée(s)" in run(path)
    assert Deliberation.objects.get().subject == "Séjours d'été des écoliers"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"COLL_NOM,DELIB_OBJET\nVaux,Objet\n", "colonnes obligatoires du schéma SCDL « deliberations » absentes"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "ce n'est pas un texte lisible"),
    ],
    ids=["colonnes", "binaire"],
)
def test_a_file_that_is_not_scdl_is_refused_whole(tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 fichier\\(s\\) refusé\\(s\\)"):
        call_command("deliberations", "import", str(path), stdout=io.StringIO(), stderr=err)
    assert message in err.getvalue()
    assert Deliberation.objects.count() == 0


def test_loaded_deliberations_are_found_by_everyone(tmp_path):
    run(csv_file(tmp_path, line("2026-001", objet="Ouverture des baignades estivales")))
    hits = service.search(f.user("anyone"), "baignade", public=True).hits
    assert [h.entry.organisation_name for h in hits] == ["Commune de Vaux"]
    assert Client().get(hits[0].url).status_code == 200


def test_a_partners_deliberation_adopting_a_convention_is_proposed_then_confirmed(tmp_path):
    people = f.people()
    convention = f.demo_convention(people)
    montclair = convention.parties.get(organisation__name=f.MONTCLAIR).organisation
    montclair.siren, montclair.siret = SIRET[:9], SIRET
    montclair.save()
    voted = (convention.created_at.date() - dt.timedelta(days=30)).isoformat()
    out = run(
        csv_file(
            tmp_path,
            line("2026-010", objet=f"Approbation de la {convention.title} avec la Ville de Paris", date=voted),
            line("2026-012", objet=f"Approbation de la {convention.title} avec Bordeaux", date=voted),
            line("2026-011", objet="Approbation des tarifs de la cantine", date=voted),
        )
    )
    assert "1 rattachement(s) à une convention proposé(s)" in out
    proposed = Deliberation.objects.get(delib_id="2026-010")
    assert proposed.proposed_convention == convention

    client = Client()
    client.force_login(people["paris_reader"])
    page = client.get(f"/conventions/{convention.pk}/").content.decode()
    assert "Délibérations à rattacher" not in page  # a reader does not answer
    client.force_login(people["paris_coord"])
    assert "Délibérations à rattacher" in client.get(f"/conventions/{convention.pk}/").content.decode()
    url = f"/conventions/{convention.pk}/deliberations/{proposed.pk}/rattachement/"
    client.post(url, {"reponse": "rattacher"})
    proposed.refresh_from_db()
    assert (proposed.convention, proposed.proposed_convention) == (convention, None)
    assert client.post(url, {"reponse": "rattacher"}).status_code == 404  # answered already


def test_a_rejected_proposal_is_not_made_again(tmp_path):
    people = f.people()
    convention = f.demo_convention(people)
    paris = convention.parties.get(organisation__name=f.PARIS).organisation
    paris.siren, paris.siret = SIRET[:9], SIRET
    paris.save()
    voted = convention.created_at.date().isoformat()
    objet = f"Approuve la {convention.title} entre la Ville de Paris et Montclair-sur-Marne"
    path = csv_file(tmp_path, line("2026-020", objet=objet, date=voted))
    run(path)
    proposed = Deliberation.objects.get()
    client = Client()
    client.force_login(people["paris_coord"])
    client.post(f"/conventions/{convention.pk}/deliberations/{proposed.pk}/rattachement/", {"reponse": "ecarter"})
    run(path)
    proposed.refresh_from_db()
    assert (proposed.proposed_convention, proposed.rejected_convention) == (None, convention)


def test_rows_the_schema_refuses_on_any_database_are_set_aside(tmp_path):
    out = run(
        csv_file(
            tmp_path,
            line("2026-030"),
            line("2026-030", objet="Le même numéro une seconde fois"),
            line("2026-031", VOTE_REEL="40000", VOTE_POUR="40000", VOTE_CONTRE="0", VOTE_ABSTENTION="0"),
            line("2026-032", BUDGET_ANNEE="2026/2028", BUDGET_NOM="Budget principal"),
            line("2026-033", BUDGET_ANNEE="2026"),
            line("2026-034", VOTE_EFFECTIF="9", VOTE_REEL="10", VOTE_POUR="10", VOTE_CONTRE="0", VOTE_ABSTENTION="0"),
        )
    )
    assert "ligne 3 : même COLL_SIRET et DELIB_ID que la ligne 2" in out
    assert "ligne 4 : VOTE_REEL « 40000 »" in out
    assert "ligne 5 : année du budget : AAAA/AAAA de deux années qui se suivent" in out
    assert "ligne 6 : année du budget et nom du budget vont ensemble" in out
    assert "ligne 7 : votants (10) > membres en exercice (9)" in out
    assert Deliberation.objects.count() == 1


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"VOTE_POUR": "douze"}, "VOTE_POUR « douze » n'est pas un nombre entier"),
        ({"DELIB_URL": "ftp://exemple.fr/acte.pdf"}, "DELIB_URL n'est pas une adresse http(s)"),
        ({"delib_id": "X" * 101}, "DELIB_ID (100 caractères) ou DELIB_OBJET (10 000) trop long"),
    ],
    ids=["entier", "adresse", "longueur"],
)
def test_each_wrong_cell_is_named_in_french(tmp_path, cells, reason):
    out = run(csv_file(tmp_path, line(**cells)))
    assert f"ligne 2 : {reason}" in out
    assert Deliberation.objects.count() == 0


def test_batches_report_their_progress_and_write_every_row(tmp_path, monkeypatch):
    monkeypatch.setattr(open_data, "BATCH", 2)
    seen = []
    report = open_data.load(csv_file(tmp_path, *(line(f"2026-1{i:02d}") for i in range(5))), progress=seen.append)
    assert (report.created, report.updated, seen) == (5, 0, [3, 5])
    assert Deliberation.objects.count() == 5


def test_a_text_that_is_not_a_table_is_refused(tmp_path):
    path = tmp_path / "lettre.csv"
    path.write_text("Madame la Maire\n", encoding="utf-8")
    with pytest.raises(open_data.FileRefused, match="ce n'est pas un fichier CSV"):
        open_data.load(path)


def test_a_nul_character_refuses_the_file_and_loads_nothing_of_it(tmp_path):
    path = csv_file(tmp_path, line("2026-001"), line("2026-002", objet="Objet\x00caché"))
    with pytest.raises(open_data.FileRefused, match="ce n'est pas un texte lisible"):
        open_data.load(path)
    assert Deliberation.objects.count() == 0


def test_an_agreement_is_recognised_whatever_it_is_called_and_in_the_plural():
    from concorde.conventions.models import Convention
    from concorde.deliberations.links import adopts

    convention = Convention(title="Convention des jardins partagés", signed_on=dt.date(2026, 6, 1))
    voted = Deliberation(date=dt.date(2026, 3, 1), subject="Approbation du pacte du jardin partagé avec Montclair")
    assert adopts(voted, convention, ["Commune de Montclair-sur-Marne"])
    late = Deliberation(date=dt.date(2026, 7, 1), subject=voted.subject)
    assert not adopts(late, convention, ["Commune de Montclair-sur-Marne"])  # voted after the signature
    unnamed = Deliberation(date=dt.date(2026, 3, 1), subject="Approbation du pacte du jardin partagé")
    assert not adopts(unnamed, convention, ["Commune de Montclair-sur-Marne"])  # no other party named
