"""The public portal: a convention is public only when every party chose it; budgets only when
every party agreed; nothing unpublished appears, to anyone without a login."""

import html

import pytest
from django.urls import reverse

from concorde.conventions.models import Convention
from concorde.publication import services
from tests.conftest import act, client_for, party

ANONYMOUS = None


def _choose(convention, people, who, label, publish=True, budgets=False, reason=""):
    data = {"publish": "on"} if publish else {}
    if budgets:
        data["publish_budgets"] = "on"
    if reason:
        data["reason"] = reason
    return client_for(people[who]).post(
        reverse("publication:choose-publication", args=[convention.pk, party(convention, label).pk]), data
    )


def _text(response):
    return html.unescape(response.content.decode())


def test_nothing_unpublished_is_public(convention):
    visitor = client_for(ANONYMOUS)
    assert convention.title not in _text(visitor.get(reverse("publication:portal")))
    assert visitor.get(reverse("publication:public-convention", args=[convention.pk])).status_code == 404
    doc = convention.documents.first()
    assert visitor.get(reverse("publication:public-document", args=[convention.pk, doc.pk])).status_code == 404


def test_published_when_every_party_chose_it(convention, people):
    _choose(convention, people, "paris_coord", "Ville de Paris")
    convention.refresh_from_db()
    assert not convention.is_public
    assert client_for(ANONYMOUS).get(reverse("publication:public-convention", args=[convention.pk])).status_code == 404
    _choose(convention, people, "montclair_coord", "Commune de Montclair-sur-Marne")
    convention.refresh_from_db()
    assert convention.is_public and not convention.public_budgets
    visitor = client_for(ANONYMOUS)
    assert convention.title in _text(visitor.get(reverse("publication:portal")))
    page = _text(visitor.get(reverse("publication:public-convention", args=[convention.pk])))
    action = act(convention, "n°1")
    assert action.title in page and "Calendrier de la gouvernance" in page
    assert "Budget estimé" not in page
    doc = convention.documents.first()
    response = visitor.get(reverse("publication:public-document", args=[convention.pk, doc.pk]))
    assert response.status_code == 200 and doc.original_name in response["Content-Disposition"]
    # One party withdraws, with its reason (before the term, one is asked): the convention leaves
    # the portal at once, and its address says it was withdrawn
    _choose(convention, people, "paris_coord", "Ville de Paris", publish=False)
    assert client_for(ANONYMOUS).get(reverse("publication:public-convention", args=[convention.pk])).status_code == 200
    _choose(convention, people, "paris_coord", "Ville de Paris", publish=False, reason="Renégociation en cours.")
    assert convention.title not in _text(visitor.get(reverse("publication:portal")))
    assert client_for(ANONYMOUS).get(reverse("publication:public-convention", args=[convention.pk])).status_code == 410


def test_budgets_only_when_every_party_agreed(convention, people):
    budget = act(convention, "n°1")
    budget.budget_text = "120 000 € sur trois ans"
    budget.save()
    _choose(convention, people, "paris_coord", "Ville de Paris", budgets=True)
    _choose(convention, people, "montclair_coord", "Commune de Montclair-sur-Marne")
    assert "120 000 €" not in _text(
        client_for(ANONYMOUS).get(reverse("publication:public-convention", args=[convention.pk]))
    )
    _choose(convention, people, "montclair_coord", "Commune de Montclair-sur-Marne", budgets=True)
    assert "120 000 € sur trois ans" in _text(
        client_for(ANONYMOUS).get(reverse("publication:public-convention", args=[convention.pk]))
    )


@pytest.mark.parametrize(
    "who, label",
    [
        ("paris_pilot", "Ville de Paris"),
        ("paris_coord", "Commune de Montclair-sur-Marne"),
        ("outsider", "Ville de Paris"),
    ],
)
def test_only_a_partys_coordination_chooses_for_it(convention, people, who, label):
    _choose(convention, people, who, label)
    assert not convention.parties.filter(publish=True).exists()


def test_a_draft_is_never_public(paris_draft, people):
    paris_draft.parties.update(publish=True)
    Convention.objects.filter(pk=paris_draft.pk).update(is_public=True)
    assert not services.published().filter(pk=paris_draft.pk).exists()
    assert client_for(ANONYMOUS).get(reverse("publication:public-convention", args=[paris_draft.pk])).status_code == 404


def test_portal_filters_by_partner_status_and_year(convention, people):
    _choose(convention, people, "paris_coord", "Ville de Paris")
    _choose(convention, people, "montclair_coord", "Commune de Montclair-sur-Marne")
    visitor = client_for(ANONYMOUS)
    montclair = party(convention, "Commune de Montclair-sur-Marne").organisation
    assert convention.title in _text(
        visitor.get(reverse("publication:portal"), {"partner": montclair.pk, "status": "validated"})
    )
    assert convention.title not in _text(visitor.get(reverse("publication:portal"), {"status": "terminated"}))
    assert convention.title in _text(visitor.get(reverse("publication:portal"), {"year": convention.period_start_year}))
    assert convention.title not in _text(visitor.get(reverse("publication:portal"), {"year": 1990}))
    # a value the form refuses filters nothing, the other values included, and is shown as refused
    refused = _text(visitor.get(reverse("publication:portal"), {"year": "deux mille", "status": "terminated"}))
    assert convention.title in refused and 'name="year"' in refused and 'role="alert"' in refused


