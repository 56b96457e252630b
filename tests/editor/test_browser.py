"""The publication gate in a real browser: Debian's headless Chromium via Playwright.

The test drives the Wagtail admin on a live server it starts itself: an editor
deletes a topic's FAQ items, sees the problem in the validation panel and
clicks Publish, the page stays unpublished
with the error on the FAQ block; the FAQ comes back from the page history and
Publish succeeds; the Cluster health report shows its matrix and map.
Screenshots of every step go to docs/screenshots/, which docs/editor.md shows.

It never downloads a browser (no `playwright install`): .ci/run installs
Debian's chromium when it is missing, and without it this test fails.
"""

import os

import pytest
from django.contrib.auth.models import Group

from cluster.models import TopicPage
from tests.paths import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "docs" / "screenshots"
USERNAME, PASSWORD = "editor", "an-editor-password-1"
SLUG = "responsive-desire"
TIMEOUT_MS = 30_000

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread, so Django takes
    # the test's own ORM calls for async code. They are plain sync calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package "
            "(apt-get install chromium; .ci/run does it). Never run `playwright install`."
        )
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        try:
            yield page
        finally:
            browser.close()
            close_connections_of_this_context()


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
    editor is a Moderator too (publish permission, and by default the override,
    which this test never uses)."""
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


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    # The preview validates the whole cluster; give it the same time as any step.
    playwright_expect.set_options(timeout=TIMEOUT_MS)
    return playwright_expect(locator)


def faq_block(page):
    # The FAQ is the only stream block with a list inside.
    return page.locator("[data-streamfield-child]:has([data-streamfield-list-container])").first


def publish(page):
    page.locator("footer .w-dropdown__toggle, .footer .w-dropdown__toggle").first.click()
    with page.expect_navigation():
        page.locator('button[name="action-publish"]').click()


@pytest.fixture
def quiet_editor(settings):
    """No background requests from the editor: autosave and editing-session pings.

    On SQLite the live server shares the test's in-memory connection, which
    cannot serve two requests at once ("database table is locked"); a timed
    autosave landing next to the Publish click would make the test flaky.
    """
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 3_600_000


def test_editor_sees_the_gate_and_the_cluster_report(
    live_server, demo, editor, quiet_editor, browser_page, settle
):
    page = browser_page
    topic = TopicPage.objects.get(slug=SLUG)
    live_revision = topic.live_revision_id

    # 1. Log in as the editor.
    page.goto(f"{live_server.url}/admin/login/")
    page.fill('input[name="username"]', USERNAME)
    page.fill('input[name="password"]', PASSWORD)
    shot(page, "01-login")
    with page.expect_navigation():
        page.click('button[type="submit"]')
    assert "/admin/login/" not in page.url

    # 2. Open the topic and delete its FAQ items.
    page.goto(f"{live_server.url}/admin/pages/{topic.id}/edit/")
    faq = faq_block(page)
    faq.scroll_into_view_if_needed()
    shot(page, "02-editor-faq")
    # A deleted block stays in the DOM (hidden, flagged as deleted), so count visible ones.
    items = faq.locator("[data-streamfield-list-container] > [data-streamfield-child]:visible")
    total = items.count()
    assert total >= 3
    for remaining in range(total - 1, -1, -1):
        items.first.locator('[data-streamfield-action="DELETE"]').first.click()
        expect(items).to_have_count(remaining)
    faq.scroll_into_view_if_needed()
    shot(page, "03-faq-items-deleted")

    # The validation panel (the preview's "Validation report" mode) already shows
    # the problem in the unsaved content.
    toggle = page.get_by_role("button", name="Toggle preview")
    toggle.click()
    # Wagtail drops a mode change made while the first preview is still loading.
    settle()
    page.select_option("#id_preview_mode", "validation")
    report = page.frame_locator("#w-preview-iframe")
    expect(report.locator('[data-finding="faq.E002"]')).to_be_visible()
    expect(report.locator("[data-validation-status]")).to_contain_text("Publishing is blocked")
    shot(page, "03b-validation-panel")
    toggle.click()  # closed again, so it sends no more preview requests
    settle()

    # 3. Publish: refused, the page stays as it was, the error sits on the FAQ block.
    publish(page)
    banner = page.locator(".messages")
    assert "This page was not published" in banner.inner_text()
    shot(page, "04-publish-refused")
    topic.refresh_from_db()
    assert topic.live_revision_id == live_revision
    faq = faq_block(page)
    faq.scroll_into_view_if_needed()
    faq_error = faq.get_by_text("faq.E002", exact=False).first
    assert faq_error.is_visible()
    shot(page, "05-error-on-faq-block")

    # 4. Restore the FAQ from the page history (the live version) and publish.
    page.goto(f"{live_server.url}/admin/pages/{topic.id}/revisions/{live_revision}/revert/")
    restored = faq_block(page).locator("[data-streamfield-list-container] > [data-streamfield-child]:visible")
    expect(restored).to_have_count(total)
    shot(page, "06-faq-restored")
    publish(page)
    assert "has been published" in page.locator(".messages").inner_text()
    shot(page, "07-published")
    topic.refresh_from_db()
    assert topic.live and not topic.has_unpublished_changes
    assert topic.live_revision_id != live_revision
    assert [b for b in topic.body.raw_data if b["type"] == "faq"]

    # 5. The Cluster health report: the matrix and the map.
    page.goto(f"{live_server.url}/admin/reports/cluster-health/")
    matrix = page.locator("[data-coverage-matrix]")
    assert matrix.is_visible()
    assert matrix.locator('[data-state="present"]').count() > 0
    shot(page, "08-cluster-health")
    svg = page.locator("svg.cluster-map")
    svg.scroll_into_view_if_needed()
    assert svg.is_visible() and svg.locator("[data-node]").count() == 10
    shot(page, "09-cluster-map")
