# CityOfficial moved to cities (cities/0004); its table, partnerships_cityofficial, stays as it is.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('cities', '0004_cityofficial'),
        ('partnerships', '0002_agreementapproval_agreementversion_applicationevent_and_more'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name='CityOfficial')]),
    ]
