# IntegrationCertification moved here from enterprises (enterprises/0004): its table and its audit table keep their
# names (Meta.db_table), so the model is created in Django's state only. pgtrigger names a trigger after its model's
# app, so the two audit triggers are installed again under their evaluation names, in this one transaction: no
# change goes unrecorded, and pgtrigger's state names the triggers the database has.

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

from common.migration_operations import move_content_type


# The triggers enterprises/0003 installed, as they were named while the model was in enterprises.
ENTERPRISES_TRIGGERS = [
    pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "enterprises_integrationcertificationevent" ("applied_at", "applied_by_id", "decided_at", "decided_by_id", "enterprise_id", "evidence", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "revoked_at", "revoked_by_id", "status") VALUES (NEW."applied_at", NEW."applied_by_id", NEW."decided_at", NEW."decided_by_id", NEW."enterprise_id", NEW."evidence", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reason", NEW."revoked_at", NEW."revoked_by_id", NEW."status"); RETURN NULL;', hash='09fec989050354ef630156409412b7fcca5fd0d2', operation='INSERT', pgid='pgtrigger_insert_insert_cbe08', table='enterprises_integrationcertification', when='AFTER')),
    pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "enterprises_integrationcertificationevent" ("applied_at", "applied_by_id", "decided_at", "decided_by_id", "enterprise_id", "evidence", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "revoked_at", "revoked_by_id", "status") VALUES (NEW."applied_at", NEW."applied_by_id", NEW."decided_at", NEW."decided_by_id", NEW."enterprise_id", NEW."evidence", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reason", NEW."revoked_at", NEW."revoked_by_id", NEW."status"); RETURN NULL;', hash='09d84ff854c49e3911adb530fea388f838f328b8', operation='UPDATE', pgid='pgtrigger_update_update_624e4', table='enterprises_integrationcertification', when='AFTER')),
]


def _uninstall_enterprises_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for trigger in ENTERPRISES_TRIGGERS:
            schema_editor.execute(trigger.uninstall_sql)


def _install_enterprises_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for trigger in ENTERPRISES_TRIGGERS:
            schema_editor.execute(trigger.install_sql)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('enterprises', '0004_move_integrationcertification'),
        ('evaluation', '0002_scoringmodel_scoringrun_partnershiphealthsnapshot_and_more'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='IntegrationCertification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('applied', 'Applied'), ('certified', 'Certified'), ('rejected', 'Rejected'), ('revoked', 'Revoked')], default='applied', max_length=10)),
                        ('applied_at', models.DateTimeField()),
                        ('evidence', models.JSONField(blank=True, default=dict, help_text="What the platform's data showed when the enterprise applied.")),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('reason', models.TextField(blank=True, help_text='Why the application was rejected or the certification revoked.')),
                        ('applied_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('decided_by', models.ForeignKey(blank=True, help_text='The city official who certified or rejected.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='certifications', to='enterprises.enterprise')),
                        ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'enterprises_integrationcertification',
                        'ordering': ['-applied_at'],
                    },
                ),
                migrations.CreateModel(
                    name='IntegrationCertificationEvent',
                    fields=[
                        ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                        ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                        ('pgh_label', models.TextField(help_text='The event label.')),
                        ('id', models.BigIntegerField()),
                        ('status', models.CharField(choices=[('applied', 'Applied'), ('certified', 'Certified'), ('rejected', 'Rejected'), ('revoked', 'Revoked')], default='applied', max_length=10)),
                        ('applied_at', models.DateTimeField()),
                        ('evidence', models.JSONField(blank=True, default=dict, help_text="What the platform's data showed when the enterprise applied.")),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('reason', models.TextField(blank=True, help_text='Why the application was rejected or the certification revoked.')),
                        ('applied_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                        ('decided_by', models.ForeignKey(blank=True, db_constraint=False, help_text='The city official who certified or rejected.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                        ('enterprise', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='enterprises.enterprise')),
                        ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                        ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='evaluation.integrationcertification')),
                        ('revoked_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'enterprises_integrationcertificationevent',
                        'abstract': False,
                    },
                ),
                migrations.AddConstraint(
                    model_name='integrationcertification',
                    constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['applied', 'certified'])), fields=('enterprise',), name='certification_one_open_per_enterprise', violation_error_message='This enterprise already has a pending or valid certification.'),
                ),
                migrations.AddConstraint(
                    model_name='integrationcertification',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('decided_at__isnull', True), ('decided_by__isnull', True), ('status', 'applied')), models.Q(models.Q(('status', 'applied'), _negated=True), ('decided_at__gte', models.F('applied_at')), ('decided_at__isnull', False), ('decided_by__isnull', False)), _connector='OR'), name='certification_decision_recorded', violation_error_message='A decided certification records who decided and when, after it was applied for.'),
                ),
                migrations.AddConstraint(
                    model_name='integrationcertification',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('revoked_at__gte', models.F('decided_at')), ('revoked_at__isnull', False), ('revoked_by__isnull', False), ('status', 'revoked')), models.Q(models.Q(('status', 'revoked'), _negated=True), ('revoked_at__isnull', True), ('revoked_by__isnull', True)), _connector='OR'), name='certification_revocation_recorded', violation_error_message='Only a revoked certification has a revocation date and official.'),
                ),
                migrations.AddConstraint(
                    model_name='integrationcertification',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['rejected', 'revoked']), _negated=True), models.Q(('reason', ''), _negated=True), _connector='OR'), name='certification_refusal_has_reason', violation_error_message='A rejection or revocation needs a reason.'),
                ),
            ],
        ),
        migrations.RunPython(_uninstall_enterprises_triggers, _install_enterprises_triggers),
        pgtrigger.migrations.AddTrigger(
            model_name='integrationcertification',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "enterprises_integrationcertificationevent" ("applied_at", "applied_by_id", "decided_at", "decided_by_id", "enterprise_id", "evidence", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "revoked_at", "revoked_by_id", "status") VALUES (NEW."applied_at", NEW."applied_by_id", NEW."decided_at", NEW."decided_by_id", NEW."enterprise_id", NEW."evidence", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reason", NEW."revoked_at", NEW."revoked_by_id", NEW."status"); RETURN NULL;', hash='1549df9ae2fecdb469570bef8e258abdc3c7d82f', operation='INSERT', pgid='pgtrigger_insert_insert_69ed9', table='enterprises_integrationcertification', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='integrationcertification',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "enterprises_integrationcertificationevent" ("applied_at", "applied_by_id", "decided_at", "decided_by_id", "enterprise_id", "evidence", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "revoked_at", "revoked_by_id", "status") VALUES (NEW."applied_at", NEW."applied_by_id", NEW."decided_at", NEW."decided_by_id", NEW."enterprise_id", NEW."evidence", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reason", NEW."revoked_at", NEW."revoked_by_id", NEW."status"); RETURN NULL;', hash='0690d1795c793a8e920ed44cb922abe1c9707c5c', operation='UPDATE', pgid='pgtrigger_update_update_cf58a', table='enterprises_integrationcertification', when='AFTER')),
        ),
        move_content_type('integrationcertification', from_app='enterprises', to_app='evaluation'),
    ]
