"""/api/v2/clusters/ (django-ninja), its OpenAPI document, and the cached cluster data."""

from __future__ import annotations

from unittest import mock

import pytest
from wagtail.models import PageViewRestriction

from cluster.api import clusters as api_clusters
from cluster.models import PillarPage, TopicPage
from cluster.validation.service import cluster_report
from tests.api.support import get_json  # noqa: F401

pytestmark = pytest.mark.usefixtures("fresh_cache")


def test_list_has_the_demo_cluster(demo, client):
    data = get_json(client, "/api/v2/clusters/")
    assert data["meta"]["total_count"] == 1
    (cluster,) = data["items"]
    assert {k: cluster[k] for k in ("id", "title", "url")} == {
        "id": demo.id,
        "title": demo.title,
        "url": "/intimacy/",
    }
    topics = TopicPage.objects.child_of(demo).order_by("path")
    assert cluster["topics"] == [{"id": t.id, "title": t.title, "url": t.url} for t in topics]
    assert cluster["status"] == "pass"
    assert cluster["coverage"]["ratio"] == 1.0 and cluster["coverage"]["declared"] > 0


def test_detail_is_the_live_cluster_map(demo, client):
    data = get_json(client, f"/api/v2/clusters/{demo.id}/")
    pages = [demo, *TopicPage.objects.child_of(demo).order_by("path")]
    assert [n["id"] for n in data["nodes"]] == [p.id for p in pages]
    assert data["nodes"][0] == {
        "id": demo.id,
        "slug": "intimacy",
        "title": demo.title,
        "url": "/intimacy/",
        "type": "pillar",
        "status": "live",
    }
    assert {n["type"] for n in data["nodes"][1:]} == {"topic"}
    report = cluster_report(pillar=demo, version="live").clusters[0]
    expected = {
        (e.edge.source, e.edge.target, e.edge.kind, e.edge.required, e.realized) for e in report.edges
    }
    got = {(e["source"], e["target"], e["kind"], e["required"], e["realized"]) for e in data["edges"]}
    assert got == expected
    assert data["coverage"] == report.coverage
    assert data["orphans"] == [] and data["status"] == "pass"
    kinds = {e["kind"] for e in data["edges"]}
    assert {"pillar-topic", "topic-pillar", "related"} <= kinds


def test_detail_of_what_is_not_a_public_pillar_is_404(demo, client):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    for pk in (topic.id, 987654, 2**63 - 1):
        assert client.get(f"/api/v2/clusters/{pk}/").status_code == 404
    # Out of the schema's range: rejected before any lookup.
    for bad in ("0", "-1", str(2**70), "abc"):
        assert client.get(f"/api/v2/clusters/{bad}/").status_code in (404, 422), bad


def test_openapi_document_describes_the_cluster_endpoints(client):
    schema = get_json(client, "/api/schema/")
    assert schema["openapi"].startswith("3.")
    assert {"/api/v2/clusters/", "/api/v2/clusters/{pillar_id}/"} <= set(schema["paths"])
    assert "ClusterDetail" in schema["components"]["schemas"]


def test_docs_page_is_served(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"/api/schema/" in response.content


# --- the server-side cache and its invalidation ---------------------------------


def _titles(client, pk):
    return {n["title"] for n in get_json(client, f"/api/v2/clusters/{pk}/")["nodes"]}


@pytest.fixture
def computed():
    """Counts how often a cluster snapshot is really computed (not read from the cache)."""
    with mock.patch("cluster.api.clusters.public_cluster", wraps=api_clusters.public_cluster) as spy:
        yield spy


def test_cluster_data_is_computed_once_then_cached(demo, client, computed):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    for url in ("/api/v2/clusters/", f"/api/v2/clusters/{demo.id}/", f"/api/v2/pages/{topic.id}/"):
        get_json(client, url)
    assert computed.call_count == 1
    get_json(client, "/api/v2/pages/", type="cluster.TopicPage", fields="*")
    assert computed.call_count == 1


def test_saving_a_draft_keeps_the_cache(demo, client, computed):
    get_json(client, f"/api/v2/clusters/{demo.id}/")
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    draft = topic.get_latest_revision_as_object()
    draft.title = "Only a draft"
    draft.save_revision()
    assert "Only a draft" not in _titles(client, demo.id)
    assert computed.call_count == 1


def test_publishing_a_page_invalidates_the_cached_cluster(demo, client, computed):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    assert topic.title in _titles(client, demo.id)
    draft = topic.get_latest_revision_as_object()
    draft.title = "Fear of Intimacy, retitled"
    draft.save_revision().publish()
    assert "Fear of Intimacy, retitled" in _titles(client, demo.id)
    assert computed.call_count == 2
    assert "Fear of Intimacy, retitled" in _titles(client, demo.id)
    listed = get_json(client, "/api/v2/clusters/")["items"][0]["topics"]
    assert "Fear of Intimacy, retitled" in {t["title"] for t in listed}
    page = get_json(client, f"/api/v2/pages/{demo.id}/")
    assert "Fear of Intimacy, retitled" in {t["title"] for t in page["cluster"]["topics"]}


def test_unpublishing_a_page_invalidates_the_cached_cluster(demo, client):
    topic = TopicPage.objects.get(slug="responsive-desire")
    assert topic.title in _titles(client, demo.id)
    topic.unpublish()
    data = get_json(client, f"/api/v2/clusters/{demo.id}/")
    assert topic.id not in {n["id"] for n in data["nodes"]}
    assert topic.id not in {e["target"] for e in data["edges"]} | {e["source"] for e in data["edges"]}
    assert topic.id not in {t["id"] for t in get_json(client, "/api/v2/clusters/")["items"][0]["topics"]}


def test_unpublishing_the_pillar_removes_the_cluster(demo, client):
    assert get_json(client, "/api/v2/clusters/")["meta"]["total_count"] == 1
    PillarPage.objects.get(pk=demo.pk).unpublish()
    assert get_json(client, "/api/v2/clusters/")["items"] == []
    assert client.get(f"/api/v2/clusters/{demo.id}/").status_code == 404


def test_a_new_view_restriction_invalidates_the_cached_cluster(demo, client):
    topic = TopicPage.objects.get(slug="attachment-style")
    assert topic.title in _titles(client, demo.id)
    PageViewRestriction.objects.create(
        page=topic, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert topic.title not in _titles(client, demo.id)
