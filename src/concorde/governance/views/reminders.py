"""Each person's choice of the reminders they receive."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from ..forms.reminders import ReminderChoicesForm
from ..models import ReminderChoice
from ..reminders import KINDS


@login_required
def reminder_choices(request):
    choice = ReminderChoice.objects.filter(user=request.user).first()
    declined = set(choice.declined) if choice else set()
    if request.method == "POST":
        form = ReminderChoicesForm(request.POST)
        if form.is_valid():
            refused = sorted(set(KINDS) - set(form.cleaned_data["received"]))
            ReminderChoice.objects.update_or_create(user=request.user, defaults={"declined": refused})
            messages.success(request, "Vos choix de rappels sont enregistrés.")
            return redirect("governance:reminder-choices")
        status = 400
    else:
        form = ReminderChoicesForm(initial={"received": [k for k in KINDS if k not in declined]})
        status = 200
    return render(request, "governance/reminder_choices.html", {"form": form}, status=status)
