"""A front end's view: the demo cluster rebuilt over real HTTP from the API alone.

The app runs in gunicorn in a subprocess, on a free loopback port, with a
database of its own (migrated and loaded with the demo first): a new database
on the suite's PostgreSQL server when the suite runs on PostgreSQL, a SQLite
file otherwise. The suite's own test database cannot serve it, since each test
runs inside a transaction the server would never see. A plain
urllib client reads `/api/v2/clusters/` and `/api/v2/pages/`, rebuilds the
pillar and its topics, and compares them with the HTML pages the same server
renders: the same titles, FAQ questions, links and JSON-LD.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.api.live_support import fetch, fetch_html, fetch_json, serve, server_database, server_env
from tests.api.support import api_hrefs

pytestmark = pytest.mark.liveserver


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with server_database(tmp_path_factory.mktemp("live")) as database_url:
        yield from serve(server_env(database_url))


def rebuild(base: str, pillar_url: str) -> dict:
    """What a front end knows after reading the API: the pillar and its topics, with their content."""
    clusters = fetch_json(f"{base}/api/v2/clusters/")["items"]
    summary = next(c for c in clusters if c["url"] == pillar_url)
    cluster = fetch_json(f"{base}/api/v2/clusters/{summary['id']}/")
    topics_query = f"type=cluster.TopicPage&fields=*&child_of={summary['id']}&limit=100"
    listed = {p["id"]: p for p in fetch_json(f"{base}/api/v2/pages/?{topics_query}")["items"]}
    pages = {node["id"]: fetch_json(f"{base}/api/v2/pages/{node['id']}/") for node in cluster["nodes"]}
    return {"summary": summary, "cluster": cluster, "pages": pages, "listed": listed}


def test_the_demo_cluster_rebuilt_from_the_api_matches_the_html(server):
    site = rebuild(server, "/intimacy/")
    cluster, pages = site["cluster"], site["pages"]
    pillar = pages[site["summary"]["id"]]
    topic_nodes = [n for n in cluster["nodes"] if n["type"] == "topic"]
    assert len(topic_nodes) == 9 and cluster["status"] == "pass" and cluster["orphans"] == []
    # The listing and the detail views agree, and both know the whole cluster.
    assert set(site["listed"]) == {n["id"] for n in topic_nodes}
    for page_id, item in site["listed"].items():
        assert {k: item[k] for k in ("title", "body", "faq", "cluster", "json_ld")} == {
            k: pages[page_id][k] for k in ("title", "body", "faq", "cluster", "json_ld")
        }
    assert [t["id"] for t in pillar["cluster"]["topics"]] == [n["id"] for n in topic_nodes]

    for node in cluster["nodes"]:
        page, soup = pages[node["id"]], fetch_html(server + node["url"])
        assert page["title"] == node["title"] == soup.h1.get_text(), node["url"]
        assert [q["question"] for q in page["faq"]] == [
            h.get_text(strip=True) for h in soup.select(".faq-question")
        ]
        assert api_hrefs(page) == [a["href"] for a in soup.select("main a[href]")], node["url"]
        scripts = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
        assert page["json_ld"] == scripts, node["url"]
        nav = "aside.topics a" if node["type"] == "pillar" else "aside.related a"
        listed = page["cluster"]["topics"] if node["type"] == "pillar" else page["cluster"]["related"]
        assert [a["href"] for a in soup.select(nav)] == [t["url"] for t in listed], node["url"]

    # Every realized edge is a link the source page's prose really makes.
    urls = {n["id"]: n["url"] for n in cluster["nodes"]}
    for edge in cluster["edges"]:
        if edge["realized"] and edge["target"] in urls:
            assert urls[edge["target"]] in api_hrefs(pages[edge["source"]]), edge


def test_http_headers_over_the_wire(server):
    status, headers, _ = fetch(f"{server}/api/v2/clusters/", Origin="http://localhost:3000")
    assert status == 200
    assert "public" in headers["Cache-Control"] and headers["ETag"]
    assert headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        fetch(f"{server}/api/v2/clusters/", **{"If-None-Match": headers["ETag"]})
    assert not_modified.value.code == 304
    schema = fetch_json(f"{server}/api/schema/")
    assert "/api/v2/clusters/{pillar_id}/" in schema["paths"]


def test_anonymous_writes_are_refused_over_the_wire(server):
    request = urllib.request.Request(
        f"{server}/api/v3/pages/", data=b"{}", method="POST", headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 401
