"""Page write tokens: a table and the triggers that keep it (cluster.models.PageWriteToken).

Triggers rather than signals: a signal misses `QuerySet.update()`, treebeard's
raw SQL for moves, and any other process writing the table, and a missed write
would hand the publication gate a stale picture of the cluster. SQLite and
PostgreSQL are the two databases the project supports (docs/architecture.md).
"""

from django.db import migrations, models

STEPLEN = 4  # wagtail.models.Page.steplen: a page's parent path is its path less the last step
TOKEN = 1 << 40  # each token is below 2**40, so a sum of millions of them fits a 64-bit integer

SQLITE_ROW = (
    "NEW.id, substr(NEW.path, 1, length(NEW.path) - {steplen}), random() & {mask}, random() & {mask}"
).format(steplen=STEPLEN, mask=TOKEN - 1)
SQLITE_CREATE = [
    f"""CREATE TRIGGER cluster_page_write_insert AFTER INSERT ON wagtailcore_page BEGIN
        INSERT OR REPLACE INTO cluster_pagewritetoken (page_id, parent_path, token_a, token_b)
        VALUES ({SQLITE_ROW});
    END""",
    f"""CREATE TRIGGER cluster_page_write_update AFTER UPDATE ON wagtailcore_page BEGIN
        DELETE FROM cluster_pagewritetoken WHERE page_id = OLD.id AND OLD.id <> NEW.id;
        INSERT OR REPLACE INTO cluster_pagewritetoken (page_id, parent_path, token_a, token_b)
        VALUES ({SQLITE_ROW});
    END""",
    """CREATE TRIGGER cluster_page_write_delete AFTER DELETE ON wagtailcore_page BEGIN
        DELETE FROM cluster_pagewritetoken WHERE page_id = OLD.id;
    END""",
    f"""INSERT INTO cluster_pagewritetoken (page_id, parent_path, token_a, token_b)
        SELECT id, substr(path, 1, length(path) - {STEPLEN}), random() & {TOKEN - 1}, random() & {TOKEN - 1}
        FROM wagtailcore_page""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS cluster_page_write_insert",
    "DROP TRIGGER IF EXISTS cluster_page_write_update",
    "DROP TRIGGER IF EXISTS cluster_page_write_delete",
]

PG_TOKEN = f"floor(random() * {TOKEN})::bigint"
POSTGRES_CREATE = [
    f"""CREATE FUNCTION cluster_page_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM cluster_pagewritetoken WHERE page_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO cluster_pagewritetoken (page_id, parent_path, token_a, token_b)
            VALUES (NEW.id, substr(NEW.path, 1, length(NEW.path) - {STEPLEN}), {PG_TOKEN}, {PG_TOKEN})
            ON CONFLICT (page_id) DO UPDATE SET parent_path = excluded.parent_path,
                token_a = excluded.token_a, token_b = excluded.token_b;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER cluster_page_write AFTER INSERT OR UPDATE OR DELETE ON wagtailcore_page
        FOR EACH ROW EXECUTE FUNCTION cluster_page_write()""",
    f"""INSERT INTO cluster_pagewritetoken (page_id, parent_path, token_a, token_b)
        SELECT id, substr(path, 1, length(path) - {STEPLEN}), {PG_TOKEN}, {PG_TOKEN} FROM wagtailcore_page""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS cluster_page_write ON wagtailcore_page",
    "DROP FUNCTION IF EXISTS cluster_page_write()",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRES_CREATE, POSTGRES_DROP),
}


def _run(schema_editor, which: int) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        # No triggers, no tokens: cluster/validation/write_tokens.py then
        # never takes the shortcut, and the exact fingerprint decides alone.
        return
    for statement in STATEMENTS[vendor][which]:
        schema_editor.execute(statement)


def create_triggers(apps, schema_editor):
    _run(schema_editor, 0)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, 1)


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
