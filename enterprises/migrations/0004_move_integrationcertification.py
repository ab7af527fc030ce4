# IntegrationCertification moved to evaluation (evaluation/0003) with its tables as they are: Django's state only.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0003_integrationcertificationevent_postingevent_and_more'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='integrationcertificationevent',
                    name='pgh_obj',
                ),
                migrations.RemoveField(
                    model_name='integrationcertificationevent',
                    name='applied_by',
                ),
                migrations.RemoveField(
                    model_name='integrationcertificationevent',
                    name='decided_by',
                ),
                migrations.RemoveField(
                    model_name='integrationcertificationevent',
                    name='enterprise',
                ),
                migrations.RemoveField(
                    model_name='integrationcertificationevent',
                    name='pgh_context',
                ),
                migrations.RemoveField(
                    model_name='integrationcertificationevent',
                    name='revoked_by',
                ),
                migrations.DeleteModel(
                    name='IntegrationCertification',
                ),
                migrations.DeleteModel(
                    name='IntegrationCertificationEvent',
                ),
            ],
        ),
    ]
