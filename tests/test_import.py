"""Import into the database: one transaction, no duplicates, and the corpus end to end."""

import json

import pytest

from concorde.conventions import services
from concorde.conventions.models import Action, Convention, Document, ImportWarning, Version
from concorde.deliberations.models import Deliberation
from concorde.governance.models import GoverningBody
from concorde.ingest.gazetteer import reference_gazetteer
from concorde.ingest.loader import ImportRefused, import_document
from concorde.ingest.parser import extract
from concorde.territories.models import Organisation

MAX = 20 * 1024 * 1024
PARIS = "Ville de Paris"


def counts():
    return (Convention.objects.count(), Document.objects.count(), Action.objects.count(), Organisation.objects.count())


def test_demo_document_becomes_a_draft_with_its_structure(paris, demo_text, django_capture_on_commit_callbacks):
    user, org = paris
    with django_capture_on_commit_callbacks(execute=True):  # the file is written once the rows are committed
        outcome = import_document(demo_text, "demo.md", user=user, organisation=org, max_bytes=MAX)
    c = outcome.convention
    assert outcome.created and c.is_draft and c.owner == org
    assert [p.label for p in c.parties.all()] == ["Ville de Paris", "Commune de Montclair-sur-Marne"]
    assert list(c.axes.values_list("number", flat=True)) == ["1", "2"]
    assert list(c.actions.values_list("number", flat=True)) == ["n°1", "n°2", "2.1", "2.2", "n°3", "n°4"]
    first = c.actions.get(number="n°1")
    assert first.budget_amount == 120000 and first.deadline_text == "Été 2026"
    assert {p.party.label: p.service for p in first.pilots.select_related("party")} == {
        "Ville de Paris": "DPE",
        "Commune de Montclair-sur-Marne": "DST – Service des eaux",
    }
    assert [(i.label, i.target_value) for i in first.indicators.all()] == [
        ("Nombre de jours de baignade ouverts", 60),
        ("Analyses conformes publiées", None),
    ]
    assert first.commitments.count() == 3
    assert c.actions.get(number="2.1").parent.number == "n°2"
    assert (
        c.duration_label,
        c.tacit_renewal_times,
        c.renewal_label,
        c.notice_label,
        c.breach_label,
    ) == ("4 ans", 1, "2 ans", "3 mois", "30 jours")
    assert [(b.kind, b.min_meetings_per_year) for b in c.bodies.all()] == [
        ("comite_pilotage", 1),
        ("comite_technique", 2),
    ]
    doc = c.documents.get()
    assert doc.checksum and doc.text.startswith("# Convention") and doc.file.read() == demo_text


def test_same_file_again_returns_the_existing_draft(paris, demo_text):
    user, org = paris
    first = import_document(demo_text, "demo.md", user=user, organisation=org, max_bytes=MAX)
    before = counts()
    again = import_document(demo_text, "copie.md", user=user, organisation=org, max_bytes=MAX)
    assert not again.created and again.convention == first.convention
    assert counts() == before


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "vide"),
        (bytes(range(256)) * 10, "pas un texte lisible"),
        (b"x" * (MAX + 1), "taille maximale"),
        (b"%PDF-1.7 abime", "PDF illisible"),
    ],
)
def test_bad_input_is_refused_and_leaves_the_database_as_it_was(paris, data, message):
    user, org = paris
    before = counts()
    with pytest.raises(ImportRefused, match=message):
        import_document(
            data,
            "mauvais.pdf" if data.startswith(b"%PDF") else "mauvais.txt",
            user=user,
            organisation=org,
            max_bytes=MAX,
        )
    assert counts() == before


