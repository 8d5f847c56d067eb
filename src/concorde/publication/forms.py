from __future__ import annotations

from django import forms

from concorde.conventions import themes
from concorde.conventions.models import Convention
from concorde.territories.models import Organisation

from .services import partners


class PortalFilter(forms.Form):
    q = forms.CharField(label="Mot du titre", required=False, max_length=100)
    partner = forms.ModelChoiceField(label="Partenaire", queryset=Organisation.objects.none(), required=False,
                                     empty_label="Tous")
    theme = forms.ChoiceField(label="Thème", required=False, choices=[("", "Tous")] + themes.CHOICES)
    status = forms.ChoiceField(label="Statut", required=False, choices=[("", "Tous")] + [
        (k, v) for k, v in Convention.Status.choices if k != Convention.Status.DRAFT])
    year = forms.IntegerField(label="En vigueur en", required=False, min_value=1950, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners()
