"""PUBLIC_BASE_URL: every public URL of a page, in the API and in the HTML, is on the front end.

The sweep reads the API (v2 listings and details with `fields=*`, v3 listing
and details, the cluster endpoints) and the public HTML (every page,
/sitemap.xml, /robots.txt) on the CMS's host, `testserver:8000`, and collects
every absolute http(s) URL. URLs of the API itself (`detail_url`) and
schema.org's `@context` are not page URLs; all the others must start
with PUBLIC_BASE_URL. The positive control runs the same sweep without the
setting: the page URLs then follow the request's host and port.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from wagtail.models import Site

from cluster.models import ContentPage, HomePage, PillarPage, TopicPage
from cluster.site.public_pages import public_pages
from cluster.stored.public_urls import base_url_problem

HOST = "testserver:8000"
CMS = f"http://{HOST}"
FRONT_END = "https://www.example.org"
ABSOLUTE = re.compile(r"""https?://[^\s"'<>\\]+""")
# The API's own URLs (`detail_url`, on any host: v3's follows WAGTAILAPI_BASE_URL or
# the Site record, as Wagtail's does), schema.org's @context and the sitemap's XML
# namespaces are not page URLs.
NOT_PAGES = re.compile(r"https?://[^/]+/api/|https://schema\.org|http://www\.(sitemaps\.org|w3\.org)/")
ORIGIN_ONLY = "must be an origin (scheme, host, port): no path, query or fragment"
PAGE_TYPES = [HomePage, PillarPage, TopicPage, ContentPage]

pytestmark = pytest.mark.usefixtures("fresh_cache")


def body(client, path: str, **params) -> str:
    response = client.get(path, params, headers={"host": HOST})
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def api_bodies(client) -> list[str]:
    bodies = []
    for model in PAGE_TYPES:
        kind = f"cluster.{model.__name__}"
        bodies.append(body(client, "/api/v2/pages/", type=kind, fields="*", limit=100))
        bodies += [body(client, f"/api/v2/pages/{p.id}/") for p in model.objects.live().public()]
    bodies.append(body(client, "/api/v3/pages/", limit=100))
    bodies += [body(client, f"/api/v3/pages/{p.id}/") for p in PillarPage.objects.live().public()]
    bodies += [body(client, f"/api/v3/pages/{p.id}/") for p in TopicPage.objects.live().public()]
    bodies.append(body(client, "/api/v2/clusters/"))
    bodies += [body(client, f"/api/v2/clusters/{p.id}/") for p in PillarPage.objects.live().public()]
    return bodies


def html_bodies(client) -> list[str]:
    pages = [body(client, page.url) for page in public_pages(site=Site.objects.get(is_default_site=True))]
    return [*pages, body(client, "/sitemap.xml"), body(client, "/robots.txt")]


def page_urls(bodies) -> set[str]:
    found = {url.rstrip(".,;)") for text in bodies for url in ABSOLUTE.findall(text)}
    return {url for url in found if not NOT_PAGES.match(url)}


def sweep(client) -> dict[str, set[str]]:
    return {"api": page_urls(api_bodies(client)), "html": page_urls(html_bodies(client))}


def expected_somewhere(base: str) -> set[str]:
    """URLs the sweep must find, so that it cannot pass by finding nothing."""
    return {f"{base}/", f"{base}/intimacy/", f"{base}/intimacy/fear-of-intimacy/", f"{base}/sitemap.xml"}


def test_every_public_page_url_is_on_public_base_url(demo, client, settings):
    settings.PUBLIC_BASE_URL = FRONT_END
    found = sweep(client)
    for where, urls in found.items():
        assert [u for u in sorted(urls) if not u.startswith(f"{FRONT_END}/")][:5] == [], where
    assert expected_somewhere(FRONT_END) - found["html"] == set()
    assert expected_somewhere(FRONT_END) - {f"{FRONT_END}/sitemap.xml"} - found["api"] == set()


def test_without_it_page_urls_follow_the_requests_host_and_port(demo, client):
    found = sweep(client)
    for where, urls in found.items():
        assert [u for u in sorted(urls) if not u.startswith(f"{CMS}/")] == [], where
    assert expected_somewhere(CMS) - found["html"] == set()
    assert expected_somewhere(CMS) - {f"{CMS}/sitemap.xml"} - found["api"] == set()


def test_a_trailing_slash_is_accepted(demo, client, settings):
    settings.PUBLIC_BASE_URL = f"{FRONT_END}/"
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    item = client.get(f"/api/v2/pages/{topic.id}/", headers={"host": HOST}).json()
    assert (item["meta"]["html_url"], item["seo"]["canonical_url"]) == (
        f"{FRONT_END}/intimacy/fear-of-intimacy/",
        f"{FRONT_END}/intimacy/fear-of-intimacy/",
    )
    # URLs of the API itself stay on the CMS.
    assert item["meta"]["detail_url"] == f"{CMS}/api/v2/pages/{topic.id}/"
    v3 = client.get(f"/api/v3/pages/{topic.id}/", headers={"host": HOST}).json()
    assert v3["meta"]["html_url"] == f"{FRONT_END}/intimacy/fear-of-intimacy/"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("www.example.org", "'www.example.org' must be an absolute http:// or https:// URL"),
        ("ftp://www.example.org", "'ftp://www.example.org' must be an absolute http:// or https:// URL"),
        ("https://", "'https://' must be an absolute http:// or https:// URL"),
        (
            "https://www.example.org/blog",
            f"'https://www.example.org/blog' {ORIGIN_ONLY}",
        ),
        (
            "https://www.example.org?x=1",
            f"'https://www.example.org?x=1' {ORIGIN_ONLY}",
        ),
        (
            "https://www.example.org#top",
            f"'https://www.example.org#top' {ORIGIN_ONLY}",
        ),
        (
            "https://me:pw@www.example.org",
            "'https://me:pw@www.example.org' must not carry a user name or password",
        ),
        (
            "https://www.example.org:http",
            "'https://www.example.org:http' is not a URL (Port could not be cast to integer value as 'http')",
        ),
    ],
)
def test_a_bad_base_url_is_named_by_the_system_check(value, problem, settings, db):
    assert base_url_problem(value) == problem
    settings.PUBLIC_BASE_URL = value
    settings.WAGTAILAPI_BASE_URL = value
    with pytest.raises(SystemCheckError) as raised:
        call_command("check")
    message = str(raised.value)
    assert f"(cluster.E002) PUBLIC_BASE_URL: {problem}" in message
    assert f"(cluster.E003) WAGTAILAPI_BASE_URL: {problem}" in message


@pytest.mark.parametrize(
    "value", ["", "https://www.example.org", "https://www.example.org/", "http://127.0.0.1:3000"]
)
def test_good_base_urls_pass_the_system_check(value, settings, db):
    assert base_url_problem(value) is None
    settings.PUBLIC_BASE_URL = value
    call_command("check")
