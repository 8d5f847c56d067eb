"""Searching as a coordination, a partner, an outsider and the public: French words found in
their other forms, accents folded, excerpts marked, facets, and the pages' policy — on the
database the suite runs on (SQLite by default, PostgreSQL when DATABASE_URL is set)."""

import io

import pytest

from concorde.conventions.models import Action, Update
from concorde.search import index, service
from concorde.search.models import Entry
from tests import factories as f

pytestmark = pytest.mark.django_db


def found(user, text, **kwargs):
    return service.search(user, text, **kwargs)


def titles(results):
    return [h.entry.title for h in results.hits]


def test_a_plural_finds_the_singular_and_the_excerpt_marks_it(people, convention):
    results = found(people["paris_coord"], "baignades")
    assert any("baignade" in t for t in titles(results))
    action = next(h for h in results.hits if h.entry.kind == Entry.Kind.ACTION)
    assert "<mark>baignade</mark>" in action.title
    assert action.url.endswith(f"/actions/{action.entry.object_id}/")


def test_accents_are_folded_both_ways(people, convention):
    assert found(people["paris_coord"], "ete 2026").total == found(people["paris_coord"], "Été 2026").total > 0


def test_an_update_is_found_once_posted_and_gone_once_hidden(people, convention):
    action = Action.objects.filter(convention=convention).first()
    party = convention.parties.first()
    update = Update.objects.create(action=action, party=party, date="2026-05-01", text="Réunion avec les riverains")
    assert [h.entry.object_id for h in found(people["paris_coord"], "riverain").hits] == [action.pk]
    update.deleted_at = "2026-05-02T10:00:00Z"
    update.save()
    assert found(people["paris_coord"], "riverain").total == 0


def test_an_outsider_finds_nothing_of_a_convention_not_published(people, convention):
    assert found(people["outsider"], "baignade").total == 0
    assert found(None or people["outsider"], "baignade", public=True).total == 0


def test_the_public_finds_a_published_convention_with_portal_links(people, convention):
    convention.is_public = True
    convention.save()
    results = found(people["outsider"], "baignade", public=True)
    assert results.total > 0
    assert all(h.url.startswith("/public/") for h in results.hits)
    assert Entry.Kind.INDICATOR not in {h.entry.kind for h in results.hits}


def test_a_draft_is_found_by_its_importer_only(people):
    draft = f.draft(f.small_plan("Convention des jardins partagés", f.MONTCLAIR), by=people["paris_coord"])
    assert found(people["paris_coord"], "jardins").hits[0].url == f"/conventions/{draft.pk}/relecture/"
    assert found(people["montclair_coord"], "jardins").total == 0


def test_facets_count_the_matches_and_narrow_them(people, convention):
    results = found(people["paris_coord"], "baignade")
    kinds = {o.value: o.count for o in results.facets[0].options}
    assert kinds[Entry.Kind.ACTION] >= 1
    narrowed = found(people["paris_coord"], "baignade", filters=service.Filters(kind=Entry.Kind.ACTION))
    assert {h.entry.kind for h in narrowed.hits} == {Entry.Kind.ACTION}
    assert narrowed.total == kinds[Entry.Kind.ACTION]


def test_reindexing_gives_the_same_entries(people, convention):
    before = sorted(Entry.objects.values_list("kind", "object_id", "title"))
    Entry.objects.all().delete()
    index.reindex_all()
    assert sorted(Entry.objects.values_list("kind", "object_id", "title")) == before


def test_the_command_rebuilds_an_index_left_behind(people, convention):
    from django.core.management import call_command

    Entry.objects.all().delete()
    assert found(people["paris_coord"], "baignade").total == 0
    out = io.StringIO()
    call_command("search", "reindex", stdout=out)
    assert "Index de recherche reconstruit" in out.getvalue()
    assert found(people["paris_coord"], "baignade").total > 0


def test_a_facet_lists_its_most_frequent_values_and_the_chosen_one():
    from concorde.search.backends import Match

    found = [
        Match(i, 1.0, "deliberation", 2000 + i % 30, "", None, None, 100 + i % 30, f"Commune {i % 30:02d}")
        for i in range(300)
    ]
    partners = next(f for f in service.facets(found, service.Filters(partner=129)) if f.name == "partenaire")
    assert len(partners.options) == service.FACET_OPTIONS + 1  # the chosen one, though not among the first
    assert partners.options[-1].label == "Commune 29" and partners.options[-1].selected
    years = next(f for f in service.facets(found, service.Filters()) if f.name == "annee")
    assert [o.value for o in years.options[:2]] == ["2029", "2028"]  # the latest years first
