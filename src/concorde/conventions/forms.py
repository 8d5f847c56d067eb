"""Forms of the review screen: each corrects one part of the imported draft."""
from __future__ import annotations

from django import forms

from . import themes
from .models import Action, ActionPilot, Axis, Convention, Party


class ThemesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=themes.CHOICES, required=False, label="Thèmes",
                         help_text="Pour le filtre du portail public et les données ouvertes.", **kwargs)


class ThemesForm(forms.Form):
    themes = ThemesField()


class ConventionForm(forms.ModelForm):
    themes = ThemesField()

    class Meta:
        model = Convention
        fields = [
            "title", "kind", "parent", "period_start_year", "period_end_year", "duration_years", "duration_until", "starts_on",
            "signed_on", "effective_date", "tacit_renewal_times", "tacit_renewal_years", "notice_months",
            "termination_for_breach_days", "dashboard_deadline_months", "evaluation_annual", "evaluation_final", "themes",
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
        self.fields["parent"].queryset = (Convention.objects.filter(kind=Convention.Kind.FRAMEWORK)
                                          .filter(parties__organisation_id=self.instance.owner_id)
                                          .exclude(pk=self.instance.pk).distinct())
        self.fields["parent"].label = "Convention-cadre (pour une convention d'application)"

    def clean(self):
        data = super().clean()
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
        fields = ["number", "title", "deadline_text", "due_date", "budget_text", "budget_amount", "partners_text", "indicators_text"]
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
                label=f"Service pilote — {party.label}", required=False, max_length=500, initial=current.get(party.pk, ""))

    def save(self, commit=True):
        action = super().save(commit=commit)
        if commit:
            for party in self.parties:
                service = self.cleaned_data.get(f"pilot_{party.pk}", "").strip()
                pilot = action.pilots.filter(party=party).first()
                if service and pilot:
                    pilot.service = service
                    pilot.save()
                elif service:
                    ActionPilot.objects.create(action=action, party=party, party_label=party.label, service=service)
                elif pilot:
                    pilot.delete()
        return action
