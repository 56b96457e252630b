"""Shared helpers for the headless API tests (tests/api/); their fixtures are in conftest.py."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup
from wagtail.models import Page

from cluster.models import ContentPage, PillarPage, RelatedTopic, TopicPage

# Any validation finding id (faq.E001, links.W003, readability.E002, engine.E001 …).
FINDING_ID = re.compile(r"\b(?:faq|links|readability|engine)\.[EW]\d{3}\b")

TOPIC_FIELDS = {
    "lead",
    "body",
    "faq",
    "cta",
    "cluster",
    "seo",
    "json_ld",
    "validation",
    "category",
    "language",
}


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, params, response.status_code, response.content[:500])
    return response.json()


def topics_listing(client, **params):
    params = {"type": "cluster.TopicPage", "fields": "*", "limit": 100, **params}
    return get_json(client, "/api/v2/pages/", **params)["items"]


def text_of(data) -> str:
    return json.dumps(data, ensure_ascii=False)


def paragraph(text: str) -> str:
    return f"<p>{text}</p>"


def page_link(page, anchor: str) -> str:
    return f'<a linktype="page" id="{page.id}">{anchor}</a>'


def topic_body(pillar, others=(), cta_page=None, marker="") -> list[dict]:
    """A topic body with a lead, prose linking the pillar and `others`, a FAQ and a CTA."""
    links = " ".join(page_link(p, p.title) for p in others)
    body = [
        {
            "type": "lead",
            "value": {
                "question": f"What is this {marker}?",
                "answer": paragraph(f"A short answer {marker}."),
            },
        },
        {"type": "heading", "value": "More"},
        {
            "type": "paragraph",
            "value": paragraph(f"Back to {page_link(pillar, 'the overview')}. {links} {marker}"),
        },
        {
            "type": "faq",
            "value": {
                "title": "Common questions",
                "items": [
                    {
                        "type": "item",
                        "value": {
                            "question": f"Question {n} {marker}?",
                            "answer": paragraph(f"Answer {n} with {page_link(pillar, 'a link')} {marker}."),
                        },
                    }
                    for n in range(3)
                ],
            },
        },
    ]
    if cta_page is not None:
        body.append(
            {"type": "cta", "value": {"heading": "Next", "label": "Go", "page": cta_page.id, "url": ""}}
        )
    return body


def as_published(page):
    """Give a page saved straight to the tree the revision a real publish leaves behind.

    No publish action runs, so the publication gate does not either: tests can
    build clusters (even failing ones) fast. A live page's `live_revision` is
    what validation reads as its live version.
    """
    revision = page.save_revision()
    if page.live:
        Page.objects.filter(pk=page.pk).update(live_revision=revision, has_unpublished_changes=False)
    page.refresh_from_db()
    return page


def add_pillar(home, slug: str, live=True, **fields) -> PillarPage:
    page = PillarPage(
        title=fields.pop("title", slug.title()), slug=slug, category="Test", live=live, **fields
    )
    home.add_child(instance=page)
    return as_published(page)


def add_topic(pillar, slug: str, live=True, body=None, related=(), title=None, **fields) -> TopicPage:
    """A topic saved straight to the tree (no revision, so no publication gate)."""
    page = TopicPage(
        title=title or slug.replace("-", " ").title(),
        slug=slug,
        category="Test",
        live=live,
        body=body if body is not None else topic_body(pillar),
        **fields,
    )
    pillar.add_child(instance=page)
    for target, required in related:
        RelatedTopic.objects.create(page=page, target=target, required=required)
    return as_published(page)


def add_content_page(parent, slug: str) -> ContentPage:
    page = ContentPage(title=slug.title(), slug=slug, live=True, body=[])
    parent.add_child(instance=page)
    return as_published(page)


def publish_unchecked(page, settings):
    """Publish the page's latest draft with the publication gate off (a live page with errors)."""
    settings.CLUSTER_PUBLICATION_GATE = False
    try:
        page.get_latest_revision().publish()
    finally:
        settings.CLUSTER_PUBLICATION_GATE = True


def publish_without_faq(page, settings):
    """Put a version of `page` without its FAQ live (it then fails faq.E001)."""
    draft = page.get_latest_revision_as_object()
    draft.body = [b for b in draft.body.raw_data if b["type"] != "faq"]
    draft.save_revision()
    publish_unchecked(page, settings)


def rich_texts(block) -> list[str]:
    value = block["value"]
    if block["type"] == "lead":
        return [value["answer"]]
    if block["type"] == "paragraph":
        return [value]
    if block["type"] == "faq":
        return [item["answer"] for item in value["items"]]
    return []


def api_hrefs(item) -> list[str]:
    """Every link in the API body, in order: rich text anchors and the CTA's URL."""
    hrefs = []
    for block in item["body"]:
        if block["type"] == "cta":
            hrefs += [block["value"]["url"]] if block["value"]["url"] else []
        for text in rich_texts(block):
            hrefs += [a["href"] for a in BeautifulSoup(text, "lxml").find_all("a", href=True)]
    return hrefs
