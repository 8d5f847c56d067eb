"""Forms of the shared dashboard: tracking an action, updates, measurements and their review,
budget lines."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils import timezone

from concorde.conventions.models import Action, BudgetLine, Indicator, Measurement
from concorde.lib.amounts import parse_euros

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


MAX_EVIDENCE = 10 * 1024 * 1024


def _evidence(f):
    if f and f.size > MAX_EVIDENCE:
        raise forms.ValidationError("La pièce dépasse 10 Mo.")
    return f


class UpdateForm(forms.Form):
    party = forms.ModelChoiceField(queryset=None, label="Au nom de", empty_label=None)
    date = forms.DateField(label="Date", widget=DATE, initial=timezone.localdate)
    text = forms.CharField(label="Point d'avancement", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    evidence = forms.FileField(label="Pièce justificative (facultatif)", required=False)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties

    def clean_evidence(self):
        return _evidence(self.cleaned_data.get("evidence"))


class MeasurementForm(forms.Form):
    indicator = forms.ModelChoiceField(queryset=None, label="Indicateur", empty_label=None)
    party = forms.ModelChoiceField(queryset=None, label="Au nom de", empty_label=None)
    value = forms.DecimalField(label="Valeur", max_digits=14, decimal_places=2, localize=True)
    date = forms.DateField(label="Date de la mesure", widget=DATE, initial=timezone.localdate)
    comment = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=2000,
        help_text="D'où vient la valeur : qui valide la lira.",
    )
    evidence = forms.FileField(label="Pièce justificative (facultatif)", required=False)

    def __init__(self, *args, indicators, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["party"].queryset = parties

    def clean_evidence(self):
        return _evidence(self.cleaned_data.get("evidence"))

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("Une mesure ne peut pas être datée dans le futur.")
        return date


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


class EurosField(forms.CharField):
    """An amount in euros as a person types it (« 50 000 », « 12 500,50 »)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(inputmode="decimal", autocomplete="off")

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        try:
            return parse_euros(value)
        except ValueError:
            raise forms.ValidationError("Un montant en euros, par exemple 50 000 ou 12 500,50.") from None


# « Région Île-de-France : 20 000 » — a financer, then its amount
_COFINANCING = re.compile(
    r"^(?P<financer>.+?)\s*[:;—–=]\s*(?P<amount>[-\d\s\u00a0\u202f.,']+?)\s*(€|euros?)?\s*$", re.I
)


def parse_cofinancings(text: str) -> list[tuple[str, Decimal]]:
    out = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        found = _COFINANCING.match(line.strip())
        try:
            if not found:
                raise ValueError(line)
            out.append((found["financer"].strip(), parse_euros(found["amount"])))
        except ValueError:
            raise forms.ValidationError(
                f"Ligne {number} : « {line.strip()} » — écrire le financeur puis son montant, "
                "par exemple « Région Île-de-France : 20 000 »."
            ) from None
    return out


class BudgetLineForm(forms.Form):
    party = forms.ModelChoiceField(queryset=None, label="Partie", empty_label=None)
    year = forms.IntegerField(label="Année", min_value=1900, max_value=2200)
    nature = forms.ChoiceField(label="Nature", choices=BudgetLine.Nature.choices)
    label = forms.CharField(label="Objet (facultatif)", max_length=300, required=False)
    planned = EurosField(label="Prévu (€)")
    spent = EurosField(label="Dépensé (€)", required=False, help_text="Laisser vide tant que rien n'est dépensé.")
    cofinancings = forms.CharField(
        label="Cofinancements (facultatif)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Un par ligne : le financeur, puis son montant — « Région Île-de-France : 20 000 ».",
    )

    def __init__(self, *args, parties=None, line: BudgetLine | None = None, **kwargs):
        """`parties`: those the user writes for (a new line); `line`: the line to change, whose
        party stays."""
        if line is not None:
            kwargs.setdefault(
                "initial",
                {
                    "year": line.year,
                    "nature": line.nature,
                    "label": line.label,
                    "planned": _typed(line.planned),
                    "spent": _typed(line.spent),
                    "cofinancings": "\n".join(f"{c.financer} : {_typed(c.amount)}" for c in line.cofinancings.all()),
                },
            )
        super().__init__(*args, **kwargs)
        if line is not None:
            del self.fields["party"]
        else:
            self.fields["party"].queryset = parties
            self.fields["party"].label_from_instance = lambda p: p.label
            self.fields["year"].initial = timezone.localdate().year

    def clean_cofinancings(self):
        return parse_cofinancings(self.cleaned_data["cofinancings"])

    def clean_spent(self):
        return self.cleaned_data["spent"] or Decimal(0)


def _typed(amount: Decimal) -> str:
    """An amount as the form shows it again: « 50 000 », « 12 500,50 »."""
    whole = f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",")
    return whole.removesuffix(",00")


class RemoveLineForm(forms.Form):
    confirm = forms.BooleanField(label="Je confirme le retrait de cette ligne (elle pourra être rétablie).")


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Votre commentaire",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pour prévenir quelqu'un, écrire @ suivi de son identifiant (la liste est sous le champ).",
    )
    party = forms.ModelChoiceField(queryset=None, label="Au nom de", empty_label=None, required=False)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties
        if parties.count() == 1:  # nothing to choose: the comment is for that party
            self.fields["party"].widget = forms.HiddenInput()
