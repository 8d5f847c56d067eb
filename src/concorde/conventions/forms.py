"""Forms of the review screen: each corrects one part of the imported draft."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from concorde.lib.amounts import budget_amount
from concorde.territories.forms import ServiceField
from concorde.territories.service_names import Directory, is_acronym

from . import indicators, pilots, themes
from .models import TAKING_PART, Action, ActionPilot, Axis, Convention, Party


class ThemesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(
            choices=themes.CHOICES,
            required=False,
            label="Thèmes",
            help_text="Pour le filtre du portail public et les données ouvertes.",
            **kwargs,
        )


class ThemesForm(forms.Form):
    themes = ThemesField()


UNIT_FIELDS = ("duration_unit", "renewal_unit", "notice_unit", "breach_unit")


class ConventionForm(forms.ModelForm):
    themes = ThemesField()

    class Meta:
        model = Convention
        fields = [
            "title",
            "kind",
            "parent",
            "period_start_year",
            "period_end_year",
            "duration",
            "duration_unit",
            "duration_until",
            "starts_on",
            "signed_on",
            "effective_date",
            "tacit_renewal_times",
            "renewal_duration",
            "renewal_unit",
            "notice",
            "notice_unit",
            "breach_delay",
            "breach_unit",
            "dashboard_deadline_months",
            "evaluation_annual",
            "evaluation_final",
            "themes",
        ]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effective_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "evaluation_annual": forms.NullBooleanSelect(),
            "evaluation_final": forms.NullBooleanSelect(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A convention d'application attaches to a framework convention its importer is party to.
        self.fields["parent"].queryset = (
            Convention.objects.filter(kind=Convention.Kind.FRAMEWORK)
            .filter(parties__organisation_id=self.instance.owner_id, parties__consent__in=TAKING_PART)
            .exclude(pk=self.instance.pk)
            .distinct()
        )
        self.fields["parent"].label = "Convention-cadre (pour une convention d'application)"
        for name in UNIT_FIELDS:  # a unit left out keeps the clause's usual one
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        for name in UNIT_FIELDS:
            data[name] = data.get(name) or Convention._meta.get_field(name).default
        if data.get("parent") and data.get("kind") != Convention.Kind.APPLICATION:
            self.add_error("parent", "Seule une convention d'application se rattache à une convention-cadre.")
        start, end = data.get("period_start_year"), data.get("period_end_year")
        if start and end and end < start:
            self.add_error("period_end_year", "L'année de fin précède l'année de début.")
        for name in ("period_start_year", "period_end_year"):
            year = data.get(name)
            if year and not 1950 <= year <= 2100:
                self.add_error(name, "Année invraisemblable.")
        return data


class PartyForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = ["label", "represented_by", "signatory"]


class AxisForm(forms.ModelForm):
    class Meta:
        model = Axis
        fields = ["number", "title"]


class ActionForm(forms.ModelForm):
    """An action's fields, with one pilot field per party."""

    class Meta:
        model = Action
        fields = [
            "number",
            "title",
            "deadline_text",
            "due_date",
            "budget_text",
            "budget_amount",
            "partners_text",
            "indicators_text",
        ]
        widgets = {
            "deadline_text": forms.Textarea(attrs={"rows": 2}),
            "budget_text": forms.Textarea(attrs={"rows": 2}),
            "partners_text": forms.Textarea(attrs={"rows": 2}),
            "indicators_text": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(parties)
        current = {p.party_id: p.service for p in self.instance.pilots.all()} if self.instance.pk else {}
        for party in self.parties:
            self.fields[f"pilot_{party.pk}"] = forms.CharField(
                label=f"Service pilote — {party.label}",
                required=False,
                max_length=500,
                initial=current.get(party.pk, ""),
                help_text="Tel que le document l'écrit ; chaque nom est rapproché des services de la partie.",
            )

    def clean(self):
        data = super().clean()
        # a budget written in words and figures gives its amount, unless the reviewer typed one
        if "budget_text" in self.changed_data and "budget_amount" not in self.changed_data:
            amount = budget_amount(data.get("budget_text"))
            data["budget_amount"] = Decimal(str(amount)) if amount is not None else None
        return data

    def save(self, commit=True):
        action = super().save(commit=commit)
        if commit:
            if "indicators_text" in self.changed_data:
                indicators.sync(action)
            for party in self.parties:
                text = " ".join(self.cleaned_data.get(f"pilot_{party.pk}", "").split())
                pilot = action.pilots.filter(party=party).first()
                if not text:
                    if pilot:
                        pilot.delete()
                    continue
                if pilot is not None and pilot.service == text:
                    continue
                pilot = pilot or ActionPilot(action=action, party=party, party_label=party.label)
                pilot.service = text
                pilots.read_cell(pilot, Directory.of(party.organisation_id))
            pilots.warn_unsettled(action.convention)
        return action


class AnswerForm(forms.Form):
    """A party's coordination answers the invitation to take part."""

    decision = forms.ChoiceField(
        label="Réponse",
        widget=forms.RadioSelect,
        choices=[
            ("accept", "Accepter : mon organisation est partie à cette convention"),
            ("refuse", "Refuser : mon organisation n'est pas partie à cette convention, ou pas sous cette forme"),
        ],
    )
    reason = forms.CharField(
        label="Motif du refus",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Requis pour refuser ; l'organisation importatrice le reçoit.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Dire pourquoi votre organisation refuse.")
        return data


class SettleForm(forms.Form):
    """What a document's pilot name designates among the organisation's services. The services are
    given read once (a review page shows one form per unsettled name)."""

    CHOICES = [
        ("existing", "Un service existant"),
        ("new", "Un nouveau service"),
        ("ignore", "Pas un service (ignorer ce nom)"),
    ]
    label = forms.CharField(widget=forms.HiddenInput, max_length=200)
    convention = forms.IntegerField(widget=forms.HiddenInput, required=False)
    choice = forms.ChoiceField(label="Ce nom désigne", choices=CHOICES, widget=forms.RadioSelect, initial="new")
    service = ServiceField(label="Service existant")
    name = forms.CharField(label="Nom du nouveau service", max_length=200, required=False)
    acronym = forms.CharField(label="Sigle", max_length=30, required=False)
    parent = ServiceField(label="Direction de rattachement")

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].set_services(services, "— choisir —")
        self.fields["parent"].set_services(services, "— aucune —")

    def clean(self):
        data = super().clean()
        if data.get("choice") == "existing" and not data.get("service"):
            self.add_error("service", "Choisir le service que ce nom désigne.")
        if data.get("choice") == "new" and not (data.get("name") or "").strip():
            self.add_error("name", "Donner le nom du nouveau service.")
        return data


def settle_form(services, name, convention=None, index: int = 0) -> SettleForm:
    """The form for one unsettled name, proposing it as a new service (an acronym as its acronym)."""
    label = name.label
    return SettleForm(
        services=services,
        auto_id=f"nom{index}-%s",
        initial={
            "label": label,
            "convention": convention.pk if convention else None,
            "choice": "new",
            "name": label,
            "acronym": label if is_acronym(label) else "",
            "parent": name.parent,
        },
    )
