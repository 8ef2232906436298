from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0006_bounded_texts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="alliance",
            index=models.Index(
                condition=models.Q(("call_open", True), ("deleted_at__isnull", True)),
                fields=["call_deadline", "-updated_at"],
                name="alliance_open_calls",
            ),
        ),
    ]
