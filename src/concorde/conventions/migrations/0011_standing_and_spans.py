"""Durations and delays in years, months or days; the status becomes the standing computed from
the clauses and the events (signed, in force, renewed, ended, denounced, terminated)."""

from django.db import migrations, models
from django.utils import timezone

from concorde.conventions import lifecycle

UNITS = [("years", "ans"), ("months", "mois"), ("days", "jours")]
STATUSES = [
    ("draft", "Brouillon à relire"),
    ("validated", "Validée, dates à renseigner"),
    ("signed", "Signée, pas encore en vigueur"),
    ("in_force", "En vigueur"),
    ("renewed", "Reconduite"),
    ("ended", "Échue"),
    ("denounced", "Dénoncée"),
    ("terminated", "Résiliée"),
]


def standings(apps, schema_editor):
    """Each validated convention's standing from its dates (no event is recorded yet)."""
    Convention = apps.get_model("conventions", "Convention")
    today = timezone.localdate()
    for c in Convention.objects.exclude(status="draft"):
        terms = lifecycle.Terms(
            effective=c.effective_date,
            duration=lifecycle.span(c.duration, c.duration_unit),
            renewal_times=c.tacit_renewal_times,
            renewal=lifecycle.span(c.renewal_duration, c.renewal_unit),
            notice=lifecycle.span(c.notice, c.notice_unit),
        )
        now = lifecycle.standing(terms, today, signed_on=c.signed_on)
        Convention.objects.filter(pk=c.pk).update(
            status=now.status,
            period_number=now.period.number if now.period else None,
            ends_on=now.ends_on,
            standing_text=now.detail[:300],
        )


class Migration(migrations.Migration):
    dependencies = [("conventions", "0010_cross_reference_target")]

    operations = [
        migrations.RenameField("convention", "duration_years", "duration"),
        migrations.RenameField("convention", "tacit_renewal_years", "renewal_duration"),
        migrations.RenameField("convention", "notice_months", "notice"),
        migrations.RenameField("convention", "termination_for_breach_days", "breach_delay"),
        migrations.RenameField("historicalconvention", "duration_years", "duration"),
        migrations.RenameField("historicalconvention", "tacit_renewal_years", "renewal_duration"),
        migrations.RenameField("historicalconvention", "notice_months", "notice"),
        migrations.RenameField("historicalconvention", "termination_for_breach_days", "breach_delay"),
    ]
    for model in ("convention", "historicalconvention"):
        operations += [
            migrations.AlterField(
                model,
                "status",
                models.CharField("statut", max_length=20, choices=STATUSES, default="draft", db_index=True),
            ),
            migrations.AlterField(model, "duration", models.PositiveSmallIntegerField("durée", null=True, blank=True)),
            migrations.AlterField(
                model,
                "renewal_duration",
                models.PositiveSmallIntegerField("durée d'une reconduction", null=True, blank=True),
            ),
            migrations.AlterField(
                model, "notice", models.PositiveSmallIntegerField("préavis de dénonciation", null=True, blank=True)
            ),
            migrations.AlterField(
                model,
                "breach_delay",
                models.PositiveSmallIntegerField(
                    "résiliation pour manquement, délai après mise en demeure", null=True, blank=True
                ),
            ),
            migrations.AddField(
                model,
                "duration_unit",
                models.CharField("unité de la durée", max_length=6, choices=UNITS, default="years"),
            ),
            migrations.AddField(
                model,
                "renewal_unit",
                models.CharField("unité de la reconduction", max_length=6, choices=UNITS, default="years"),
            ),
            migrations.AddField(
                model, "notice_unit", models.CharField("unité du préavis", max_length=6, choices=UNITS, default="months")
            ),
            migrations.AddField(
                model, "breach_unit", models.CharField("unité du délai", max_length=6, choices=UNITS, default="days")
            ),
            migrations.AddField(
                model,
                "period_number",
                models.PositiveSmallIntegerField(
                    "période en cours", null=True, blank=True, editable=False, help_text="0 : la période initiale."
                ),
            ),
            migrations.AddField(
                model, "ends_on", models.DateField("prend fin le", null=True, blank=True, editable=False)
            ),
            migrations.AddField(
                model,
                "standing_text",
                models.CharField("situation", max_length=300, blank=True, editable=False),
            ),
        ]
    operations.append(migrations.RunPython(standings, migrations.RunPython.noop))