def test_atom_feed_and_sitemap_carry_published_conventions_only(convention, people, paris_draft):
    import datetime as dt

    from concorde.conventions import tracking

    action = act(convention, "n°1")
    tracking.post_update(
        action,
        party(convention, "Ville de Paris"),
        people["paris_pilot"],
        dt.date.today(),
        "Première baignade surveillée ouverte.",
    )
    visitor = client_for(ANONYMOUS)
    assert "Première baignade" not in _text(visitor.get(reverse("publication:public-feed")))
    assert f"/public/conventions/{convention.pk}/" not in _text(visitor.get(reverse("publication:sitemap")))
    _choose(convention, people, "paris_coord", "Ville de Paris")
    _choose(convention, people, "montclair_coord", "Commune de Montclair-sur-Marne")
    feed = visitor.get(reverse("publication:public-feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Première baignade surveillée ouverte." in _text(feed) and f"#action-{action.pk}" in _text(feed)
    sitemap = _text(visitor.get(reverse("publication:sitemap")))
    assert (
        f"/public/conventions/{convention.pk}/" in sitemap and f"/public/conventions/{paris_draft.pk}/" not in sitemap
    )
    assert f"<lastmod>{action.updated_at:%Y-%m-%d}</lastmod>" in sitemap


def test_the_atom_feed_is_valid_with_one_id_per_entry_authors_and_a_stable_updated(convention, people):
    import datetime as dt
    import re

    from concorde.conventions import tracking
    from tests import atom

    visitor = client_for(ANONYMOUS)
    _choose(convention, people, "paris_coord", "Ville de Paris")
    _choose(convention, people, "montclair_coord", "Commune de Montclair-sur-Marne")
    empty = visitor.get(reverse("publication:public-feed")).content
    assert atom.problems(empty) == []
    assert visitor.get(reverse("publication:public-feed")).content == empty  # nothing new: the same feed
    action = act(convention, "n°1")
    for text in ("Premier point sur la baignade.", "Second point sur la même action."):
        tracking.post_update(action, party(convention, "Ville de Paris"), people["paris_pilot"], dt.date.today(), text)
    feed = visitor.get(reverse("publication:public-feed")).content
    assert atom.problems(feed) == []
    body = feed.decode()
    assert len(set(re.findall(r"<entry>.*?<id>(.*?)</id>", body, re.S))) == 2
    assert "<name>Ville de Paris</name>" in body
    # the checker does find what the issue saw: two entries with one id, no author, a bad date
    broken = body.replace("<author><name>Ville de Paris</name></author>", "", 2)
    broken = re.sub(r"(<entry>.*?<id>)(.*?)(</id>)", r"\1tag:x,2025:meme\3", broken, flags=re.S)
    broken = broken.replace("<author><name>Concorde</name></author>", "")
    found = atom.problems(broken.encode())
    assert "deux entrées partagent l'id « tag:x,2025:meme »" in found
    assert any("ni elle ni le flux n'ont d'auteur" in p for p in found)
    assert atom.problems(body.replace("</updated>", " heure</updated>", 1).encode())


def test_documents_are_published_as_pdf_and_themes_filter_the_portal(convention, people, tmp_path):
    import subprocess

    from concorde.conventions.models import Convention as C

    assert "eau" in convention.themes  # proposed at import from the axes' words
    _choose(convention, people, "paris_coord", "Ville de Paris")
    _choose(convention, people, "montclair_coord", "Commune de Montclair-sur-Marne")
    doc = convention.documents.first()
    visitor = client_for(ANONYMOUS)
    response = visitor.get(reverse("publication:public-document-pdf", args=[convention.pk, doc.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert doc.checksum in text.replace("\n", "") and convention.axes.first().title.split()[0] in text
    assert visitor.get(reverse("publication:portal"), {"theme": "eau"}).content.decode().count(convention.title) == 1
    assert convention.title not in _text(visitor.get(reverse("publication:portal"), {"theme": "numerique"}))
    client_for(people["paris_pilot"]).post(
        reverse("conventions:set-themes", args=[convention.pk]), {"themes": ["numerique"]}
    )
    assert C.objects.get(pk=convention.pk).themes == convention.themes  # a pilot does not choose
    client_for(people["montclair_coord"]).post(
        reverse("conventions:set-themes", args=[convention.pk]), {"themes": ["numerique", "culture"]}
    )
    assert C.objects.get(pk=convention.pk).themes == ["numerique", "culture"]
    assert convention.title in _text(visitor.get(reverse("publication:portal"), {"theme": "numerique"}))
