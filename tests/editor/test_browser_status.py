"""Validation status where editors look, in a real browser (Debian's headless Chromium via Playwright).

The explorer's Validation column, the dashboard's "Clusters needing
attention", the Status panel's validation line and Wagtail's Checks panel
with its content metrics (they need `{% wagtailuserbar %}` in the page
templates) and our findings. The last test measures the refresh from the
editor's last keystroke in a FAQ answer to the updated Validation report,
and prints it (docs/editor.md, "Status where you look"); figures live in the
docs and bench/, never in assertions.
"""

import statistics
import time

import pytest

from cluster.models import TopicPage
from tests.editor.browser import expect, faq_block, log_in, shot
from tests.editor.test_status import save_draft_without_faq

pytestmark = pytest.mark.browser

# A sentence of 40 words (over the 35-word warning limit): typed into a FAQ
# answer, it shows in the report as readability.W004 with its text.
LONG_SENTENCE = (
    " When {token} partners talk about closeness they often describe a long list of small habits and"
    " shared routines that slowly build trust over many months and years together in ordinary days"
    " at home and at work and with friends."
)
RUNS = 5


@pytest.fixture
def own_templates(settings):
    """The preview renders this project's templates, as `make run` does without a headless front end.

    Wagtail's Checks panel measures the page in the preview through the user
    bar; a headless front end would have to render the user bar itself.
    """
    settings.CLUSTER_HEADLESS_PREVIEW = False


def test_status_in_listing_dashboard_and_side_panels(
    live_server, demo, editor, quiet_editor, browser_page, settle
):
    page = browser_page
    failing = save_draft_without_faq()
    log_in(page, live_server.url)

    page.goto(f"{live_server.url}/admin/pages/{demo.id}/")
    row = page.locator(f'tr:has(a[href="/admin/pages/{failing.id}/edit/"])')
    expect(row.locator("[data-validation-cell]")).to_contain_text("Draft: 1 error, 0 warnings")
    expect(row.locator("[data-validation-cell]")).to_contain_text("Live: Passes")
    shot(page, "status-listing")

    page.goto(f"{live_server.url}/admin/")
    panel = page.locator("[data-clusters-needing-attention]")
    expect(panel.locator("tbody tr")).to_have_count(1)
    expect(panel.locator("tbody tr [data-fails]")).to_have_text("draft (1 error)")
    panel.scroll_into_view_if_needed()
    shot(page, "status-dashboard")
    with page.expect_navigation():
        panel.get_by_role("link", name=failing.title).click()
    assert page.url.endswith(f"/admin/pages/{failing.id}/edit/")

    page.get_by_role("button", name="Toggle status").click()
    status = page.locator("[data-cluster-status-panel]")
    expect(status).to_contain_text("Draft: 1 error, 0 warnings")
    expect(status).to_contain_text("Live: Passes")
    shot(page, "status-side-panel")


def test_checks_panel_has_wagtails_metrics_and_our_findings(
    live_server, demo, editor, quiet_editor, own_templates, browser_page, settle
):
    page = browser_page
    failing = save_draft_without_faq()
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/pages/{failing.id}/edit/")
    page.get_by_role("button", name="Toggle checks").click()
    checks = page.locator('[data-side-panel="checks"]')
    # Filled in from the preview, where the user bar runs Wagtail's checks.
    expect(checks.locator("[data-content-word-count]")).not_to_have_text("-")
    expect(checks.locator("[data-content-reading-time]")).to_contain_text("min")
    expect(checks.locator('[data-cluster-checks] [data-finding="faq.E001"]')).to_be_visible()
    settle()
    shot(page, "status-checks-panel")

    checks.locator("[data-cluster-open-report]").click()
    expect(page.locator('[data-side-panel="preview"]')).to_be_visible()
    report = page.frame_locator("#w-preview-iframe")
    expect(report.locator('[data-finding="faq.E001"]')).to_be_visible()


def test_refresh_from_last_keystroke_to_updated_findings(
    live_server, demo, editor, quiet_editor, browser_page, settle
):
    page = browser_page
    topic = TopicPage.objects.get(slug="responsive-desire")
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/pages/{topic.id}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    settle()  # Wagtail drops a mode change made while the first preview is still loading.
    page.select_option("#id_preview_mode", "validation")
    expect(page.frame_locator("#w-preview-iframe").locator("[data-validation-status]")).to_be_visible()
    settle()
    answer = faq_block(page).locator('[data-streamfield-list-container] [contenteditable="true"]').last
    answer.scroll_into_view_if_needed()
    timings = []
    for run in range(RUNS):
        token = f"zebra{run}x"
        answer.click()
        page.keyboard.press("Control+End")
        page.keyboard.type(LONG_SENTENCE.format(token=token))
        typed = time.perf_counter()  # the last keystroke has been dispatched
        page.wait_for_function(
            """token => {
                const frame = document.querySelector('#w-preview-iframe');
                const body = frame && frame.contentDocument && frame.contentDocument.body;
                return !!body && body.innerText.includes(token);
            }""",
            arg=token,
            polling=20,
            timeout=30_000,
        )
        timings.append(time.perf_counter() - typed)
        settle()
    median = statistics.median(timings)
    runs = ", ".join(f"{t:.2f}" for t in timings)
    print(f"\nrefresh, last keystroke to updated findings: median {median:.2f} s over {RUNS} runs ({runs} s)")
    assert median < 20  # a sanity bound only: performance is measured, not asserted
