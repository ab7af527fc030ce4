# CityOfficial moved here from partnerships; its table, partnerships_cityofficial, stays as it is.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from common.migration_operations import move_content_type


class Migration(migrations.Migration):
    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('cities', '0003_academicterm_internshiprules_city_incentive_rate_and_more'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CityOfficial',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(blank=True, max_length=60)),
                        ('city', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='officials', to='cities.city')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='city_membership', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'partnerships_cityofficial',
                        'ordering': ['city', 'user__username'],
                    },
                ),
            ],
        ),
        move_content_type('cityofficial', from_app='partnerships', to_app='cities'),
    ]
