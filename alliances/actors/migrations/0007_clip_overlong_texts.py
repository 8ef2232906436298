"""Cut the texts longer than the limits of 0008_bounded_texts (stored before limits existed).

On its own, in its own transaction: PostgreSQL refuses to alter a table that has pending updates.
"""

from django.db import migrations

from alliances.core.fields import clip_overlong_texts


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0006_organisation_list_indexes"),
    ]

    # Cut at the limit, so that the next migration can add its CHECK constraints.
    CLIP = clip_overlong_texts(
        "actors",
        {
            "contactmessage": {"body": 5000},
            "organisation": {"description": 5000, "offers_details": 5000},
            "organisationclaim": {"decision_note": 5000, "message": 2000},
        },
    )

    operations = [migrations.RunPython(CLIP, migrations.RunPython.noop)]
