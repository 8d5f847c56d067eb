"""The public portal's filters over the published conventions."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone

from concorde.conventions import themes
from concorde.conventions.models import Convention, with_status

from .services import partners


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # a year, where NumberFilter takes any decimal


class PortalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Mot du titre", max_length=100, field_name="title", lookup_expr="icontains")
    partner = django_filters.ModelChoiceFilter(
        label="Partenaire", queryset=lambda request: partners(), empty_label="Tous", field_name="parties__organisation"
    )
    theme = django_filters.ChoiceFilter(label="Thème", choices=themes.CHOICES, empty_label="Tous", method="by_theme")
    status = django_filters.ChoiceFilter(
        label="Statut",
        empty_label="Tous",
        choices=[(k, v) for k, v in Convention.Status.choices if k != Convention.Status.DRAFT],
        method="by_status",
    )
    year = YearFilter(label="En vigueur en", min_value=1950, max_value=2100, method="in_force")

    def filter_queryset(self, queryset):
        # a value the form refuses shows every convention, not the others' filters alone
        return super().filter_queryset(queryset) if self.form.is_valid() else queryset

    def by_theme(self, queryset, name, value):
        # the quoted code in the JSON list: the same lookup on SQLite and PostgreSQL
        return queryset.filter(themes__icontains=f'"{value}"')

    def by_status(self, queryset, name, value):
        return queryset.filter(with_status(value, timezone.localdate()))

    def in_force(self, queryset, name, value):
        return queryset.filter(period_start_year__lte=value, period_end_year__gte=value)
