"""A copy of the test database's rows, kept in the database itself, put back in one step.

A transactional test (the browser tests, which need a live server) ends with
Django's flush, which empties every table. Each browser test used to get the
migrated rows back from their JSON serialization (`serialized_rollback`,
object by object through the ORM) and then load the demo again (`load_demo`:
import, validate, publish through the gate). Instead, `take` copies every
model table into a table of its own right after the session's database is
set up (migrated, demo loaded), and `restore` empties the tables and copies
the rows back with one INSERT ... SELECT per table: the database server
moves the rows, nothing goes through Python or the ORM.

The copies are plain tables named `snapshot__<table>` next to the originals,
in the test database only (dropped with it). They belong to no model, so
Django's flush and the tests never see them.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import transaction

PREFIX = "snapshot__"
TRIGGER_KEPT = "cluster_pagewritetoken"


def _tables(connection) -> list[str]:
    # The tables Django's flush empties: the models' own (not django_migrations).
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def take(connection) -> None:
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table in _tables(connection):
            copy = quote(PREFIX + table)
            cursor.execute(f"DROP TABLE IF EXISTS {copy}")
            cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {quote(table)}")


def restore(connection) -> None:
    """Every model table holds exactly the rows it held when `take` ran."""
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # DELETE, not TRUNCATE: the tables hold little (Django's flush emptied
        # them; post_migrate put back content types and permissions), and
        # TRUNCATE of every table costs PostgreSQL seconds. Foreign keys are
        # checked at commit, when the rows they point to are back.
        # The page write tokens last: the triggers on the page table write
        # new ones while the pages go back (cluster.models.PageWriteToken).
        tables = sorted(_tables(connection), key=lambda table: table == TRIGGER_KEPT)
        for table in tables:
            cursor.execute(f"DELETE FROM {quote(table)}")
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {quote(PREFIX + table)}")
    _reset_sequences(connection)
    # Django's flush re-created the content types under new ids (post_migrate)
    # and its cache may hold them; the restored rows have the old ids.
    ContentType.objects.clear_cache()


def _reset_sequences(connection) -> None:
    """Point PostgreSQL's id sequences past the restored rows (SQLite needs nothing)."""
    from django.apps import apps

    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
