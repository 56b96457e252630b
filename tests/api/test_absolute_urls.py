"""The API's absolute URLs (`seo.canonical_url`, `json_ld`) use the request's host and port, as the HTML does.

The cluster endpoints carry site paths ("/intimacy/"), no host: tests/api/test_clusters.py.
"""

from cluster.models import TopicPage

HOST = "testserver:8000"


def test_page_detail_urls_use_the_requests_host_and_port(demo, client):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    response = client.get(f"/api/v2/pages/{topic.id}/", headers={"host": HOST})
    assert response.status_code == 200
    item = response.json()
    assert item["seo"]["canonical_url"] == "http://testserver:8000/intimacy/fear-of-intimacy/"
    [breadcrumbs] = [o for o in item["json_ld"] if o["@type"] == "BreadcrumbList"]
    assert [i["item"] for i in breadcrumbs["itemListElement"]] == [
        "http://testserver:8000/",
        "http://testserver:8000/intimacy/",
        "http://testserver:8000/intimacy/fear-of-intimacy/",
    ]


def test_listing_urls_use_the_requests_host_and_port(demo, client):
    response = client.get(
        "/api/v2/pages/", {"type": "cluster.TopicPage", "fields": "seo", "limit": 100}, headers={"host": HOST}
    )
    items = response.json()["items"]
    assert sorted(i["seo"]["canonical_url"] for i in items) == sorted(
        f"http://testserver:8000{t.url}" for t in TopicPage.objects.live().public()
    )
