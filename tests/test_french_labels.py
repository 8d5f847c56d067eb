"""The French of the labels people read in the admin and the pages: plurals of compound names,
titles with their articles, a participle agreed with the party's name."""

import pytest
from django.apps import apps
from django.urls import reverse

from concorde.lib.grammar import agreed, of_a, of_the
from tests.conftest import client_for


def _models():
    return [
        m for m in apps.get_models() if m.__module__.startswith("concorde.") and not m.__name__.startswith("Historical")
    ]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_every_model_has_a_french_name_and_a_true_plural(model):
    meta = model._meta
    name = str(meta.verbose_name)
    assert not any(word in name for word in ("api ", " quota", " token", " entry")), name  # English left over
    if " " in name:  # Django would add an « s » at the end: « jeton d'APIs »
        assert "verbose_name_plural" in meta.original_attrs, meta.verbose_name


@pytest.mark.parametrize(
    "name, participle",
    [
        ("Département de la Seine-Saint-Denis", "représenté"),
        ("Ville de Paris", "représentée"),
        ("Commune de Montclair-sur-Marne", "représentée"),
        ("Établissement public territorial Plaine Commune", "représenté"),
        ("La Métropole du Grand Paris", "représentée"),
        ("Syndicat intercommunal des eaux", "représenté"),
        ("Valmont", "représenté(e)"),  # a name we cannot tell: both forms
    ],
)
def test_the_participle_agrees_with_the_party(name, participle):
    assert agreed("représenté", name) == participle


def test_articles_of_the_admin_titles():
    assert of_the("organisation") == "de l'organisation"
    assert of_the("service") == "du service"
    assert of_the("collectivité de référence") == "de la collectivité de référence"
    assert of_a("organisation") == "d'une organisation" and of_a("jeton d'API") == "d'un jeton d'API"


def test_admin_pages_say_it_in_french(people, convention):
    from concorde.territories.models import Organisation

    admin = client_for(people["admin"])
    organisation = Organisation.objects.first()
    page = admin.get(reverse("admin:territories_organisation_change", args=[organisation.pk])).content.decode()
    assert "Modification de l&#x27;organisation" in page and "Modification de organisation" not in page
    page = admin.get(reverse("admin:territories_territory_changelist")).content.decode()
    assert "Collectivités de référence" in page and "Collectivité de références" not in page
    assert "Ajout d&#x27;une organisation" in admin.get(reverse("admin:territories_organisation_add")).content.decode()


def test_the_convention_page_agrees_the_party_and_names_the_software_once(convention, people):
    from concorde.conventions.models import Party

    Party.objects.filter(convention=convention, label="Ville de Paris").update(represented_by="sa Maire")
    page = client_for(people["paris_coord"]).get(reverse("conventions:convention", args=[convention.pk]))
    text = page.content.decode()
    assert "Ville de Paris</a></strong>, représentée par sa Maire" in text
    assert "Concorde — logiciel libre Concorde" not in text and "Concorde, logiciel libre" in text
