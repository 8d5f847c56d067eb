"""Forms of the bodies and their meetings. Per-party fields are built from the convention's
parties, so each side fills its own lines."""

from __future__ import annotations

from django import forms

from concorde.conventions.models import TAKING_PART, Action

from ..deadlines import display_name
from ..models import Decision, GoverningBody, Meeting, SeatAttendance
from .widgets import DATE, TIME


class _PerParty:
    """Adds one textarea per party, named `<prefix>_<party id>`."""

    party_field = ""
    party_label = ""
    party_help = "Un nom par ligne."

    def add_party_fields(self, parties, initial: dict[int, str]):
        self.parties = list(parties)
        for p in self.parties:
            self.fields[f"{self.party_field}_{p.pk}"] = forms.CharField(
                label=self.party_label.format(party=p.label),
                required=False,
                initial=initial.get(p.pk, ""),
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=self.party_help,
                max_length=5000,
            )

    def per_party(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data.get(f"{self.party_field}_{p.pk}", "") for p in self.parties}


class BodyForm(_PerParty, forms.ModelForm):
    party_field, party_label = "membres", "Membres pour {party}"
    party_help = "Un membre par ligne, suivi de l'adresse de ses convocations : « Anne Martin, anne.martin@ville.fr »."

    class Meta:
        model = GoverningBody
        fields = ["min_meetings_per_year", "quorum", "secretariat", "secretariat_party", "secretaries"]
        labels = {"secretariat": "Secrétariat, selon la convention"}
        widgets = {
            "secretariat": forms.Textarea(attrs={"rows": 2}),
            "secretaries": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "secretaries": "Ils reçoivent les tâches du secrétariat (convoquer, rédiger le compte rendu, programmer "
            "une réunion due) et tiennent les réunions de l'instance.",
        }

    def __init__(self, *args, convention, people, parties=(), **kwargs):
        """`people`: who may be named to the secretariat, a queryset (roles.people_of)."""
        super().__init__(*args, **kwargs)
        self.fields["min_meetings_per_year"].widget.attrs["max"] = 52
        party_field = self.fields["secretariat_party"]
        party_field.queryset = convention.parties.filter(consent__in=TAKING_PART)
        party_field.empty_label = "Partagé entre les parties"
        party_field.label_from_instance = lambda p: p.label
        secretaries = self.fields["secretaries"]
        secretaries.queryset = people
        secretaries.label_from_instance = lambda u: u.get_full_name() or u.username
        seats: dict[int, list[str]] = {}
        for seat in self.instance.seats.all():
            seats.setdefault(seat.party_id, []).append(f"{seat.name}, {seat.email}" if seat.email else seat.name)
        self.add_party_fields(parties, {k: "\n".join(v) for k, v in seats.items()})

    def clean_min_meetings_per_year(self):
        value = self.cleaned_data["min_meetings_per_year"]
        if value is not None and not 1 <= value <= 52:
            raise forms.ValidationError("Entre 1 et 52 réunions par an.")
        return value


class ScheduleForm(forms.Form):
    body = forms.ModelChoiceField(label="Instance", queryset=GoverningBody.objects.none(), empty_label=None)
    date = forms.DateField(label="Date", widget=DATE)
    time = forms.TimeField(label="Heure", required=False, widget=TIME)
    place = forms.CharField(label="Lieu", max_length=300, required=False)

    def __init__(self, *args, bodies, **kwargs):
        """`bodies`: those whose meetings the user keeps."""
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = GoverningBody.objects.filter(pk__in=[b.pk for b in bodies])
        self.fields["body"].label_from_instance = display_name


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "time", "place", "agenda"]
        widgets = {"date": DATE, "time": TIME, "agenda": forms.Textarea(attrs={"rows": 12})}


class HoldForm(_PerParty, forms.Form):
    """Who sat — each member of the body when its members are listed, else a list of names per
    party — the minutes, and the approval of the previous meeting's minutes."""

    party_field, party_label = "presents", "Présents pour {party}"
    minutes = forms.CharField(label="Compte rendu", widget=forms.Textarea(attrs={"rows": 8}), max_length=100_000)

    def __init__(self, *args, meeting, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].initial = meeting.minutes
        self.seats = list(meeting.body.seats.select_related("party"))
        if self.seats:
            known = {a.seat_id: a for a in meeting.seat_attendance.all()}
            for seat in self.seats:
                sat = known.get(seat.pk)
                self.fields[f"presence_{seat.pk}"] = forms.ChoiceField(
                    label=f"{seat.name} ({seat.party.label})",
                    choices=SeatAttendance.Presence.choices,
                    initial=sat.presence if sat else SeatAttendance.Presence.PRESENT,
                )
                self.fields[f"represente_{seat.pk}"] = forms.CharField(
                    label=f"{seat.name} représenté(e) par",
                    required=False,
                    max_length=200,
                    initial=sat.represented_by if sat else "",
                )
        else:
            present = {a.party_id: a.attendees for a in meeting.attendance.all()}
            self.add_party_fields(meeting.body.convention.parties.all(), present)
        if previous is not None and previous.minutes and previous.minutes_approved_at_id in (None, meeting.pk):
            self.fields["approve_previous"] = forms.BooleanField(
                label=f"Le compte rendu de la réunion du {previous.date:%d/%m/%Y} est approuvé",
                required=False,
                initial=previous.minutes_approved_at_id == meeting.pk,
            )

    def presence(self) -> dict[int, tuple[str, str]]:
        return {
            seat.pk: (self.cleaned_data[f"presence_{seat.pk}"], self.cleaned_data.get(f"represente_{seat.pk}", ""))
            for seat in self.seats
        }

    def per_party(self) -> dict[int, str]:
        return {} if self.seats else super().per_party()


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "action", "new_status", "new_due_date"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "new_due_date": DATE}
        help_texts = {
            "action": "Facultatif : l'action sur laquelle porte l'arbitrage.",
            "new_status": "Appliqué à l'action dès l'enregistrement.",
        }

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.filter(convention=convention).order_by("order")
        self.fields["action"].label_from_instance = lambda a: (
            f"{a.number} — {a.title}"[:120] if a.number else a.title[:120]
        )
        self.fields["action"].empty_label = "Aucune action en particulier"
        self.fields["new_status"].choices = [("", "Inchangé")] + list(Action.Status.choices)


class FollowUpForm(forms.Form):
    title = forms.CharField(label="Suite à donner", max_length=500)
    owner = forms.ModelChoiceField(label="Responsable", queryset=None)
    due_date = forms.DateField(label="Échéance", widget=DATE)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Pièce jointe (présentation, note, feuille d'émargement…)")

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > self.max_bytes:
            raise forms.ValidationError(
                f"Le fichier dépasse la taille acceptée ({self.max_bytes // (1024 * 1024)} Mo)."
            )
        return f
