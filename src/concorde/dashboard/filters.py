"""The dashboard's filters. They apply to the materialised rows (dashboard.materialise), not to a
queryset: a filtered view reads nothing more from the database."""

from __future__ import annotations

import django_filters
from django import forms

from concorde.conventions.models import Action
from concorde.lib.text import fold

from .forms import DATE


class CheckboxFilter(django_filters.Filter):
    field_class = forms.BooleanField  # a checkbox, where BooleanFilter offers yes / no / unknown


class RowFilter(django_filters.FilterSet):
    """Each row is (html, axis id, status, party ids, folded pilot names, late). The axes and
    parties offered are those of the materialised dashboard ((id, label) pairs): checking a
    choice reads nothing from the database."""

    axis = django_filters.TypedChoiceFilter(label="Axe", coerce=int, empty_value=None, method="by_axis")
    status = django_filters.ChoiceFilter(
        label="Statut", choices=Action.Status.choices, empty_label="Tous", method="by_status"
    )
    party = django_filters.TypedChoiceFilter(label="Partie pilote", coerce=int, empty_value=None, method="by_party")
    pilot = django_filters.CharFilter(label="Service pilote", max_length=100, method="by_pilot")
    late = CheckboxFilter(label="En retard seulement", method="late_only")
    since = django_filters.DateFilter(label="Changements depuis le", widget=DATE, method="keep")  # the changes' period

    def __init__(self, data=None, *, axes, parties, **kwargs):
        super().__init__(data, queryset=Action.objects.none(), **kwargs)
        self.filters["axis"].extra["choices"] = [("", "Tous"), *axes]
        self.filters["party"].extra["choices"] = [("", "Toutes"), *parties]

    def rows(self, rows: list[tuple]) -> list[tuple]:
        """The rows the filters keep: all of them when a value is not one the form accepts."""
        if not self.is_valid():
            return rows
        for name, value in self.form.cleaned_data.items():
            rows = self.filters[name].filter(rows, value)
        return rows

    def by_axis(self, rows, name, value):
        return [r for r in rows if r[1] == value]

    def by_status(self, rows, name, value):
        return [r for r in rows if r[2] == value]

    def by_party(self, rows, name, value):
        return [r for r in rows if value in r[3]]

    def by_pilot(self, rows, name, value):
        pilot = fold(value)
        return [r for r in rows if any(pilot in s for s in r[4])] if pilot else rows

    def late_only(self, rows, name, value):
        return [r for r in rows if r[5]] if value else rows

    def keep(self, rows, name, value):
        return rows
