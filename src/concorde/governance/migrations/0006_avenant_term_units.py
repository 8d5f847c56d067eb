"""Avenants' changes of the clauses of time name the new fields, each amount with its unit."""

from django.db import migrations

RENAMED = {
    "duration_years": ("duration", "duration_unit", "years"),
    "tacit_renewal_years": ("renewal_duration", "renewal_unit", "years"),
    "notice_months": ("notice", "notice_unit", "months"),
}


def forwards(apps, schema_editor):
    Avenant = apps.get_model("governance", "Avenant")
    for avenant in Avenant.objects.all():
        changed = False
        for change in avenant.changes:
            if change.get("op") != "set_term":
                continue
            fields = change.get("fields") or {}
            for old, (new, unit_field, unit) in RENAMED.items():
                if old in fields:
                    fields[new], fields[unit_field] = fields.pop(old), unit
                    changed = True
        if changed:
            avenant.save(update_fields=["changes"])


class Migration(migrations.Migration):
    dependencies = [("governance", "0005_avenants"), ("conventions", "0011_standing_and_spans")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
