"""Cut the texts longer than the limits of 0006_bounded_texts (stored before limits existed).

On its own, in its own transaction: PostgreSQL refuses to alter a table that has pending updates.
"""

from django.db import migrations

from alliances.core.fields import clip_overlong_texts


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0004_alliance_recent_index"),
    ]

    # Cut at the limit, so that the next migration can add its CHECK constraints.
    CLIP = clip_overlong_texts(
        "partnerships",
        {
            "actionitem": {"description": 5000},
            "actortarget": {"notes": 5000},
            "alliance": {
                "call_text": 20000,
                "evaluation": 20000,
                "governance": 20000,
                "objectives": 20000,
                "problem": 20000,
            },
            "commitment": {"description": 5000},
            "diagnosticitem": {"text": 5000},
            "invitation": {"message": 5000},
            "joinrequest": {"message": 5000},
            "journalentry": {"text": 5000},
            "meeting": {"agenda": 20000, "decisions": 20000, "minutes": 20000, "participants": 5000},
        },
    )

    operations = [migrations.RunPython(CLIP, migrations.RunPython.noop)]
