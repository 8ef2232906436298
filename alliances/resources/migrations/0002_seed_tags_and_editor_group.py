"""Seed the method steps, themes and self-assessment axes, and create the `editeur` group
with the permissions to manage kits, resources and events in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STEPS = ["comprendre", "mobiliser", "co-construire", "agir", "evaluer-essaimer"]
THEMES = [
    ("emploi", "Emploi et insertion"),
    ("jeunesse", "Jeunesse"),
    ("vieillissement", "Vieillissement"),
    ("isolement", "Isolement et lien social"),
    ("sante", "Accès aux soins"),
    ("logement", "Logement"),
    ("mobilite", "Mobilité"),
    ("alimentation", "Alimentation"),
    ("climat-energie", "Climat et énergie"),
    ("biodiversite", "Biodiversité"),
    ("culture", "Culture"),
    ("inclusion-numerique", "Inclusion numérique"),
    ("education", "Éducation"),
    ("economie-locale", "Économie locale"),
    ("centre-bourg", "Revitalisation du centre-bourg"),
    ("handicap", "Handicap"),
    ("crise", "Sortie de crise et résilience"),
]
AXES = [
    ("connaissance", "Connaissance du territoire"),
    ("mobilisation", "Mobilisation des acteurs"),
    ("gouvernance", "Gouvernance partagée"),
    ("experimentation", "Expérimentation"),
    ("ressources", "Ressources et moyens"),
    ("evaluation", "Évaluation"),
]
EDITED_MODELS = ["resource", "resourcelink", "kitstep", "kittool", "event", "registration",
                 "theme", "assessmentaxis"]


def seed(apps, schema_editor):
    MethodStep = apps.get_model("resources", "MethodStep")
    Theme = apps.get_model("resources", "Theme")
    AssessmentAxis = apps.get_model("resources", "AssessmentAxis")
    for position, code in enumerate(STEPS, start=1):
        MethodStep.objects.update_or_create(code=code, defaults={"position": position})
    for code, label in THEMES:
        Theme.objects.get_or_create(code=code, defaults={"label": label})
    for slug, label in AXES:
        AssessmentAxis.objects.get_or_create(slug=slug, defaults={"label": label})

    # Permissions are normally created after all migrations; create ours now to grant them.
    app_config = apps.get_app_config("resources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="editeur")
    permissions = Permission.objects.filter(
        content_type__app_label="resources", content_type__model__in=EDITED_MODELS
    ).exclude(content_type__model="registration", codename__startswith="add_")
    group.permissions.add(*permissions)


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="editeur").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
