"""What the search pages and the API read from the URL: the words and the facets chosen."""

from __future__ import annotations

from django import forms

from concorde.conventions import themes
from concorde.conventions.models import Convention

from .models import Entry
from .service import Filters


class SearchForm(forms.Form):
    q = forms.CharField(label="Rechercher", max_length=200, required=False)
    nature = forms.ChoiceField(label="Nature", choices=[("", "Toutes"), *Entry.Kind.choices], required=False)
    partenaire = forms.IntegerField(label="Partenaire", min_value=1, max_value=2**63 - 1, required=False)
    theme = forms.ChoiceField(label="Thème", choices=[("", "Tous"), *themes.CHOICES], required=False)
    statut = forms.ChoiceField(label="Statut", choices=[("", "Tous"), *Convention.Status.choices], required=False)
    annee = forms.IntegerField(label="Année", min_value=1900, max_value=2200, required=False)
    page = forms.IntegerField(min_value=1, max_value=1000, required=False)

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            kind=data["nature"],
            partner=data["partenaire"],
            theme=data["theme"],
            status=data["statut"],
            year=data["annee"],
        )
