"""The documents of other collectivités (../shared/corpus-wide), end to end: the score against
their gold in each layout, and the import of a record of several acts."""

import json

import pytest

from concorde.conventions.models import ImportWarning
from concorde.deliberations.models import Deliberation
from concorde.ingest.gazetteer import files_gazetteer
from concorde.ingest.loader import import_document
from concorde.ingest.parser import extract

from .formats import kept_lines


@pytest.fixture
def wide(shared):
    docs = sorted((shared / "corpus-wide").glob("h*.txt"))
    assert len(docs) >= 12, "../shared/corpus-wide incomplet"
    return docs


def _layout(path) -> str:
    """Each document comes as stored by an open-data pipeline and with its lines (README)."""
    return "lignes" if kept_lines(path) else "aplati"


def test_wide_corpus_meets_the_goals_in_each_layout(wide, shared, scorer):
    gazetteer = files_gazetteer()
    by_layout: dict[str, dict] = {"lignes": {}, "aplati": {}}
    for path in wide:
        gold = json.loads((shared / "gold-wide" / f"{path.name[:3]}.json").read_text(encoding="utf-8"))
        by_layout[_layout(path)][path.name] = scorer.score_document(
            gold, extract(path.read_text(encoding="utf-8"), path.name, gazetteer)
        )
    for layout, results in by_layout.items():
        agg = scorer.summarize(results)
        assert len(results) == 6, layout
        assert agg["score"] >= 0.85 and agg["deliberation"] >= 0.90, (layout, agg)


def test_record_of_several_acts_becomes_one_deliberation_per_act(paris, wide):
    """Minutes of a sitting: each act with its number, object and vote, the sitting shared."""
    path = next(p for p in wide if p.name.startswith("h06") and p.name.endswith(".lines.txt"))
    expected = extract(path.read_text(encoding="utf-8"), path.name, files_gazetteer())["deliberation"]
    user, org = paris
    convention = import_document(
        path.read_bytes(), path.name, user=user, organisation=org, max_bytes=5 * 1024 * 1024
    ).convention
    rows = list(Deliberation.objects.filter(convention=convention).order_by("pk"))
    assert len(expected["acts"]) >= 10 and len(rows) == len(expected["acts"])
    for row, act in zip(rows, expected["acts"]):
        assert (row.act_number, row.votes_for, row.votes_against, row.abstentions) == (
            act["act_number"] or "",
            act["for"],
            act["against"],
            act["abstentions"],
        )
        assert row.date.isoformat() == expected["date"] and row.president == expected["president"]
        assert row.proxies.count() == len(expected["proxies"])
    # the reviewer is told what the record itself leaves in doubt, each point once
    messages = list(ImportWarning.objects.filter(convention=convention).values_list("message", flat=True))
    assert len(messages) == len(set(messages))
