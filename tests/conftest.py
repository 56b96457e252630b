"""Fixtures for the whole suite.

The published demo cluster is loaded once per session, into the test
database itself (`django_db_setup`), so tests that read it do not pay for
building it. Every test runs in a transaction that is rolled back, so a test
may change the demo freely: the next one sees it as loaded.

A transactional test (the browser tests, which need a live server) empties
the database when it ends; pytest-django runs those last. So the session
keeps a copy of the loaded database (tests/db_snapshot.py), and `demo` puts
it back, every table as it was, when the demo is gone.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from tests import db_snapshot
from tests.editor.browser import SHARED_CHROMIUM


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
        db_snapshot.take(connection)


@pytest.fixture(autouse=True)
def _no_cluster_data_from_earlier_tests():
    # Cached cluster data is keyed by a generation that only a publish
    # replaces; a test that published and was rolled back must not leave
    # its data behind for the next test, which publishes nothing.
    cache.clear()


@pytest.fixture
def local_check(monkeypatch):
    """Register a page-local check for one test; worker processes forked after inherit it.

    Its results are cached under content keys that do not name the check, so
    every validation cache and memo is forgotten when the test ends.
    """
    from cluster.validation.caches import clear_all
    from validators import registry

    def add(fn):
        fn.family, fn.local = "test", True
        monkeypatch.setattr(registry, "_checks", [*registry._checks, ("test", fn)])
        return fn

    yield add
    clear_all()


@pytest.fixture
def demo(db):
    """The published Intimacy demo cluster."""
    from cluster.models import PillarPage

    pillar = PillarPage.objects.filter(slug="intimacy").first()
    if pillar is None:
        db_snapshot.restore(connection)
        pillar = PillarPage.objects.get(slug="intimacy")
    return pillar


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # The browser tests share one Chromium (tests/editor/browser.py). Close it
    # once the last of a run of them is torn down (its flush included): while
    # it is open an event loop runs in this thread, which no other test expects.
    try:
        return (yield)
    finally:
        if nextitem is None or nextitem.get_closest_marker("browser") is None:
            SHARED_CHROMIUM.close()


def pytest_sessionfinish(session):
    SHARED_CHROMIUM.close()  # a run stopped early (-x, Ctrl-C) inside the browser tests