def test_failure_in_the_middle_of_loading_leaves_nothing_behind(paris, demo_text, monkeypatch):
    user, org = paris
    before = counts()

    def explode(*args, **kwargs):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(GoverningBody.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        import_document(demo_text, "demo.md", user=user, organisation=org, max_bytes=MAX)
    assert counts() == before


def test_text_without_structure_becomes_a_draft_with_warnings(paris):
    user, org = paris
    letter = ("Madame, Monsieur, nous vous écrivons au sujet de la convention. " * 40).encode()
    c = import_document(letter, "lettre.txt", user=user, organisation=org, max_bytes=MAX).convention
    assert c.is_draft and not c.axes.exists()
    assert ImportWarning.objects.filter(convention=c).count() >= 1
    with pytest.raises(services.DomainError, match="axe"):
        services.validate(c, user)


def test_an_import_keeps_one_creation_record_per_row_as_it_always_did(people, demo_text):
    """Rows are written in bulk, but the history is the one saving them one by one wrote: a creation
    record per row of the models that keep history (no user outside a request, no reason), the row
    as it was written; a pilot whose services matched, then a change record listing them."""
    from concorde.conventions.models import ActionPilot, Axis, Commitment, Indicator, Party

    org = Organisation.objects.get(name=PARIS)
    c = import_document(demo_text, "demo.md", user=people["paris_coord"], organisation=org, max_bytes=MAX).convention
    plan = {
        Convention: [c],
        Party: c.parties.all(),
        Axis: c.axes.all(),
        Action: c.actions.all(),
        ActionPilot: ActionPilot.objects.filter(action__convention=c),
        GoverningBody: c.bodies.all(),
    }
    for model, rows in plan.items():
        ids = sorted(r.pk for r in rows)
        created = model.history.filter(id__in=ids, history_type="+")
        assert ids and sorted(created.values_list("id", flat=True)) == ids, model
        assert {(h.history_user_id, h.history_change_reason) for h in created} == {(None, None)}, model
    sub = c.actions.get(number="2.1")
    assert sub.history.get(history_type="+").parent_id == sub.parent_id
    pilot = ActionPilot.objects.get(action__convention=c, action__number="n°1", party__organisation=org)
    assert [s.name for s in pilot.services.all()] == ["DPE"]
    change = pilot.history.get(history_type="~")
    assert [h.service.name for h in change.services.all()] == ["DPE"] and not pilot.history.get(
        history_type="+"
    ).services.exists()
    assert not Commitment.history.exists() and not Indicator.history.exists()  # written in bulk before, as now


def test_an_import_issues_as_many_statements_whatever_its_number_of_actions(people, demo_text):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    text = demo_text.decode()
    block = text[text.index("Action n°1 :") : text.index("Action n°2 :")]
    bigger = text.replace(
        "## Axe 2", "".join(block.replace("Action n°1 :", f"Action n°{n} :") for n in range(10, 40)) + "## Axe 2"
    )
    org = Organisation.objects.get(name=PARIS)
    statements = []
    for i, data in enumerate((text, bigger)):
        with CaptureQueriesContext(connection) as queries:
            c = import_document(
                data.encode(), f"{i}.md", user=people["paris_coord"], organisation=org, max_bytes=MAX
            ).convention
        statements.append(len(queries))
    assert c.actions.count() == 36
    assert statements[0] == statements[1] <= 60  # about 20 of them index the convention for the search


def _flatten(nodes):
    for n in nodes:
        yield n
        yield from _flatten(n.get("children") or [])


@pytest.mark.parametrize("stem", ["000", "002", "003", "004"])
def test_corpus_document_end_to_end(paris, make_member, corpus, stem):
    """import -> validate -> the database holds what the extraction said. Each document is imported
    by one of its parties (004 is the EPT's own seminar of priorities)."""
    user, org = make_member("ept.coord", "Grand-Orly Seine Bièvre", kind="ept") if stem == "004" else paris
    path = corpus[stem]
    data = path.read_bytes()
    expected = extract(data.decode("utf-8"), path.name, reference_gazetteer())
    c = import_document(data, path.name, user=user, organisation=org, max_bytes=MAX).convention
    services.validate(c, user)
    c.refresh_from_db()
    assert c.status == Convention.Status.VALIDATED and Version.objects.filter(convention=c, number=1).exists()
    assert [(a.number, a.title) for a in c.axes.all()] == [(a["number"], a["title"]) for a in expected["axes"]]
    nodes = [n for axis in expected["axes"] for n in _flatten(axis["actions"])]
    actions = list(c.actions.order_by("order").prefetch_related("pilots", "commitments"))
    assert [a.title for a in actions] == [n["title"] for n in nodes]
    for action, node in zip(actions, nodes):
        f = node["fields"]
        assert (action.deadline_text, action.budget_text, action.partners_text) == (
            f["delai"] or "",
            f["budget"] or "",
            f["partenaires"] or "",
        )
        assert {p.party_label: p.service for p in action.pilots.all()} == f["pilotes"]
        assert [x.text for x in action.commitments.all()] == node["engagements"]
        assert all(p.party_id for p in action.pilots.all()), f"pilote sans partie : {action}"
    assert [(b.kind, b.min_meetings_per_year) for b in c.bodies.all()] == [
        (b["body"], b["min_meetings_per_year"]) for b in expected["governance"]
    ]
    assert [p.label for p in c.parties.all()] == [p["name"] for p in expected["parties"]]
    d = expected["duration"]
    assert (c.duration, c.notice, c.breach_delay) == (
        d["years"],
        d["notice_months"],
        d["termination_for_breach_days"],
    )
    snapshot = c.versions.get(number=1).snapshot
    assert json.loads(json.dumps(snapshot))["axes"][0]["title"] == expected["axes"][0]["title"]
    if expected["deliberation"]:
        delib = Deliberation.objects.get(convention=c)
        e = expected["deliberation"]
        assert (delib.voters, delib.votes_for, delib.present_count, delib.proxies.count()) == (
            e["voters"],
            e["for"],
            e["present_count"],
            len(e["proxies"]),
        )
        assert delib.arithmetic_problems() == []


def test_corpus_quality_meets_the_goals(corpus, scorer):
    """The importer against the reference annotations of ../shared/gold."""
    import pathlib

    gold_dir = pathlib.Path(scorer.__file__).parent.parent / "gold"
    results = {}
    for stem, path in corpus.items():
        gold = json.loads((gold_dir / f"{stem}.json").read_text(encoding="utf-8"))
        results[stem] = scorer.score_document(gold, extract(path.read_text(encoding="utf-8"), path.name))
    agg = scorer.summarize(results)
    assert agg["score"] >= 0.90 and agg["structure_f1"] >= 0.90
    assert agg["lifecycle"] == 1.0 and agg["governance"] >= 0.95
