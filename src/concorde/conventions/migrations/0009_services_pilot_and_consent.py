"""Pilots as services of their party, and the consent of the parties an import names."""

import re
import unicodedata

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('conventions', '0008_shared_cache'),
        ('territories', '0007_membership_service'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='importwarning',
            name='subject',
            field=models.CharField(blank=True, db_index=True, help_text='Ce que le point concerne, quand il se résout ailleurs (un service pilote à rattacher).', max_length=200),
        ),
        migrations.AddField(
            model_name='actionpilot',
            name='needs_settling',
            field=models.BooleanField(db_index=True, default=False, editable=False),
        ),
        migrations.AddField(
            model_name='actionpilot',
            name='services',
            field=models.ManyToManyField(blank=True, related_name='pilotings', to='territories.service', verbose_name='services pilotes'),
        ),
        migrations.AddField(
            model_name='actionpilot',
            name='unsettled',
            field=models.JSONField(blank=True, default=list, help_text="[{label, parent}] : noms du document qu'aucun service ne porte encore.", verbose_name='noms à rattacher'),
        ),
        migrations.AddField(
            model_name='historicalactionpilot',
            name='needs_settling',
            field=models.BooleanField(db_index=True, default=False, editable=False),
        ),
        migrations.AddField(
            model_name='historicalactionpilot',
            name='unsettled',
            field=models.JSONField(blank=True, default=list, help_text="[{label, parent}] : noms du document qu'aucun service ne porte encore.", verbose_name='noms à rattacher'),
        ),
        migrations.AddField(
            model_name='historicalparty',
            name='consent',
            field=models.CharField(choices=[('accepted', 'Partie'), ('pending', 'Invitée, réponse attendue'), ('refused', "A refusé d'être partie"), ('outside', 'Hors Concorde')], db_index=True, default='pending', max_length=10, verbose_name='participation'),
        ),
        migrations.AddField(
            model_name='historicalparty',
            name='consent_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='réponse le'),
        ),
        migrations.AddField(
            model_name='historicalparty',
            name='consent_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='réponse de'),
        ),
        migrations.AddField(
            model_name='historicalparty',
            name='invited_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='invitée le'),
        ),
        migrations.AddField(
            model_name='historicalparty',
            name='refusal_reason',
            field=models.TextField(blank=True, verbose_name='motif du refus'),
        ),
        migrations.AddField(
            model_name='party',
            name='consent',
            field=models.CharField(choices=[('accepted', 'Partie'), ('pending', 'Invitée, réponse attendue'), ('refused', "A refusé d'être partie"), ('outside', 'Hors Concorde')], db_index=True, default='pending', max_length=10, verbose_name='participation'),
        ),
        migrations.AddField(
            model_name='party',
            name='consent_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='réponse le'),
        ),
        migrations.AddField(
            model_name='party',
            name='consent_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='réponse de'),
        ),
        migrations.AddField(
            model_name='party',
            name='invited_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='invitée le'),
        ),
        migrations.AddField(
            model_name='party',
            name='refusal_reason',
            field=models.TextField(blank=True, verbose_name='motif du refus'),
        ),
        migrations.AlterField(
            model_name='actionpilot',
            name='service',
            field=models.CharField(blank=True, max_length=500, verbose_name='pilote selon le document'),
        ),
        migrations.AlterField(
            model_name='historicalactionpilot',
            name='service',
            field=models.CharField(blank=True, max_length=500, verbose_name='pilote selon le document'),
        ),
        migrations.CreateModel(
            name='HistoricalActionPilot_services',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('actionpilot', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='conventions.actionpilot')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='conventions.historicalactionpilot')),
                ('service', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territories.service')),
            ],
            options={
                'verbose_name': 'HistoricalActionPilot_services',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalActionPilot_users',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('actionpilot', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='conventions.actionpilot')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='conventions.historicalactionpilot')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'HistoricalActionPilot_users',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]


def parties_consent(apps, schema_editor):
    """Conventions made before consent existed: the importing organisation's party takes part, and so
    does a party that has already acted on the convention (a point of progress, a measurement, a
    publication choice); any other party is asked (its organisation has people on the instance) or
    is « hors Concorde » (it has nobody)."""
    Party = apps.get_model("conventions", "Party")
    Update, Measurement = apps.get_model("conventions", "Update"), apps.get_model("conventions", "Measurement")
    Membership = apps.get_model("territories", "Membership")
    acted = set(Update.objects.values_list("party_id", flat=True)) | set(Measurement.objects.values_list("party_id", flat=True))
    with_people = set(Membership.objects.filter(user__is_active=True).values_list("organisation_id", flat=True))
    for party in Party.objects.select_related("convention"):
        if party.convention.status == "draft":
            continue  # asked when the draft is validated
        if party.organisation_id == party.convention.owner_id or party.pk in acted or party.publish:
            party.consent = "accepted"
        elif party.organisation_id in with_people:
            party.consent = "pending"
        else:
            party.consent = "outside"
        party.save(update_fields=["consent"])


# The reading of a pilot cell as it stood when this migration was written (exact names and
# acronyms, lists and « direction – service » paths), frozen here so that the migration does the
# same on every instance whatever becomes of the parser.
_LIST = re.compile(r"[,;\n]")
_ACRONYM = re.compile(r"[A-ZÀ-ÖØ-Þ0-9&]{2,15}")
_DASH = re.compile(r"\s+-\s*|\s*-\s+|\s*[–—]\s*")
_HYPHENED = re.compile(r"[A-ZÀ-ÖØ-Þ0-9]{2,15}(?:-[A-ZÀ-ÖØ-Þ0-9]{2,15})+")


def _key(text):
    text = unicodedata.normalize("NFD", (text or "").replace("’", "'").replace("œ", "oe")).encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace("–", "-").strip(" .,;:").split())


