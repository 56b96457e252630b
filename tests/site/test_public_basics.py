"""The public site's basics: sitemap, robots.txt, site map page, navigation, error pages, compression.

What a visitor (or a crawler) is shown is only what the public can reach:
each hidden case is checked with a positive control, the same page listed
while it is public.
"""

from __future__ import annotations

import gzip
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory, override_settings
from django.utils import timezone
from django.views.defaults import server_error
from wagtail.models import Page, PageViewRestriction, Revision

from cluster.models import ContentPage, TopicPage
from tests.api.support import add_pillar, add_topic

HOST = "testserver:8000"
BASE = f"http://{HOST}"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DEMO_TOPICS = [  # tree order (path), as the sitemap and the site map list them
    "attachment-style",
    "emotional-vs-physical-intimacy",
    "fear-of-intimacy",
    "intimacy-after-trauma",
    "long-term-desire-paradox",
    "rebuilding-intimacy-after-rupture",
    "responsive-desire",
    "sexual-brakes-and-accelerators",
    "vulnerability-threshold",
]
DEMO_PATHS = [
    "/",
    "/intimacy/",
    *(f"/intimacy/{slug}/" for slug in DEMO_TOPICS),
    "/intimacy/find-your-intimacy-style/",
]


def sitemap_locations(client, **extra) -> list[str]:
    response = client.get("/sitemap.xml", headers={"host": HOST}, **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]


def soup_of(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return BeautifulSoup(response.content, "lxml")


def links(container) -> list[tuple[str, str]]:
    return [(a.get_text(strip=True), a["href"]) for a in container.find_all("a")]


def site_map_paths(client) -> list[str]:
    return [href for _, href in links(soup_of(client, "/site-map/").main)]


def nav_links(client, path="/") -> list[tuple[str, str]]:
    return links(soup_of(client, path).find("nav", attrs={"aria-label": "Site"}))


# --- /sitemap.xml and the site map page --------------------------------------------


def test_the_sitemap_lists_every_public_page_on_the_requests_host(demo, client):
    assert sitemap_locations(client) == [BASE + path for path in DEMO_PATHS]


def test_the_sitemap_follows_https(demo, client):
    assert sitemap_locations(client, secure=True)[:2] == [f"https://{HOST}/", f"https://{HOST}/intimacy/"]


def test_the_site_map_page_lists_home_each_cluster_and_content_pages_in_tree_order(demo, client):
    main = soup_of(client, "/site-map/").main
    assert main.h1.get_text() == "Site map"
    tree = main.ul
    [home] = tree.find_all("li", recursive=False)
    assert home.a["href"] == "/"
    [pillar] = home.ul.find_all("li", recursive=False)
    assert (pillar.a.get_text(), pillar.a["href"]) == (demo.title, "/intimacy/")
    below_pillar = [li.a["href"] for li in pillar.ul.find_all("li", recursive=False)]
    assert below_pillar == DEMO_PATHS[2:]  # its topics, then its content page


def _draft(demo):
    return add_topic(demo, "hidden-page", live=False)


def _unpublished(demo):
    page = add_topic(demo, "hidden-page", first_published_at=timezone.now())
    page.unpublish()
    return page


def _scheduled(demo):
    page = add_topic(demo, "hidden-page", live=False)
    revision = page.save_revision()
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=timezone.now() + timedelta(days=1))
    return page


def _private(kind):
    def make(demo):
        page = add_topic(demo, "hidden-page")
        PageViewRestriction.objects.create(page=page, restriction_type=kind, password="secret")
        return page

    return make


def _under_private_pillar(demo):
    pillar = add_pillar(demo.get_parent(), "hidden-cluster")
    PageViewRestriction.objects.create(page=pillar, restriction_type=PageViewRestriction.LOGIN)
    return add_topic(pillar, "hidden-page")


def _under_withdrawn_pillar(demo):
    pillar = add_pillar(demo.get_parent(), "hidden-cluster", first_published_at=timezone.now())
    page = add_topic(pillar, "hidden-page")
    pillar.unpublish()
    page.refresh_from_db()
    assert page.live  # Wagtail still serves it at /hidden-cluster/hidden-page/
    return page


