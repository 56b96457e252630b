"""Fixtures for the whole suite.

The published demo cluster is loaded once per session, into the test
database itself (`django_db_setup`), so tests that read it do not pay for
building it. Every test runs in a transaction that is rolled back, so a test
may change the demo freely: the next one sees it as loaded. A transactional
test (the browser test) empties the database when it ends; pytest-django runs
those last, and `demo` loads the cluster again if it is gone.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture(autouse=True)
def _no_cluster_data_from_earlier_tests():
    # Cached cluster data is keyed by a generation that only a publish
    # replaces; a test that published and was rolled back must not leave
    # its data behind for the next test, which publishes nothing.
    cache.clear()


@pytest.fixture
def demo(db):
    """The published Intimacy demo cluster."""
    from cluster.models import PillarPage

    pillar = PillarPage.objects.filter(slug="intimacy").first()
    if pillar is None:
        _reset_sequences()
        call_command("load_demo", verbosity=0)
        pillar = PillarPage.objects.get(slug="intimacy")
    return pillar


def _reset_sequences():
    """Point PostgreSQL's id sequences past the rows that are there.

    A browser test's database is restored from the serialized migration rows
    (tests/editor/conftest.py) with their ids, after a flush that reset the
    sequences to 1: the next page would get id 1 again. (SQLite needs nothing.)
    """
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