def _names(cell):
    out = []
    for piece in re.split(r",|;|\n", re.sub(r"\([^()]*\)", " ", cell or "")):
        piece = " ".join(piece.split()).strip(" \t.:;,-–—*•")
        listed = [p.strip() for p in re.split(r"\s*(?:/|&|\+|\bet\b)\s*", piece)] if piece else []
        if len(listed) > 1 and all(_ACRONYM.fullmatch(p) for p in listed):
            out.extend(listed)
        elif piece:
            out.append(piece)
    return out


def _parts(name):
    parts = []
    for part in _DASH.split(name):
        part = part.strip(" \t.:;,-–—*•")
        parts.extend(part.split("-") if _HYPHENED.fullmatch(part) else [part] if part else [])
    return parts


def _read(cell, by_key):
    services, unsettled = [], []
    for name in _names(cell):
        found = by_key.get(_key(name))
        if found is not None:
            services.append(found)
            continue
        for part in (_parts(name) if len(_parts(name)) > 1 else [name]):
            hit = by_key.get(_key(part))
            if hit is None:
                unsettled.append({"label": part[:200], "parent": None})
            elif hit not in services:
                services.append(hit)
    return services, unsettled


def pilots_by_exact_match(apps, schema_editor):
    """Today's free-text pilots read against each party's services: exact names and acronyms only.
    What matches nothing is left for the party's coordination to settle (« Services pilotes à rattacher »)."""
    ActionPilot = apps.get_model("conventions", "ActionPilot")
    Service = apps.get_model("territories", "Service")
    directories: dict = {}
    for pilot in ActionPilot.objects.exclude(party=None).exclude(service="").select_related("party"):
        org = pilot.party.organisation_id
        if org not in directories:
            directories[org] = {}
            for s in Service.objects.filter(organisation_id=org):
                if s.acronym_key:
                    directories[org][s.acronym_key] = s
                directories[org][s.name_key] = s
        services, unsettled = _read(pilot.service, directories[org])
        pilot.services.set(services)
        pilot.unsettled = unsettled
        pilot.needs_settling = bool(unsettled)
        pilot.save(update_fields=["unsettled", "needs_settling"])


Migration.operations += [
    migrations.RunPython(parties_consent, migrations.RunPython.noop),
    migrations.RunPython(pilots_by_exact_match, migrations.RunPython.noop),
]
