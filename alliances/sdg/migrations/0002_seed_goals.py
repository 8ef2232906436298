"""Seed the 17 SDGs from alliances/sdg/goals.py (updates titles and colours if they change)."""

from django.db import migrations


def seed(apps, schema_editor):
    from alliances.sdg.goals import GOALS

    Sdg = apps.get_model("sdg", "Sdg")
    for goal in GOALS:
        Sdg.objects.update_or_create(number=goal.number, defaults={"title": goal.title, "color": goal.color})


class Migration(migrations.Migration):
    dependencies = [("sdg", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
