"""The public site by keyboard, in Debian's headless Chromium (tests/editor/browser.py)."""

import pytest

from tests.editor.browser import expect, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page) -> tuple[str, str]:
    return page.evaluate(
        "[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]"
    )


def test_tab_reaches_the_skip_link_then_the_site_navigation(live_server, demo, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/intimacy/fear-of-intimacy/")
    stops = []
    for _ in range(4):
        page.keyboard.press("Tab")
        stops.append(tuple(focused(page)))
    assert stops == [
        ("Skip to content", "#main"),
        ("Home", "/"),
        (demo.title, "/intimacy/"),
        ("Site map", "/site-map/"),
    ]
    shot(page, "public-site-nav-focus")
    page.keyboard.press("Enter")  # on "Site map"
    expect(page.locator("main h1")).to_have_text("Site map")
    expect(page.locator('nav[aria-label="Site"] a[aria-current="page"]')).to_have_text("Site map")
    shot(page, "public-site-map", full_page=True)


def test_the_skip_link_shows_when_focused_and_moves_focus_to_main(live_server, demo, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/")
    skip = page.locator("a.skip-link")
    assert skip.bounding_box()["x"] < 0  # off screen until focused
    page.keyboard.press("Tab")
    assert skip.bounding_box()["x"] >= 0
    page.keyboard.press("Enter")
    assert page.url.endswith("/#main")


def test_the_404_page_in_the_sites_style(live_server, demo, browser_page):
    page = browser_page
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    expect(page.locator("main h1")).to_have_text("Page not found")
    shot(page, "public-404")
