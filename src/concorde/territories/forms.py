"""Forms of an organisation's people and services."""

from __future__ import annotations

from django import forms

from .models import Membership, Organisation, Service


class IdentifiersForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["siren", "siret"]


def services_of(organisation_id: int) -> list[Service]:
    """The organisation's services, read once for every form of a page."""
    return list(Service.objects.filter(organisation_id=organisation_id).order_by("name"))


class ServiceField(forms.TypedChoiceField):
    """One of the services given (a list read once: a page shows a form per member or per name),
    cleaned to the service itself; another organisation's service is not a choice."""

    def __init__(self, *, services=(), empty_label="— aucun —", **kwargs):
        super().__init__(coerce=int, empty_value=None, required=False, **kwargs)
        self.set_services(services, empty_label)

    def set_services(self, services, empty_label="— aucun —") -> None:
        self.services = {s.pk: s for s in services}
        self.choices = [("", empty_label), *((s.pk, str(s)) for s in services)]

    def clean(self, value):
        pk = super().clean(value)
        return self.services.get(pk) if pk is not None else None


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Adresse électronique", max_length=254)
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    role = forms.ChoiceField(label="Rôle", choices=Membership.Role.choices, initial=Membership.Role.PILOT)
    service = ServiceField(
        label="Direction ou service", help_text="Un pilote écrit les actions que son service pilote."
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].set_services(services)


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=Membership.Role.choices)
    service = ServiceField(label="Direction ou service")

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].set_services(services)


class ServiceForm(forms.Form):
    name = forms.CharField(label="Nom", max_length=200)
    acronym = forms.CharField(label="Sigle", max_length=30, required=False)
    parent = ServiceField(label="Direction de rattachement")

    def __init__(self, *args, services, exclude: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].set_services([s for s in services if s.pk != exclude], "— aucune —")


class AccountForm(forms.Form):
    """The newcomer's account, opened from an invitation."""

    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 12 caractères ; ni trop courant, ni proche de votre nom.",
    )
    password2 = forms.CharField(
        label="Confirmer le mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "Les deux mots de passe diffèrent.")
        return data
