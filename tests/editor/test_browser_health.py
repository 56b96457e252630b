"""Cluster health in a real browser (Debian's headless Chromium via Playwright).

Every state an editor sees on the report: the demo cluster (10 pages) with its
matrix and map, a 50-topic generated cluster, a hovered or focused node with
its links highlighted, and the links broken by an unpublish done in the admin.
Screenshots are named health-*.png (docs/img/ under `make screenshots`).
"""

import pytest
from django.core.management import call_command

from cluster.editor.health import BROKEN, PRESENT
from cluster.models import PillarPage, TopicPage
from tests.editor.browser import expect, log_in, screenshots_dir, shot

pytestmark = pytest.mark.browser


REPORT = "/admin/reports/cluster-health/"
SLUG = "responsive-desire"
# The live pages whose prose links to responsive-desire in the demo cluster.
LINKING = [
    "emotional-vs-physical-intimacy",
    "intimacy",
    "long-term-desire-paradox",
    "sexual-brakes-and-accelerators",
]


def show_map(page):
    # The map's heading at the top of the viewport (Wagtail's admin scrolls its main area, not the window).
    page.locator("#map").evaluate("h => h.scrollIntoView({block: 'start'})")


def shot_of_map(page, name):
    """The map section only: its heading, legend, the map and the list of links to fix."""
    page.locator("[data-map-section]").screenshot(path=str(screenshots_dir() / f"{name}.png"))


def opacities(page, selector: str) -> dict[str, str]:
    return page.eval_on_selector_all(
        selector, "edges => Object.fromEntries(edges.map(e => [e.dataset.edge, getComputedStyle(e).opacity]))"
    )


def test_the_demo_clusters_matrix_and_map(live_server, demo, editor, browser_page):
    page = browser_page
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}{REPORT}")
    matrix = page.locator("[data-coverage-matrix]")
    expect(matrix.locator("td[data-cell]")).to_have_count(100)
    assert matrix.locator(f'td[data-state="{PRESENT}"]').count() > 0
    matrix.scroll_into_view_if_needed()
    shot(page, "health-matrix")

    show_map(page)
    svg = page.locator("svg.cluster-map")
    expect(svg.locator("[data-node]")).to_have_count(10)
    # Every node is a link named by its full title and its status.
    topic = TopicPage.objects.get(slug=SLUG)
    link = svg.get_by_role("link", name=f"{topic.title} (topic, live, passes)", exact=True)
    assert link.get_attribute("href") == f"/admin/pages/{topic.id}/edit/"
    expect(page.locator("[data-map-problems]")).to_contain_text("Links to fix (0)")
    shot_of_map(page, "health-map-10")


def test_hovering_or_focusing_a_node_highlights_its_edges(live_server, demo, editor, browser_page):
    page = browser_page
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}{REPORT}")
    show_map(page)
    topic = TopicPage.objects.get(slug=SLUG)
    node = page.locator(f'svg.cluster-map [data-node="{topic.id}"]')
    own = {e for e in opacities(page, "svg.cluster-map [data-edge]") if str(topic.id) in e.split("-")}
    assert len(own) >= 4  # to and from the pillar, and its related topics

    assert set(opacities(page, "svg.cluster-map [data-edge]").values()) == {"1"}  # nothing dimmed at rest
    node.hover()
    shown = opacities(page, "svg.cluster-map [data-edge]")
    assert {e for e, o in shown.items() if o == "1"} == own
    assert {o for e, o in shown.items() if e not in own} == {"0.12"}
    shot_of_map(page, "health-hover")

    page.mouse.move(5, 5)  # away: everything back
    assert set(opacities(page, "svg.cluster-map [data-edge]").values()) == {"1"}
    node.focus()  # the keyboard gets the same
    shown = opacities(page, "svg.cluster-map [data-edge]")
    assert {e for e, o in shown.items() if o == "1"} == own


def test_a_fifty_topic_cluster(live_server, demo, editor, browser_page):
    call_command("generate_cluster", topics=50, slug="fifty", verbosity=0)
    pillar = PillarPage.objects.get(slug="fifty")
    page = browser_page
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}{REPORT}?cluster={pillar.id}")
    show_map(page)
    svg = page.locator("svg.cluster-map")
    expect(svg.locator("[data-node]")).to_have_count(51)
    # Every topic is labelled on the map, and its full name is its link's name.
    assert svg.locator('[data-node] text[aria-hidden="true"]:not([fill="#fff"])').count() == 51
    expect(svg.get_by_role("link", name="Synthetic topic 49 (topic, live, fails)", exact=True)).to_have_count(
        1
    )
    # The list beside the map names each missing or broken edge the map draws.
    drawn = svg.locator('[data-edge][data-state="missing"], [data-edge][data-state="broken"]').count()
    assert drawn > 0
    expect(page.locator("[data-map-problems] li")).to_have_count(drawn)
    shot_of_map(page, "health-map-50")


def test_links_to_a_page_unpublished_in_the_admin_show_as_broken(live_server, demo, editor, browser_page):
    page = browser_page
    log_in(page, live_server.url)
    topic = TopicPage.objects.get(slug=SLUG)
    page.goto(f"{live_server.url}/admin/pages/{topic.id}/unpublish/")
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, unpublish it").click()
    topic.refresh_from_db()
    assert not topic.live

    page.goto(f"{live_server.url}{REPORT}")
    matrix = page.locator(f'[data-coverage-matrix] td[data-cell$="|{SLUG}"][data-state="{BROKEN}"]')
    assert (
        sorted(c.split("|")[0] for c in matrix.evaluate_all("tds => tds.map(td => td.dataset.cell)"))
        == LINKING
    )
    show_map(page)
    broken = page.locator(f'svg.cluster-map [data-edge$="-{topic.id}"][data-state="{BROKEN}"]')
    expect(broken).to_have_count(len(LINKING))
    expect(broken.locator("text")).to_have_text(["⚠"] * len(LINKING))  # not colour alone
    problems = page.locator(f'[data-map-problems] li[data-state="{BROKEN}"]')
    expect(problems).to_have_count(len(LINKING))
    expect(problems.first).to_contain_text("broken, the page is unpublished")
    name = f"{topic.title} (topic, unpublished, not published)"
    expect(page.locator("svg.cluster-map").get_by_role("link", name=name, exact=True)).to_have_count(1)
    shot_of_map(page, "health-broken")
