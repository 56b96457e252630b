"""Query counts of the API do not grow with the number of pages.

Each topic has everything that costs queries when done per page: rich-text
links to pages (in prose and FAQ answers), a CTA to a page, declared related
topics, ancestors for the breadcrumb, and a cluster with validation.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cluster.validation.caches import clear_all
from tests.api.support import add_content_page, add_pillar, add_topic, topic_body  # noqa: F401

pytestmark = pytest.mark.usefixtures("fresh_cache")

LISTING = "/api/v2/pages/?type=cluster.TopicPage&fields=*&limit=100"


@pytest.fixture
def cluster(db):
    home = Page.objects.get(slug="home")
    pillar = add_pillar(home, "scale", title="Scale pillar")
    cta = add_content_page(pillar, "scale-cta")
    topics = []

    def grow(total):
        while len(topics) < total:
            n = len(topics)
            others = topics[-2:]
            body = topic_body(pillar, others=others, cta_page=cta, marker=f"n{n}")
            topics.append(
                add_topic(pillar, f"topic-{n}", body=body, related=[(t, n % 2 == 0) for t in others])
            )
        return topics

    return pillar, grow


def count(client, url, cold=True) -> tuple[int, dict]:
    if cold:  # every cache: the API's cluster data and the validation documents
        cache.clear()
        clear_all()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(queries), response.json()


def test_topic_listing_with_every_field_costs_the_same_for_10_and_100_topics(cluster, client):
    pillar, grow = cluster
    grow(10)
    listing = f"{LISTING}&child_of={pillar.id}"  # the demo cluster is there too
    cold_10, data = count(client, listing)
    warm_10, _ = count(client, listing, cold=False)
    assert len(data["items"]) == 10
    grow(100)
    cold_100, data = count(client, listing)
    warm_100, _ = count(client, listing, cold=False)
    assert len(data["items"]) == 100
    # Every field is really there, so no field was skipped to save queries.
    item = data["items"][-1]
    assert item["cluster"]["pillar"]["id"] == pillar.id and len(item["cluster"]["related"]) == 2
    assert item["cta"]["url"] == "/scale/scale-cta/" and item["json_ld"][1]["@type"] == "BreadcrumbList"
    assert item["validation"]["checked_at"]
    print(f"queries cold/warm: 10 topics {cold_10}/{warm_10}, 100 topics {cold_100}/{warm_100}")
    assert (cold_10, warm_10) == (cold_100, warm_100)
    assert warm_100 < cold_100  # the cluster snapshot came from the cache


def test_cluster_endpoints_cost_the_same_for_10_and_100_topics(cluster, client):
    pillar, grow = cluster
    urls = ["/api/v2/clusters/", f"/api/v2/clusters/{pillar.id}/", f"/api/v2/pages/{pillar.id}/"]
    grow(10)
    small = [count(client, url)[0] for url in urls]
    grow(100)
    large = [count(client, url)[0] for url in urls]
    assert small == large
