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

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from bs4 import BeautifulSoup

from tests.api_support import api_hrefs

pytestmark = pytest.mark.liveserver

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": database_url}
    env.pop("PYTEST_ADDOPTS", None)
    return env


@contextlib.contextmanager
def server_database(tmp_dir: Path):
    """The URL of a new, empty database for the server, on the suite's engine; dropped afterwards."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_dir / 'db.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(suite_url)
    name = f"cluster_live_{os.getpid()}"
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with server_database(tmp_path_factory.mktemp("live")) as database_url:
        yield from serve(server_env(database_url))


def serve(env):
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    port = free_port()
    gunicorn = [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*gunicorn, "--workers", "2", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/v2/clusters/", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"server did not start: {process.stderr.read().decode()[-2000:]}"
                    ) from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def fetch(url, **headers):
    request = urllib.request.Request(url, headers={"Accept": "application/json", **headers})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read()  # headers: case-insensitive


def fetch_json(url):
    status, _, body = fetch(url)
    assert status == 200, url
    return json.loads(body)


def fetch_html(url) -> BeautifulSoup:
    status, _, body = fetch(url, Accept="text/html")
    assert status == 200, url
    return BeautifulSoup(body, "lxml")


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
