"""Cut the texts longer than the limits of 0003_bounded_texts (stored before limits existed).

On its own, in its own transaction: PostgreSQL refuses to alter a table that has pending updates.
"""

from django.db import migrations

from alliances.core.fields import clip_overlong_texts


class Migration(migrations.Migration):
    dependencies = [
        ("catalysts", "0001_initial"),
    ]

    # Cut at the limit, so that the next migration can add its CHECK constraints.
    CLIP = clip_overlong_texts(
        "catalysts",
        {
            "catalystprofile": {"bio": 1500, "experience": 2000},
            "contactrequest": {"message": 3000, "response_message": 2000},
        },
    )

    operations = [migrations.RunPython(CLIP, migrations.RunPython.noop)]
