"""The `breadcrumbs` field: public ancestors only, the same trail as the BreadcrumbList (docs/api.md).

One rule (`cluster.site.structured_data.public_trail`) feeds the field, the
JSON-LD BreadcrumbList and the visible breadcrumb of the HTML, so the leak
sweep below reads all of them, in the pages API, the preview API and the
HTML, and its positive controls build the same trees with the ancestor
public and check that the sweep finds it in every one of those places.
"""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cluster.models import TopicPage
from tests.api.support import add_pillar, add_topic, get_json, topic_body

pytestmark = pytest.mark.usefixtures("fresh_cache")

MARKER = "zebraleak"


def ld_trail(item) -> list[dict]:
    """The BreadcrumbList's items as {title, url}."""
    [crumbs] = [o for o in item["json_ld"] if o["@type"] == "BreadcrumbList"]
    return [{"title": i["name"], "url": i["item"]} for i in crumbs["itemListElement"]]


def test_a_topic_names_home_and_pillar_and_the_json_ld_adds_the_page(demo, client):
    home = demo.get_parent()
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    item = get_json(client, f"/api/v2/pages/{topic.id}/")
    assert item["breadcrumbs"] == [
        {"title": home.title, "url": "http://testserver/"},
        {"title": demo.title, "url": "http://testserver/intimacy/"},
    ]
    page = {"title": topic.title, "url": "http://testserver/intimacy/fear-of-intimacy/"}
    assert ld_trail(item) == [*item["breadcrumbs"], page]
    pillar = get_json(client, f"/api/v2/pages/{demo.id}/")
    assert pillar["breadcrumbs"] == [{"title": home.title, "url": "http://testserver/"}]
    # The visible breadcrumb of the HTML is the same trail.
    soup = BeautifulSoup(client.get(topic.url).content, "lxml")
    assert [a["href"] for a in soup.select("nav.breadcrumb a")] == ["/", "/intimacy/"]


def test_a_listing_gives_every_topic_the_same_trail(demo, client):
    items = get_json(client, "/api/v2/pages/", type="cluster.TopicPage", fields="breadcrumbs", limit=100)
    assert len(items["items"]) == TopicPage.objects.live().public().count()
    expected = get_json(client, f"/api/v2/pages/{demo.id}/")["breadcrumbs"] + [
        {"title": demo.title, "url": "http://testserver/intimacy/"}
    ]
    assert [i["breadcrumbs"] for i in items["items"]] == [expected] * len(items["items"])


def build(home, how: str, public: bool) -> TopicPage:
    """home > [section] > pillar > live topic; `how` hides the ancestors marked MARKER unless `public`."""
    parent = home
    if how == "hidden-section":
        parent = Page(title=f"Section {MARKER}", slug="section", live=public)
        home.add_child(instance=parent)
    fields = {"first_published_at": timezone.now()} if how == "withdrawn" else {}
    pillar_live = public or how in ("private", "hidden-section")
    pillar = add_pillar(parent, "marked-cluster", title=f"Pillar {MARKER}", live=pillar_live, **fields)
    if how == "private" and not public:
        PageViewRestriction.objects.create(page=pillar, restriction_type=PageViewRestriction.LOGIN)
    return add_topic(pillar, "marked-topic", title="A live topic", body=topic_body(pillar))


def sweep(client, topic) -> list[str]:
    """Where the marker shows in the topic's trail: API and preview fields, HTML breadcrumb and JSON-LD."""
    found = []
    detail = client.get(f"/api/v2/pages/{topic.id}/")
    listing = client.get("/api/v2/pages/", {"type": "cluster.TopicPage", "fields": "*", "limit": 100})
    token = topic.get_latest_revision_as_object().create_page_preview().token
    preview = Client().get("/api/v2/preview/", {"token": token})
    for label, response in (("detail", detail), ("listing", listing), ("preview", preview)):
        if response.status_code != 200:
            continue
        data = response.json()
        items = [i for i in data.get("items", [data]) if i["id"] == topic.id]
        for field in ("breadcrumbs", "json_ld"):
            if MARKER in json.dumps([i[field] for i in items]):
                found.append(f"{label} {field}")
    html = client.get(topic.url)
    if html.status_code == 200:
        soup = BeautifulSoup(html.content, "lxml")
        if MARKER in soup.select_one("nav.breadcrumb").get_text():
            found.append("html breadcrumb")
        if MARKER in " ".join(s.string for s in soup.find_all("script", type="application/ld+json")):
            found.append("html json_ld")
    return found


HOW = ["draft", "withdrawn", "private", "hidden-section"]


@pytest.mark.parametrize("how", HOW)
def test_a_hidden_ancestor_never_appears(demo, client, how):
    topic = build(demo.get_parent(), how, public=False)
    assert sweep(client, topic) == []
    # Positive cases in the same tree: the home page is still named, in both.
    item = Client().get("/api/v2/preview/", {"token": topic.create_page_preview().token}).json()
    assert [c["url"] for c in item["breadcrumbs"]] == ["http://testserver/"]
    assert [c["url"] for c in ld_trail(item)] == ["http://testserver/", item["seo"]["canonical_url"]]


EVERYWHERE = [
    "detail breadcrumbs",
    "detail json_ld",
    "listing breadcrumbs",
    "listing json_ld",
    "preview breadcrumbs",
    "preview json_ld",
    "html breadcrumb",
    "html json_ld",
]


@pytest.mark.parametrize("how", HOW)
def test_the_sweep_finds_the_same_ancestor_once_it_is_public(demo, client, how):
    """Positive control: the same trees with the ancestor public, and the sweep sees it everywhere."""
    topic = build(demo.get_parent(), how, public=True)
    assert sweep(client, topic) == EVERYWHERE
