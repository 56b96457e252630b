"""Fixtures of the browser tests (helpers in tests/editor/browser.py).

The database of a browser test. A live server needs a transactional test,
and Django empties the database after each one, migrated rows included (the
site, the home page, Wagtail's groups). `demo` puts the whole database back
as the session loaded it (tests/db_snapshot.py), so every browser test
starts from the migrated rows and the published demo, whatever ran before.

The browser: one Chromium for the run of browser tests (tests/conftest.py
closes it after the last one), a new context, that is a fresh profile, and
page per test.
"""

import os
import threading
import time

import pytest
from django.contrib.auth.models import Group

from tests.editor.browser import CHROMIUM, PASSWORD, SHARED_CHROMIUM, TIMEOUT_MS, USERNAME, VIEWPORT


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture
def browser_page():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package "
            "(apt-get install chromium; .ci/run does it). Never run `playwright install`."
        )
    context = SHARED_CHROMIUM.browser().new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        pending = _track_requests(page)
        yield page
        _drain(page, pending)
    finally:
        context.close()
        _wait_for_the_live_server()
        close_connections_of_this_context()


def _wait_for_the_live_server(limit_s: float = 15.0) -> None:
    """Let the live server finish every request it is still serving.

    The browser's side of a request can be done (or cut off by closing the
    context) while the server's thread is still inside it: a preview panel
    refreshes on a timer, after the drain above looked. On SQLite that thread
    shares the test's in-memory database, and the teardown's flush then meets
    "database table is locked" (twice in one run on a slow machine). Django's
    live server serves each connection in a thread of its own, which ends once
    the browser's connection is closed and its request is done.
    """
    deadline = time.monotonic() + limit_s
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(max(0.0, deadline - time.monotonic()))


def _track_requests(page) -> set:
    pending: set = set()
    # Lambdas: Playwright tags each handler with an attribute, which a bound
    # method of a set cannot take.
    page.on("request", lambda request: pending.add(request))
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", lambda request: pending.discard(request))
    return pending


def _drain(page, pending, limit_ms=10_000) -> None:
    """Let the requests a test left in flight finish before the database is emptied.

    A side panel or preview a test opened last may still be loading when the
    test ends. Closing the browser then breaks the connection mid-response,
    and on SQLite the live server, which shares the test's in-memory
    database, is still inside that request when the teardown empties the
    tables: "database table is locked" (seen once in CI, after the Status
    panel test).
    """
    waited = 0
    while pending and waited < limit_ms:
        page.wait_for_timeout(100)
        waited += 100
    page.wait_for_timeout(200)  # the server's own end of the last response


def close_connections_of_this_context():
    # Django keeps connections per context, and Playwright's event loop makes
    # the test's ORM calls run in a context of their own: its connection is
    # not the one Django closes before dropping the test database, so close
    # it here (PostgreSQL refuses to drop a database with a session open).
    from django.db import connections

    connections.close_all()


@pytest.fixture
def editor(demo, django_user_model):
    """A non-superuser editor. Wagtail's Editors group may not publish, so the
    editor is a Moderator too (publish permission, and by default the override)."""
    user = django_user_model.objects.create_user(USERNAME, "editor@example.org", PASSWORD)
    user.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
    return user


@pytest.fixture
def settle(browser_page):
    """settle(): wait until no request has been in flight for half a second.

    (`wait_for_load_state("networkidle")` only covers a page's initial load.)
    """
    page, pending = browser_page, set()
    page.on("request", lambda request: pending.add(request))
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", lambda request: pending.discard(request))

    def wait(quiet_ms=500):
        quiet = 0
        while quiet < quiet_ms:
            page.wait_for_timeout(100)
            quiet = 0 if pending else quiet + 100

    return wait


@pytest.fixture
def quiet_editor(settings):
    """No background requests from the editor: autosave and editing-session pings.

    On SQLite the live server shares the test's in-memory connection, which
    cannot serve two requests at once ("database table is locked"); a timed
    autosave landing next to the Publish click would make the test flaky.
    """
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 3_600_000