HIDING = {
    "draft": _draft,
    "unpublished": _unpublished,
    "scheduled": _scheduled,
    "password": _private(PageViewRestriction.PASSWORD),
    "login": _private(PageViewRestriction.LOGIN),
    "under a private pillar": _under_private_pillar,
    "under a withdrawn pillar": _under_withdrawn_pillar,
}


@pytest.mark.parametrize("case", HIDING)
def test_hidden_pages_are_listed_nowhere(demo, client, case):
    page = HIDING[case](demo)
    assert page.url.endswith("/hidden-page/")
    assert sitemap_locations(client) == [BASE + path for path in DEMO_PATHS]
    assert site_map_paths(client) == DEMO_PATHS
    assert [title for title, _ in nav_links(client)] == ["Home", demo.title, "Site map"]


def test_the_same_pages_are_listed_while_public(demo, client):
    """Positive control of the test above: a public pillar, its topic and a topic of the demo."""
    pillar = add_pillar(demo.get_parent(), "hidden-cluster", title="Shown cluster")
    add_topic(pillar, "hidden-page")
    topic = add_topic(demo, "hidden-page")
    expected = [*DEMO_PATHS, "/intimacy/hidden-page/", "/hidden-cluster/", "/hidden-cluster/hidden-page/"]
    assert topic.url == expected[-3]
    assert sitemap_locations(client) == [BASE + path for path in expected]
    assert site_map_paths(client) == expected
    assert [title for title, _ in nav_links(client)] == ["Home", demo.title, "Shown cluster", "Site map"]


def test_a_withdrawn_home_page_lists_nothing(demo, client):
    home = demo.get_parent()
    Page.objects.filter(pk=home.pk).update(live=False)
    assert sitemap_locations(client) == []
    assert site_map_paths(client) == []
    assert soup_of(client, "/site-map/").main.p.get_text() == "The site has no public pages yet."


def test_bad_sitemap_page_numbers_are_404s(demo, client):
    assert [client.get("/sitemap.xml", {"p": p}).status_code for p in ("x", "2")] == [404, 404]


# --- robots.txt -------------------------------------------------------------------


def test_robots_txt_points_to_the_sitemap(demo, client):
    response = client.get("/robots.txt", headers={"host": HOST})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        f"User-agent: *\nDisallow: /admin/\nDisallow: /api/\n\nSitemap: {BASE}/sitemap.xml\n"
    )


# --- navigation, landmarks, meta description, lead question ------------------------


def test_every_public_page_has_the_site_navigation_and_one_main(demo, client):
    expected = [("Home", "/"), (demo.title, "/intimacy/"), ("Site map", "/site-map/")]
    for path in [*DEMO_PATHS[:3], "/site-map/"]:
        soup = soup_of(client, path)
        nav = soup.find("nav", attrs={"aria-label": "Site"})
        assert links(nav) == expected, path
        current = [a["href"] for a in nav.find_all("a", attrs={"aria-current": "page"})]
        assert current == ([path] if path in ("/", "/intimacy/", "/site-map/") else []), path
        assert len(soup.find_all("main")) == 1, path
        # The skip link comes first and leads to the main landmark.
        assert soup.body.find("a")["href"] == "#main" and soup.main["id"] == "main", path


def test_the_home_page_has_a_main_landmark_and_a_meta_description(demo, client):
    soup = soup_of(client, "/")
    assert soup.main.h1.get_text() == "Home"
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description == "Topic clusters about the psychology of relationships."  # the intro


def test_the_home_pages_search_description_wins_over_its_intro(demo, client):
    Page.objects.filter(pk=demo.get_parent().pk).update(search_description="Find your way.")
    soup = soup_of(client, "/")
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Find your way."


def test_the_lead_question_is_the_heading_of_its_answer_and_not_a_faq_question(demo, client):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    [lead] = [block.value for block in topic.body if block.block_type == "lead"]
    soup = soup_of(client, topic.url)
    section = soup.select_one("section.lead")
    assert [(h.name, h.get_text()) for h in section.find_all(["h2", "h3", "p", "strong"])][0] == (
        "h2",
        lead["question"],
    )
    headings = [h.name for h in soup.main.find_all(["h1", "h2"])]
    assert headings[:2] == ["h1", "h2"]
    # The FAQPage names the FAQ's questions only (tests/site/test_demo.py compares them);
    # the lead question is not among the visible FAQ questions.
    assert lead["question"] not in [h.get_text() for h in soup.select(".faq-question")]


