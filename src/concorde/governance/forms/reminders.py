"""The kinds of reminder a person receives."""

from __future__ import annotations

from django import forms

from ..reminders import KINDS


class ReminderChoicesForm(forms.Form):
    received = forms.MultipleChoiceField(
        label="Je reçois par courriel les rappels :",
        choices=list(KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
