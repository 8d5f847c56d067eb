"""The command line: `concorde extract` and `concorde import`."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from concorde.conventions.models import Convention

CONTRACT_KEYS = {
    "document",
    "kind",
    "title",
    "parties",
    "period",
    "duration",
    "governance",
    "evaluation",
    "axes",
    "services_mobilises",
    "partenaires_mobilisables",
    "cross_references",
    "deliberation",
    "seminar",
    "warnings",
}


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_extract_json_follows_the_contract(corpus):
    data = json.loads(run("extract", str(corpus["002"]), "--format", "json"))
    assert set(data) >= CONTRACT_KEYS
    assert data["document"] == corpus["002"].name and data["kind"] == "convention"
    action = data["axes"][0]["actions"][0]
    assert set(action) >= {"number", "title", "fields", "engagements", "children"}
    assert set(action["fields"]) == {"delai", "pilotes", "budget", "partenaires", "indicateurs"}
    assert all(isinstance(w, str) for w in data["warnings"])


def test_extract_text_is_a_readable_outline_with_warnings(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("Convention de coopération\n\nAxe 1 : Agir\n\nAction n°1 : Faire\n", encoding="utf-8")
    text = run("extract", str(path), "--format", "text")
    assert "Plan :" in text and "Axe 1 — Agir" in text and "n°1 Faire" in text and "Points à vérifier" in text


def test_extract_on_a_missing_or_empty_file_fails_in_french(tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        run("extract", str(tmp_path / "absent.txt"))
    (tmp_path / "vide.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="vide"):
        run("extract", str(tmp_path / "vide.txt"))


def test_the_installed_concorde_command_prints_json(corpus):
    exe = [sys.executable, "-m", "concorde.cli"]
    done = subprocess.run(
        [*exe, "extract", str(corpus["003"]), "--format", "json"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["axes"][0]["number"] == "A"


def test_import_command_creates_drafts_and_validates_on_request(db, corpus, paris):
    out = run("import", str(corpus["000"]), "--organisation", "Ville de Paris", "--user", "paris.coord", "--validate")
    assert "brouillon" in out and "validée" in out
    c = Convention.objects.get()
    assert c.status == Convention.Status.VALIDATED and c.deliberations.count() == 1
    assert "déjà importé" in run("import", str(corpus["000"]), "--organisation", "Ville de Paris")
    with pytest.raises(CommandError, match="non importé"):
        run("import", "/nulle/part.txt", "--organisation", "Ville de Paris")


def test_demo_loads_a_governed_convention_once(db, capsys):
    from django.core.management import call_command

    from concorde.conventions.models import Convention
    from concorde.governance.deadlines import deadlines_of
    from concorde.governance.models import Decision, Meeting

    call_command("demo")
    call_command("demo")  # idempotent
    convention = Convention.objects.get()
    assert convention.status == Convention.Status.IN_FORCE and convention.standing_text.startswith("En vigueur jusqu")
    assert Meeting.objects.count() == 2 and Decision.objects.count() == 1
    # something in each of the dashboard's parts: budget lines, a discussion, an indicator's chart
    from concorde.conventions.models import BudgetLine
    from concorde.discussion.models import Comment

    assert BudgetLine.objects.count() == 2 and Comment.objects.get().mentions.get().username == "paris.coordination"
    assert any(
        d.label == "Comité de pilotage : prochaine réunion" and d.state == "a_venir" for d in deadlines_of(convention)
    )
    assert "paris.coordination" in capsys.readouterr().out
    # published by both parties, the Ville de Paris's deliberation in the SCDL open data
    from concorde.publication import scdl

    assert convention.deliberations.count() == 2 and Convention.objects.filter(is_public=True).count() == 1
    export = scdl.export()
    assert [r["COLL_SIRET"] for r in export.rows] == ["21750001600019"] and len(export.left_out) == 1


def test_concorde_extract_parses_without_loading_the_web_stack(tmp_path, demo_text):
    import subprocess
    import sys

    source = tmp_path / "convention.md"
    source.write_bytes(demo_text)
    probe = (
        "import json, sys; sys.argv = ['concorde', 'extract', sys.argv[1]]\n"
        "from concorde import cli\n"
        "try:\n    cli.main()\nexcept SystemExit as done:\n    code = done.code\n"
        "print('\\nDJANGO' if 'django' in sys.modules else '\\nSANS DJANGO', code)"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(source)], capture_output=True, text=True, check=True).stdout
    result, last = out.rsplit("\n", 1)[0], out.strip().rsplit("\n", 1)[-1]
    assert last == "SANS DJANGO 0"
    assert '"title": "Convention de coopération 2025-2029"' in result
