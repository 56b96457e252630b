"""Page write tokens: a table and the triggers that keep it (cluster.models.PageWriteToken).

The trigger SQL lives in cluster/write_token_sql.py, which `migrate` also
runs afterwards when the triggers have gone missing (signal_handlers.py).
"""

from django.db import migrations, models

from cluster import write_token_sql


def create_triggers(apps, schema_editor):
    write_token_sql.install(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    write_token_sql.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("cluster", "0006_focus_keyphrase"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="PageWriteToken",
            fields=[
                ("page_id", models.IntegerField(primary_key=True, serialize=False)),
                ("parent_path", models.CharField(max_length=255)),
                ("token_a", models.BigIntegerField()),
                ("token_b", models.BigIntegerField()),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["parent_path", "page_id", "token_a", "token_b"], name="page_write_tokens_sum"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
