"""Content pages (the CTA's landing page) carry `seo` and `json_ld` too, as their HTML does."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from cluster.models import ContentPage
from tests.api.support import get_json

pytestmark = pytest.mark.usefixtures("fresh_cache")


def test_a_content_page_has_the_seo_and_json_ld_of_its_html(demo, client):
    page = ContentPage.objects.get(slug="find-your-intimacy-style")
    item = get_json(client, f"/api/v2/pages/{page.id}/")
    assert {"seo", "json_ld"} <= set(item)
    assert item["seo"] == {
        "title": "Find Your Intimacy Style",
        "description": page.search_description,
        "canonical_url": "http://testserver/intimacy/find-your-intimacy-style/",
    }
    soup = BeautifulSoup(client.get(page.url).content, "lxml")
    scripts = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    assert item["json_ld"] == scripts
    [trail] = [o for o in scripts if o["@type"] == "BreadcrumbList"]
    assert [i["item"] for i in trail["itemListElement"]] == [
        "http://testserver/",
        "http://testserver/intimacy/",
        "http://testserver/intimacy/find-your-intimacy-style/",
    ]


def test_a_listing_of_a_clusters_content_pages_has_them(demo, client):
    params = {"type": "cluster.ContentPage", "descendant_of": demo.id, "fields": "seo,json_ld"}
    items = get_json(client, "/api/v2/pages/", **params)["items"]
    assert [(i["meta"]["slug"], i["seo"]["canonical_url"]) for i in items] == [
        ("find-your-intimacy-style", "http://testserver/intimacy/find-your-intimacy-style/")
    ]
