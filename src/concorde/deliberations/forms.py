from __future__ import annotations

from django import forms

from concorde.lib import identifiers

from .models import Deliberation


class DeliberationForm(forms.ModelForm):
    """What a party's coordination completes for the contrôle de légalité and open data."""

    class Meta:
        model = Deliberation
        fields = ["act_number", "date", "subject", "matter_code", "transmission_id", "prefecture_ack_date"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "prefecture_ack_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "subject": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_transmission_id(self):
        value = self.cleaned_data["transmission_id"].strip()
        if value:
            try:
                act = identifiers.parse(value)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from None
            org = self.instance.organisation
            if org and org.siren and act.siren != org.siren:
                raise forms.ValidationError(
                    f"Cet identifiant a été transmis par le SIREN {act.siren}, pas par {org} ({org.siren})."
                )
        return value

    def clean(self):
        data = super().clean()
        date, ack = data.get("date"), data.get("prefecture_ack_date")
        if date and ack and ack < date:
            self.add_error("prefecture_ack_date", "L'accusé de réception ne peut précéder la séance.")
        return data
