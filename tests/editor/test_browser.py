"""The publication gate in a real browser: Debian's headless Chromium via Playwright.

The test drives the Wagtail admin on a live server it starts itself: an editor
deletes a topic's FAQ items, sees the problem in the validation panel and
clicks Publish, the page stays unpublished
with the error on the FAQ block; the FAQ comes back from the page history and
Publish succeeds; the Cluster health report shows its matrix and map.
Screenshots of every step go where tests/editor/browser.py says (docs/img/ with `make screenshots`).

It never downloads a browser (no `playwright install`): .ci/run installs
Debian's chromium when it is missing, and without it this test fails.
"""

import pytest

from cluster.models import TopicPage
from tests.editor.browser import expect, faq_block, log_in, publish, shot

SLUG = "responsive-desire"

# Each live-server test empties the database when it ends; `demo` puts back the
# database the session loaded (migrated rows and the demo) for the next one.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_sees_the_gate_and_the_cluster_report(
    live_server, demo, editor, quiet_editor, browser_page, settle
):
    page = browser_page
    topic = TopicPage.objects.get(slug=SLUG)
    live_revision = topic.live_revision_id

    # 1. Log in as the editor.
    log_in(page, live_server.url)

    # 2. Open the topic and delete its FAQ items.
    page.goto(f"{live_server.url}/admin/pages/{topic.id}/edit/")
    faq = faq_block(page)
    faq.scroll_into_view_if_needed()
    # A deleted block stays in the DOM (hidden, flagged as deleted), so count visible ones.
    items = faq.locator("[data-streamfield-list-container] > [data-streamfield-child]:visible")
    total = items.count()
    assert total >= 3
    for remaining in range(total - 1, -1, -1):
        items.first.locator('[data-streamfield-action="DELETE"]').first.click()
        expect(items).to_have_count(remaining)
    faq.scroll_into_view_if_needed()

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

    # 3. Publish: refused, the draft is saved, the live page stays as it was, the error sits on the FAQ block.
    publish(page)
    banner = page.locator(".messages")
    refused = "Saved as a draft. Not published: 1 problem must be fixed first."
    assert banner.inner_text().strip().startswith(refused)
    topic.refresh_from_db()
    assert topic.live_revision_id == live_revision
    faq = faq_block(page)
    faq.scroll_into_view_if_needed()
    faq_error = faq.get_by_text("faq.E002", exact=False).first
    assert faq_error.is_visible()

    # 4. Restore the FAQ from the page history (the live version) and publish.
    page.goto(f"{live_server.url}/admin/pages/{topic.id}/revisions/{live_revision}/revert/")
    restored = faq_block(page).locator("[data-streamfield-list-container] > [data-streamfield-child]:visible")
    expect(restored).to_have_count(total)
    publish(page)
    assert "has been published" in page.locator(".messages").inner_text()
    topic.refresh_from_db()
    assert topic.live and not topic.has_unpublished_changes
    assert topic.live_revision_id != live_revision
    assert [b for b in topic.body.raw_data if b["type"] == "faq"]

    # 5. The Cluster health report: the matrix and the map.
    page.goto(f"{live_server.url}/admin/reports/cluster-health/")
    matrix = page.locator("[data-coverage-matrix]")
    assert matrix.is_visible()
    assert matrix.locator('[data-state="present"]').count() > 0
    svg = page.locator("svg.cluster-map")
    svg.scroll_into_view_if_needed()
    assert svg.is_visible() and svg.locator("[data-node]").count() == 10
