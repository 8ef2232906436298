"""Cut the texts longer than the limits of 0004_bounded_texts (stored before limits existed).

On its own, in its own transaction: PostgreSQL refuses to alter a table that has pending updates.
"""

from django.db import migrations

from alliances.core.fields import clip_overlong_texts


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0002_seed_tags_and_editor_group"),
    ]

    # Cut at the limit, so that the next migration can add its CHECK constraints.
    CLIP = clip_overlong_texts(
        "resources",
        {
            "event": {"body": 20000, "place": 500},
            "kitstep": {"body": 20000},
            "kittool": {"body": 20000},
            "resource": {"body": 20000, "examples": 20000, "transcript": 100000},
        },
    )

    operations = [migrations.RunPython(CLIP, migrations.RunPython.noop)]
