"""Seed the curated key figures with the four figures of the collective's studies."""

from django.db import migrations

FIGURES = [
    ("81 %", "des Français attendent que collectivités, entreprises et associations agissent ensemble",
     "Sondage OpinionWay pour l'Observatoire des partenariats", 2020),
    ("76 %", "des maires estiment que leur territoire est dans une dynamique de co-construction",
     "Observatoire des partenariats, étude auprès des maires", 2016),
    ("46 %", "des maires ne savent pas comment piloter cette dynamique",
     "Observatoire des partenariats, étude auprès des maires", 2016),
    ("1,2 million", "de partenariats entre associations et entreprises", "Observatoire des partenariats", 2015),
]


def seed(apps, schema_editor):
    KeyFigure = apps.get_model("observatory", "KeyFigure")
    for position, (value, text, source, year) in enumerate(FIGURES):
        KeyFigure.objects.get_or_create(value=value, text=text,
                                        defaults={"source": source, "year": year, "position": position})


class Migration(migrations.Migration):
    dependencies = [("observatory", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
