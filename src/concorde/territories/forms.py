"""Forms of an organisation's people and services."""
from __future__ import annotations

from django import forms

from .models import Membership, Organisation, Service


class IdentifiersForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["siren", "siret"]


def _services(organisation_id: int):
    return Service.objects.filter(organisation_id=organisation_id).order_by("name")


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Adresse électronique", max_length=254)
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    role = forms.ChoiceField(label="Rôle", choices=Membership.Role.choices, initial=Membership.Role.PILOT)
    service = forms.ModelChoiceField(label="Direction ou service", queryset=Service.objects.none(), required=False,
                                     empty_label="— aucun —", help_text="Un pilote écrit les actions que son service pilote.")

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = _services(organisation.pk)


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=Membership.Role.choices)
    service = forms.ModelChoiceField(label="Direction ou service", queryset=Service.objects.none(), required=False,
                                     empty_label="— aucun —")

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = _services(organisation_id)


class ServiceForm(forms.Form):
    name = forms.CharField(label="Nom", max_length=200)
    acronym = forms.CharField(label="Sigle", max_length=30, required=False)
    parent = forms.ModelChoiceField(label="Direction de rattachement", queryset=Service.objects.none(), required=False,
                                    empty_label="— aucune —")

    def __init__(self, *args, organisation_id: int, exclude: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = _services(organisation_id).exclude(pk=exclude)


class AccountForm(forms.Form):
    """The newcomer's account, opened from an invitation."""

    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1 = forms.CharField(label="Mot de passe", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text="Au moins 12 caractères ; ni trop courant, ni proche de votre nom.")
    password2 = forms.CharField(label="Confirmer le mot de passe", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "Les deux mots de passe diffèrent.")
        return data
