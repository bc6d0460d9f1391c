"""The assistance areas of the 1540 assistance template, with the matrix sections each helps."""

from django.db import migrations

from assistance.choices import TAXONOMY


def load_taxonomy(apps, schema_editor):
    area = apps.get_model("assistance", "AssistanceArea")
    existing = set(area.objects.values_list("code", flat=True))
    area.objects.bulk_create(
        area(code=code, name=name, matrix_sections=sections, position=position)
        for position, (code, name, sections) in enumerate(TAXONOMY, start=1)
        if code not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial")]

    operations = [migrations.RunPython(load_taxonomy, migrations.RunPython.noop)]
