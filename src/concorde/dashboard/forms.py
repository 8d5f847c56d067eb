"""Forms of the shared dashboard: tracking an action, updates, measurements and their review."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from concorde.conventions.models import Action, Indicator, Measurement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrackingForm(forms.Form):
    status = forms.ChoiceField(label="Statut", choices=Action.Status.choices)
    progress = forms.IntegerField(label="Avancement (%)", min_value=0, max_value=100)
    start_date = forms.DateField(label="Début", required=False, widget=DATE)
    end_date = forms.DateField(label="Fin prévue", required=False, widget=DATE)
    due_date = forms.DateField(label="Échéance", required=False, widget=DATE)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "La fin prévue précède le début.")
        return data


class UpdateForm(forms.Form):
    party = forms.ModelChoiceField(queryset=None, label="Au nom de", empty_label=None)
    date = forms.DateField(label="Date", widget=DATE, initial=timezone.localdate)
    text = forms.CharField(label="Point d'avancement", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    evidence = forms.FileField(label="Pièce justificative (facultatif)", required=False)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties

    def clean_evidence(self):
        f = self.cleaned_data.get("evidence")
        if f and f.size > 10 * 1024 * 1024:
            raise forms.ValidationError("La pièce dépasse 10 Mo.")
        return f


class MeasurementForm(forms.Form):
    indicator = forms.ModelChoiceField(queryset=None, label="Indicateur", empty_label=None)
    party = forms.ModelChoiceField(queryset=None, label="Au nom de", empty_label=None)
    value = forms.DecimalField(label="Valeur", max_digits=14, decimal_places=2, localize=True)
    date = forms.DateField(label="Date de la mesure", widget=DATE, initial=timezone.localdate)
    comment = forms.CharField(label="Commentaire", required=False, max_length=2000)

    def __init__(self, *args, indicators, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["party"].queryset = parties


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("validate", "Valider"), ("dispute", "Contester")], widget=forms.HiddenInput)
    reason = forms.CharField(label="Motif de la contestation", required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "dispute" and not data.get("reason", "").strip():
            self.add_error("reason", "Dire pourquoi la valeur est contestée.")
        return data


class ResolveForm(forms.Form):
    resolution = forms.CharField(label="Résolution", max_length=2000)
    corrected_value = forms.DecimalField(
        label="Valeur corrigée (facultatif)", required=False, max_digits=14, decimal_places=2, localize=True
    )


MEASUREMENT_STATUS = dict(Measurement.Status.choices)


class SidePilotForm(forms.Form):
    """One party's pilots of an action: its services, and the people who act for it."""

    party = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    services = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="Services pilotes",
        widget=forms.CheckboxSelectMultiple,
        help_text="Leurs pilotes, et ceux des services qui leur sont rattachés, écrivent le suivi de l'action.",
    )
    users = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label="Personnes pilotes", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, parties, people, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties
        self.fields["services"].queryset = services
        self.fields["users"].queryset = people
        self.fields["users"].label_from_instance = lambda u: u.get_full_name() or u.username


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["label", "target_value", "unit", "baseline"]
        localized_fields = ["target_value", "baseline"]  # « 12,5 » as the French write it
        widgets = {"label": forms.TextInput()}