# --- error pages ------------------------------------------------------------------


@override_settings(DEBUG=False)
def test_an_unknown_url_gets_the_sites_404_page(demo, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert [t.name for t in response.templates][0] == "404.html"
    soup = BeautifulSoup(response.content, "lxml")
    assert soup.find("meta", attrs={"name": "viewport"})["content"] == "width=device-width, initial-scale=1"
    assert soup.main.h1.get_text() == "Page not found"
    assert links(soup.main) == [
        ("Go to the home page", "/"),
        ("See every page in the site map", "/site-map/"),
    ]
    assert links(soup.find("nav", attrs={"aria-label": "Site"}))[0] == ("Home", "/")


@override_settings(DEBUG=False)
def test_a_hidden_page_gets_the_404_page_too(demo, client):
    add_topic(demo, "hidden-page", live=False)
    soup = soup_of(client, "/intimacy/hidden-page/", status=404)
    assert soup.main.h1.get_text() == "Page not found"


@override_settings(DEBUG=False, ROOT_URLCONF="tests.site.urls_boom")
def test_a_failing_view_gets_the_sites_500_page(demo, client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    soup = BeautifulSoup(response.content, "lxml")
    assert soup.find("meta", attrs={"name": "viewport"})["content"] == "width=device-width, initial-scale=1"
    assert soup.main.h1.get_text() == "Something went wrong"
    assert links(soup.main) == [("Go to the home page", "/")]
    assert soup.style is not None  # inline: no static file server needed


def test_the_500_page_renders_without_a_database():
    # No `db` fixture: any query would fail the test ("Database access not allowed").
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert BeautifulSoup(response.content, "lxml").main.h1.get_text() == "Something went wrong"


# --- compression ------------------------------------------------------------------


def test_public_pages_are_gzipped_for_anonymous_visitors(demo, client):
    plain = client.get("/intimacy/")
    packed = client.get("/intimacy/", headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content


def test_api_reads_are_gzipped_and_still_answer_304(demo, client):
    packed = client.get("/api/v2/pages/", headers={"accept-encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip"
    again = client.get("/api/v2/pages/", headers={"accept-encoding": "gzip", "if-none-match": packed["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"path": "/intimacy/", "headers": {"cookie": "sessionid=abc"}},
        {"path": "/intimacy/", "headers": {"cookie": "csrftoken=abc"}},
        {"path": "/api/v2/pages/", "headers": {"authorization": "Bearer abc"}},
        {"path": "/admin/login/", "headers": {}},  # sets a CSRF cookie, holds a CSRF token
    ],
    ids=["session", "csrf", "authorization", "admin"],
)
def test_responses_that_may_hold_a_secret_are_never_gzipped(demo, client, request_kwargs):
    headers = {"accept-encoding": "gzip", **request_kwargs["headers"]}
    response = client.get(request_kwargs["path"], headers=headers)
    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_gzip_can_be_left_to_the_reverse_proxy(demo, client, settings):
    settings.GZIP_RESPONSES = False
    assert "Content-Encoding" not in client.get("/intimacy/", headers={"accept-encoding": "gzip"})


def test_the_content_page_is_reachable_without_a_call_to_action(demo, client):
    """WCAG 2.4.5: the CTA landing page is also in the site map."""
    page = ContentPage.objects.get(slug="find-your-intimacy-style")
    assert (page.title, page.url) in links(soup_of(client, "/site-map/").main)


@override_settings(DEBUG=False)
def test_an_editor_gets_the_404_page_with_wagtails_user_bar(demo, client, admin_user):
    client.force_login(admin_user)
    soup = soup_of(client, "/no-such-page/", status=404)
    assert soup.main.h1.get_text() == "Page not found"
    assert soup.find("wagtail-userbar") is not None
