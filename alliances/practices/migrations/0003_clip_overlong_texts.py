"""Cut the texts longer than the limits of 0004_bounded_texts (stored before limits existed).

On its own, in its own transaction: PostgreSQL refuses to alter a table that has pending updates.
"""

from django.db import migrations

from alliances.core.fields import clip_overlong_texts


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0002_tags_version"),
    ]

    # Cut at the limit, so that the next migration can add its CHECK constraints.
    CLIP = clip_overlong_texts(
        "practices",
        {
            "correctionproposal": {"text": 5000},
            "practice": {
                "actions": 20000,
                "funding_sources": 5000,
                "impact_innovation": 20000,
                "impact_organisations": 20000,
                "impact_trust": 20000,
                "lessons": 20000,
                "moderator_comment": 5000,
                "problem": 20000,
                "results": 20000,
                "summary": 1200,
            },
            "practiceevent": {"comment": 5000},
        },
    )

    operations = [migrations.RunPython(CLIP, migrations.RunPython.noop)]
