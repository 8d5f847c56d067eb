"""Forms of the legal life: a denunciation, a formal notice, its lifting, a termination."""

from __future__ import annotations

from django import forms

from ..models import FormalNotice, Termination
from .widgets import DATE


def _parties(label: str, parties) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=label, queryset=parties, empty_label=None)
    field.label_from_instance = lambda p: p.label
    return field


class _Deliberation(forms.Form):
    """The deliberation that decided it; its labels name the act, so each form's fields differ."""

    act = ""  # « qui dénonce », « qui résilie »
    act_number = forms.CharField(max_length=60, required=False)
    deliberation_date = forms.DateField(required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act_number"].label = f"Numéro de la délibération {self.act} (facultatif)"
        self.fields["deliberation_date"].label = f"Date de la délibération {self.act}"


class DenunciationForm(_Deliberation):
    act = "qui dénonce"
    field_order = ["party", "notified_on", "act_number", "deliberation_date"]
    notified_on = forms.DateField(label="Date de notification aux autres parties", widget=DATE)

    def __init__(self, *args, mine, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"] = _parties("Partie qui dénonce", mine)
        self.order_fields(self.field_order)


class FormalNoticeForm(forms.Form):
    notified_on = forms.DateField(label="Date de réception de la mise en demeure", widget=DATE)
    breach = forms.CharField(label="Manquement constaté", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args, mine, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by_party"] = _parties("Partie qui met en demeure", mine)
        self.fields["to_party"] = _parties("Partie mise en demeure", others)
        self.order_fields(["by_party", "to_party", "notified_on", "breach"])


class LiftForm(forms.Form):
    lifted_on = forms.DateField(label="Manquement cessé le", widget=DATE)


class TerminationForm(_Deliberation):
    act = "qui résilie"
    ground = forms.ChoiceField(label="Motif", choices=Termination.Ground.choices)
    effective_on = forms.DateField(label="Prend effet le", widget=DATE)

    def __init__(self, *args, mine, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"] = _parties("Partie qui résilie", mine)
        notices = FormalNotice.objects.filter(convention=convention, lifted_on__isnull=True).select_related("to_party")
        self.fields["formal_notice"] = forms.ModelChoiceField(
            label="Mise en demeure restée sans effet (pour un manquement)",
            queryset=notices,
            required=False,
            empty_label="—",
        )
        self.fields["formal_notice"].label_from_instance = lambda n: (
            f"{n.to_party.label}, reçue le {n.notified_on:%d/%m/%Y}"
        )
        self.order_fields(["ground", "party", "formal_notice", "effective_on", "act_number", "deliberation_date"])


class DatesForm(forms.Form):
    signed_on = forms.DateField(label="Date de signature", required=False, widget=DATE)
    effective_date = forms.DateField(label="Date de prise d'effet", required=False, widget=DATE)

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("signed_on", "effective_date"):  # a known date changes only by avenant
            if getattr(convention, name):
                del self.fields[name]
