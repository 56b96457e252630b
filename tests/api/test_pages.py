"""/api/v2/pages/: the demo cluster's pages with every cluster field, equal to the HTML pages."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from cluster.models import ContentPage, PillarPage, TopicPage
from tests.api.support import (
    FINDING_ID,
    TOPIC_FIELDS,
    api_hrefs,  # noqa: F401
    get_json,
    publish_without_faq,
    text_of,
    topics_listing,
)

pytestmark = pytest.mark.usefixtures("fresh_cache")


def html(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "lxml")


def main_hrefs(soup) -> list[str]:
    return [a["href"] for a in soup.select("main a[href]")]


def test_topic_listing_with_all_fields_returns_every_topic_with_every_field(demo, client):
    items = topics_listing(client)
    assert {i["meta"]["slug"] for i in items} == set(TopicPage.objects.values_list("slug", flat=True))
    for item in items:
        assert TOPIC_FIELDS <= set(item), item["meta"]["slug"]
        detail = get_json(client, f"/api/v2/pages/{item['id']}/")
        assert {k: detail[k] for k in TOPIC_FIELDS} == {k: item[k] for k in TOPIC_FIELDS}


def test_pillar_detail_has_every_field(demo, client):
    detail = get_json(client, f"/api/v2/pages/{demo.id}/")
    assert TOPIC_FIELDS <= set(detail)
    assert detail["meta"]["type"] == "cluster.PillarPage"
    assert detail["category"] == demo.category


def test_body_is_structured_blocks_with_front_end_html(demo, client):
    item = get_json(client, f"/api/v2/pages/{demo.id}/")
    kinds = [b["type"] for b in item["body"]]
    assert kinds[0] == "lead" and "faq" in kinds and "paragraph" in kinds and "heading" in kinds
    body = text_of(item["body"])
    # Database HTML (<a linktype="page" id="…">) never reaches the client.
    assert "linktype" not in body and '<a href=\\"/intimacy/' in body
    lead = item["body"][0]["value"]
    assert item["lead"] == lead and set(lead) == {"question", "answer"}
    assert lead["answer"].startswith("<p>")


@pytest.mark.parametrize("slug", ["intimacy", "fear-of-intimacy", "attachment-style"])
def test_page_matches_its_html(demo, client, slug):
    page = (PillarPage if slug == "intimacy" else TopicPage).objects.get(slug=slug)
    item = get_json(client, f"/api/v2/pages/{page.id}/")
    soup = html(client, page.url)
    assert item["title"] == soup.h1.get_text()
    # FAQ: same questions and answers, in order.
    assert [q["question"] for q in item["faq"]] == [
        h.get_text(strip=True) for h in soup.select(".faq-question")
    ]
    answers = [BeautifulSoup(q["answer"], "lxml").get_text() for q in item["faq"]]
    assert answers == [d.get_text(strip=True) for d in soup.select(".faq-answer")]
    # Links: every href in the page's content (not its navigation), in order.
    assert api_hrefs(item) == main_hrefs(soup)
    # JSON-LD: the very objects the HTML carries.
    scripts = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    assert item["json_ld"] == scripts
    # SEO: the <head>.
    assert soup.title.get_text().startswith(item["seo"]["title"])
    assert soup.find("meta", attrs={"name": "description"})["content"] == item["seo"]["description"]
    assert soup.find("link", rel="canonical")["href"] == item["seo"]["canonical_url"]


def test_cta_has_heading_label_and_url(demo, client):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    cta = get_json(client, f"/api/v2/pages/{topic.id}/")["cta"]
    target = ContentPage.objects.get(slug="find-your-intimacy-style")
    assert cta == {
        "heading": "Curious where you land?",
        "label": "Find your intimacy style",
        "url": target.url,
    }


def test_cluster_field_of_the_pillar_lists_its_live_topics(demo, client):
    cluster = get_json(client, f"/api/v2/pages/{demo.id}/")["cluster"]
    assert cluster["pillar"] == {"id": demo.id, "title": demo.title, "url": "/intimacy/"}
    topics = TopicPage.objects.child_of(demo).live().public().order_by("path")
    assert cluster["topics"] == [
        {"id": t.id, "title": t.title, "url": t.url, "required": True} for t in topics
    ]


def test_cluster_field_of_a_topic_lists_its_declared_related_topics(demo, client):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    cluster = get_json(client, f"/api/v2/pages/{topic.id}/")["cluster"]
    assert cluster["pillar"]["id"] == demo.id
    declared = [(r.target, r.required) for r in topic.related_topics.all()]
    assert cluster["related"] == [
        {"id": t.id, "title": t.title, "url": t.url, "required": required} for t, required in declared
    ]
    assert [r["required"] for r in cluster["related"]] == [True, True, False]
    # The same list the HTML shows under "Related topics".
    soup = html(client, topic.url)
    assert [a["href"] for a in soup.select("aside.related a")] == [r["url"] for r in cluster["related"]]


def test_validation_is_a_summary_of_the_live_version(demo, client):
    for item in topics_listing(client):
        validation = item["validation"]
        assert set(validation) == {"status", "errors", "warnings", "checked_at"}
        assert validation["status"] == "pass" and validation["errors"] == 0
        datetime.fromisoformat(validation["checked_at"])


def test_validation_reports_errors_of_the_live_version_without_findings(demo, client, settings):
    topic = TopicPage.objects.get(slug="responsive-desire")
    publish_without_faq(topic, settings)
    item = get_json(client, f"/api/v2/pages/{topic.id}/")
    assert item["validation"]["status"] == "fail" and item["validation"]["errors"] >= 1
    assert item["faq"] == []
    assert not FINDING_ID.search(text_of(item))


def test_content_page_body_is_structured_too(demo, client):
    page = ContentPage.objects.get(slug="find-your-intimacy-style")
    item = get_json(client, f"/api/v2/pages/{page.id}/")
    assert isinstance(item["body"], list) and "linktype" not in text_of(item["body"])


def test_unknown_and_huge_ids_are_404_not_errors(demo, client):
    assert client.get("/api/v2/pages/99999999/").status_code == 404
    assert client.get("/api/v2/pages/99999999999999999999999/").status_code == 404
    response = client.get("/api/v2/pages/", {"child_of": "99999999999999999999999"})
    assert response.status_code == 400


def test_focus_keyphrase_is_an_api_field(demo, client):
    pillar = get_json(client, f"/api/v2/pages/{demo.id}/")
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    assert (pillar["focus_keyphrase"], get_json(client, f"/api/v2/pages/{topic.id}/")["focus_keyphrase"]) == (
        "intimacy",
        "fear of intimacy",
    )
