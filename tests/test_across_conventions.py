"""Seeing across conventions: one calendar of every convention a person reads, a page per
partner organisation, the themes several conventions share — each under the pages' policy."""

import pytest
from django.test import Client

from concorde.conventions.models import Convention
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(people):
    convention = f.in_force_since(f.demo_convention(people), days=400)
    other = f.validated(f.small_plan("Convention des berges de Montclair", f.MONTCLAIR), by=people["paris_coord"])
    other = f.in_force_since(other, days=30)
    return convention, other


def page(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_one_calendar_gathers_the_deadlines_of_every_convention_read(people, two):
    convention, other = two
    html = page(people["paris_coord"], "/calendrier/").content.decode()
    assert convention.title in html and other.title in html
    assert "en retard" in html  # the convention's comité, due months ago
    assert "/calendrier/" in html and "echeances.ics" in html  # the feed that carries them
    assert convention.title not in page(people["outsider"], "/calendrier/").content.decode()


def test_a_partner_page_shows_its_conventions_deadlines_and_people(people, two):
    convention, _ = two
    montclair = convention.parties.get(organisation__name=f.MONTCLAIR).organisation
    html = page(people["paris_coord"], f"/partenaires/{montclair.pk}/").content.decode()
    assert f"<h1>{f.MONTCLAIR}</h1>" in html
    assert convention.title in html  # accepted by Montclair
    assert "Convention des berges de Montclair" in html  # invited: Paris reads it, it names Montclair
    assert "montclair_coord" in html and "Coordination" in html
    assert page(people["outsider"], f"/partenaires/{montclair.pk}/").status_code == 404


def test_the_themes_shared_by_several_conventions_come_with_their_count(people, two):
    convention, other = two
    Convention.objects.filter(pk__in=[convention.pk, other.pk]).update(themes=["eau"])
    Convention.objects.filter(pk=convention.pk).update(themes=["eau", "sport"])
    html = page(people["paris_coord"], "/themes/").content.decode()
    assert html.index("Eau, fleuves et milieux naturels</strong> — 2 conventions") < html.index(
        "Sport et loisirs</strong> — 1 convention"
    )
    assert "Eau" not in page(people["outsider"], "/themes/").content.decode().split("<h1>")[1]
