"""Forms of the avenants: one per kind of change, then approval and adoption."""

from __future__ import annotations

from django import forms

from concorde.conventions.models import Action, Axis, Convention

from ..models import Meeting
from .widgets import DATE


class AvenantForm(forms.Form):
    title = forms.CharField(label="Objet de l'avenant", max_length=300)


def _actions(convention):
    field = forms.ModelChoiceField(
        label="Action", queryset=Action.objects.filter(convention=convention).order_by("order")
    )
    field.label_from_instance = lambda a: f"{a.number} — {a.title}"[:120] if a.number else a.title[:120]
    return field


class AddActionForm(forms.Form):
    axis = forms.ModelChoiceField(label="Axe", queryset=Axis.objects.none())
    number = forms.CharField(label="Numéro", max_length=20, required=False)
    title = forms.CharField(label="Titre de l'action ajoutée", max_length=500)

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = convention.axes.all()
        self.fields["axis"].label_from_instance = lambda x: f"Axe {x.number} — {x.title}"[:120]


class ChangeActionForm(forms.Form):
    title = forms.CharField(label="Nouveau titre", max_length=500, required=False)
    deadline_text = forms.CharField(label="Nouveau délai de mise en œuvre", max_length=500, required=False)
    budget_text = forms.CharField(label="Nouveau budget estimé", max_length=500, required=False)
    partners_text = forms.CharField(label="Nouveaux partenaires mobilisés", max_length=1000, required=False)

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"action": _actions(convention), **self.fields}


class RemoveActionForm(forms.Form):
    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"] = _actions(convention)
        self.fields["action"].label = "Action à retirer"


def _unit(label: str, initial: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=Convention.Unit.choices, initial=initial, required=False)


class TermForm(forms.Form):
    duration = forms.IntegerField(label="Durée", min_value=0, max_value=999, required=False)
    duration_unit = _unit("Unité de la durée", Convention.Unit.YEARS)
    tacit_renewal_times = forms.IntegerField(
        label="Reconductions tacites (nombre)", min_value=0, max_value=99, required=False
    )
    renewal_duration = forms.IntegerField(label="Durée d'une reconduction", min_value=0, max_value=999, required=False)
    renewal_unit = _unit("Unité de la reconduction", Convention.Unit.YEARS)
    notice = forms.IntegerField(label="Préavis de dénonciation", min_value=0, max_value=999, required=False)
    notice_unit = _unit("Unité du préavis", Convention.Unit.MONTHS)
    breach_delay = forms.IntegerField(
        label="Délai de résiliation pour manquement", min_value=0, max_value=999, required=False
    )
    breach_unit = _unit("Unité du délai", Convention.Unit.DAYS)


class ApproveForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="Réunion du comité de pilotage", queryset=Meeting.objects.none(), empty_label=None
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: f"Comité de pilotage du {m.date:%d/%m/%Y}"


class AbandonForm(forms.Form):
    reason = forms.CharField(
        label="Motif de l'abandon",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Par exemple : le conseil municipal a rejeté l'avenant le 12 mars.",
    )
    confirm = forms.BooleanField(label="Je confirme l'abandon de cet avenant : il ne pourra plus être adopté.")


class AdoptForm(forms.Form):
    date = forms.DateField(label="Date de la délibération", widget=DATE)
    act_number = forms.CharField(label="Numéro de l'acte", max_length=60)
    transmission_id = forms.CharField(
        label="Identifiant @ctes",
        max_length=120,
        required=False,
        help_text="Identifiant de transmission au contrôle de légalité, s'il est connu.",
    )


class SignedAvenantForm(forms.Form):
    file = forms.FileField(label="Avenant signé (PDF)")

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > self.max_bytes:
            raise forms.ValidationError(
                f"Le fichier dépasse la taille acceptée ({self.max_bytes // (1024 * 1024)} Mo)."
            )
        head = f.read(5)
        f.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError("L'avenant signé se dépose en PDF : ce fichier n'en est pas un.")
        return f
