"""Pilots as services of their party, and the consent of the parties an import names."""

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


def existing_parties_take_part(apps, schema_editor):
    """Conventions made before consent existed were agreed outside Concorde: their parties take part."""
    apps.get_model("conventions", "Party").objects.update(consent="accepted")


def pilots_by_exact_match(apps, schema_editor):
    """Today's free-text pilots read against each party's services: exact names and acronyms only.
    What matches nothing is left for the party's coordination to settle (« Services pilotes à rattacher »)."""
    from concorde.territories.service_names import Directory

    ActionPilot = apps.get_model("conventions", "ActionPilot")
    Service = apps.get_model("territories", "Service")
    ServiceAlias = apps.get_model("territories", "ServiceAlias")
    directories: dict = {}
    for pilot in ActionPilot.objects.exclude(party=None).exclude(service="").select_related("party"):
        org = pilot.party.organisation_id
        if org not in directories:
            directories[org] = Directory(list(Service.objects.filter(organisation_id=org)),
                                         list(ServiceAlias.objects.filter(organisation_id=org)))
        reading = directories[org].read(pilot.service)
        pilot.services.set(reading.services)
        pilot.unsettled = reading.unsettled
        pilot.needs_settling = bool(reading.unsettled)
        pilot.save(update_fields=["unsettled", "needs_settling"])


Migration.operations += [
    migrations.RunPython(existing_parties_take_part, migrations.RunPython.noop),
    migrations.RunPython(pilots_by_exact_match, migrations.RunPython.noop),
]
