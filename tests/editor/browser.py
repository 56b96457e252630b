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
import re
from dataclasses import dataclass
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
VIEWPORT = {"width": 1400, "height": 1000}


class SharedChromium:
    """One Chromium for a run of consecutive browser tests; each test opens a context of its own.

    Starting Playwright's driver and Chromium took seconds per test. A new
    context is a fresh profile (no cookies, storage or cache from the test
    before), which is what a new browser gave. tests/conftest.py closes it
    after the last browser test of a run, so no other test meets it.

    While it is open, Playwright's sync API keeps an event loop running in
    this thread, so Django takes every ORM call here (the tests' own, the
    fixtures', the flush after each test) for async code. They are plain
    sync calls: DJANGO_ALLOW_ASYNC_UNSAFE is set for exactly that time.
    """

    def __init__(self):
        self._playwright = self._browser = None
        self._env_before = None

    def browser(self):
        if self._browser is None:
            self._launch()
        return self._browser

    def _launch(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._env_before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        try:
            self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except BaseException:
            self.close()
            raise

    def close(self):
        if self._playwright is None:
            return
        try:
            if self._browser is not None:
                self._browser.close()
            self._playwright.stop()
        finally:
            self._playwright = self._browser = None
            if self._env_before is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self._env_before


SHARED_CHROMIUM = SharedChromium()


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


# Accessibility: axe-core (npm, package-lock.json; `make test` installs it) with
# the WCAG 2.2 A and AA rules. docs/editor.md, "Accessibility", explains the allow-list.
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass(frozen=True)
class Allowed:
    """A violation that is an open Wagtail bug, not ours: its rule, which nodes, and the issue."""

    rule: str
    node: str  # a regular expression searched in the node's CSS selector and its HTML
    issue: str

    def covers(self, rule: str, node: str) -> bool:
        return rule == self.rule and re.search(self.node, node) is not None


# On every edit view with a StreamField; they leave this list when upstream fixes them.
WAGTAIL_UPSTREAM = (
    # Draftail's rich-text editor (a contenteditable textbox) has no accessible name.
    Allowed(
        "aria-input-field-name",
        r"public-DraftEditor-content",
        "https://github.com/wagtail/wagtail/issues/14205",
    ),
    # A stream child that is a plain field block (our heading) renders its input without a label.
    Allowed("label", r"^#body-\d+-value ", "https://github.com/wagtail/wagtail/issues/11179"),
)

# Run axe once the page has stopped moving: Wagtail fades its messages in, and
# axe would measure the colours of a half-faded banner.
_RUN_AXE = """async tags => {
    const ending = document.getAnimations().filter(a => a.effect.getComputedTiming().endTime !== Infinity);
    await Promise.all(ending.map(a => a.finished.catch(() => null)));
    const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
    const result = await axe.run(document, options);
    return result.violations.flatMap(v => v.nodes.map(n => [v.id, n.target.join(' '), n.html]));
}"""


def axe_violations(target, *, allow=()) -> list[tuple[str, str]]:
    """(rule id, CSS selector) of every WCAG 2.2 A/AA violation axe finds in `target`, less `allow`.

    `target` is a Playwright page or frame; axe is injected into it.
    """
    if not AXE_JS.exists():
        raise RuntimeError(f"{AXE_JS} is missing: `make test` installs it (npm ci)")
    if not target.evaluate("() => typeof window.axe !== 'undefined'"):
        target.add_script_tag(path=str(AXE_JS))
    return [
        (rule, selector)
        for rule, selector, html in target.evaluate(_RUN_AXE, WCAG_TAGS)
        if not any(a.covers(rule, f"{selector} {html}") for a in allow)
    ]
