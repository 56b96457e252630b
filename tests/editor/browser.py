"""Shared parts of the browser tests: Debian's headless Chromium via Playwright.

No test ever downloads a browser (no `playwright install`): .ci/run installs
Debian's chromium when it is missing, and without it the browser tests fail.

Screenshots: every browser test takes them with `shot(page, name)`. They go
to $SCREENSHOTS_DIR, or to test-artifacts/screenshots/ (ignored by git) when
it is unset, so a plain `make test` never rewrites the PNGs in docs/.
`make screenshots` runs the browser tests with SCREENSHOTS_DIR=docs/img, the
images docs/editor.md shows.
"""

import os
from pathlib import Path

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
USERNAME, PASSWORD = "editor", "an-editor-password-1"
TIMEOUT_MS = 30_000


def screenshots_dir() -> Path:
    path = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "test-artifacts" / "screenshots")
    path = path if path.is_absolute() else ROOT / path
    path.mkdir(parents=True, exist_ok=True)
    return path


def shot(page, name, *, full_page=False):
    page.screenshot(path=str(screenshots_dir() / f"{name}.png"), full_page=full_page)


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    # The preview validates the whole cluster; give it the same time as any step.
    playwright_expect.set_options(timeout=TIMEOUT_MS)
    return playwright_expect(locator)


def log_in(page, base_url, username=USERNAME, password=PASSWORD):
    page.goto(f"{base_url}/admin/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    with page.expect_navigation():
        page.click('button[type="submit"]')
    assert "/admin/login/" not in page.url


def faq_block(page):
    # The FAQ is the only stream block with a list inside.
    return page.locator("[data-streamfield-child]:has([data-streamfield-list-container])").first


def open_publish_menu(page):
    page.locator("footer .w-dropdown__toggle, .footer .w-dropdown__toggle").first.click()


def publish(page):
    open_publish_menu(page)
    with page.expect_navigation():
        page.locator('button[name="action-publish"]').click()
