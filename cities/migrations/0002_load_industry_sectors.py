"""Load GB/T 4754-2017 sections and divisions from cities/data/gbt4754-2017.csv (idempotent: keyed by code)."""

import csv
from pathlib import Path

from django.db import migrations

SECTORS_CSV = Path(__file__).resolve().parent.parent / "data" / "gbt4754-2017.csv"


def load_sectors(apps, schema_editor):
    IndustrySector = apps.get_model("cities", "IndustrySector")
    with SECTORS_CSV.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            parent = IndustrySector.objects.get(code=row["parent"]) if row["parent"] else None
            IndustrySector.objects.update_or_create(
                code=row["code"],
                defaults={
                    "level": "division" if parent else "section",
                    "parent": parent,
                    "name_zh": row["name_zh"],
                    "name_en": row["name_en"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("cities", "0001_initial")]

    operations = [migrations.RunPython(load_sectors, migrations.RunPython.noop)]
