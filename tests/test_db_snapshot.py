"""The session's copy of the loaded database (tests/db_snapshot.py) puts back every row, and only those.

The browser tests rely on it: each starts from what this restores, after the
test before emptied the database.
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page, Site

from tests import db_snapshot

pytestmark = pytest.mark.django_db(transaction=True)


def every_row() -> dict[str, list]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        rows = {}
        for table in db_snapshot._tables(connection):
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def test_restore_puts_back_exactly_the_rows_the_session_loaded(demo):
    loaded = every_row()
    Page.objects.filter(slug="fear-of-intimacy").delete()
    Site.objects.update(site_name="changed")
    Group.objects.create(name="Left behind")
    assert every_row() != loaded  # the comparison sees a change

    db_snapshot.restore(connection)

    assert every_row() == loaded
    assert not Group.objects.filter(name="Left behind").exists()


def test_after_a_flush_ids_and_caches_are_the_restored_ones(demo):
    page_type = ContentType.objects.get_for_model(Page).id
    # What the test before leaves: an empty database whose content types
    # post_migrate re-created under new ids, and id sequences back at 1.
    call_command("flush", interactive=False, verbosity=0)
    assert ContentType.objects.get_for_model(Page).id != page_type

    db_snapshot.restore(connection)

    assert ContentType.objects.get_for_model(Page).id == page_type
    # PostgreSQL: a new row must not take the id of a restored one.
    assert Group.objects.create(name="New").id > max(g.id for g in Group.objects.exclude(name="New"))
