"""A preview computes what a draft already determines: its canonical URL, breadcrumbs and JSON-LD.

A new page's preview has no id (nothing is saved), hence no `meta.detail_url`
or `meta.html_url`; everything else a renderer needs is there
(docs/api.md, "Draft preview").
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from cluster.models import TopicPage
from tests.api.support import topic_body
from tests.api.test_preview import draft_of, preview, token_for
from tests.gate.support import page_form_data

pytestmark = pytest.mark.usefixtures("fresh_cache")


@pytest.fixture
def admin_client(client, db):
    client.force_login(WagtailTestUtils.create_superuser("admin", "admin@example.com", "password"))
    return client


def new_page_preview(admin_client, demo) -> dict:
    """What the front end gets for the admin's Preview of a page that was never saved."""
    new = TopicPage(title="Brand new", slug="brand-new", category="Intimacy", language="en")
    new.body = topic_body(demo)
    url = reverse("wagtailadmin_pages:preview_on_add", args=["cluster", "topicpage", demo.id])
    assert admin_client.post(url, page_form_data(new)).json()["is_valid"]
    iframe = BeautifulSoup(admin_client.get(url).content, "lxml").find("iframe")
    query = parse_qs(urlsplit(iframe["src"]).query)
    return preview(Client(), query["token"][0], content_type=query["content_type"][0]).json()


def test_a_new_pages_preview_has_its_canonical_url_breadcrumbs_and_json_ld(demo, admin_client):
    data = new_page_preview(admin_client, demo)
    home = demo.get_parent()
    canonical = "http://testserver/intimacy/brand-new/"
    assert data["id"] is None
    assert "html_url" not in data["meta"] and "detail_url" not in data["meta"]
    assert data["seo"] == {"title": "Brand new", "description": "", "canonical_url": canonical}
    crumbs = [
        {"title": home.title, "url": "http://testserver/"},
        {"title": demo.title, "url": "http://testserver/intimacy/"},
    ]
    assert data["breadcrumbs"] == crumbs
    assert [o["@type"] for o in data["json_ld"]] == ["FAQPage", "BreadcrumbList"]
    [faq, trail] = data["json_ld"]
    assert [q["name"] for q in faq["mainEntity"]] == [q["question"] for q in data["faq"]]
    assert [(i["name"], i["item"]) for i in trail["itemListElement"]] == [
        *[(c["title"], c["url"]) for c in crumbs],
        ("Brand new", canonical),
    ]
    assert set(data["validation"]) == {"status", "errors", "warnings", "checked_at"}


def test_a_drafts_new_slug_is_its_canonical_url(demo, client):
    topic, draft = draft_of("fear-of-intimacy")
    draft.slug = "fear-of-closeness"
    draft.save_revision()
    data = preview(client, token_for(draft), pk=topic.id).json()
    assert data["seo"]["canonical_url"] == "http://testserver/intimacy/fear-of-closeness/"
    assert data["json_ld"][-1]["itemListElement"][-1]["item"] == data["seo"]["canonical_url"]
