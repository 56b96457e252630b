"""The docs' "Fetch a cluster and render it" samples, run as they stand in docs/api.md, over real HTTP.

Both samples are cut out of docs/api.md, pointed at a gunicorn server on a
database of its own (tests/api/live_support.py) and run: the JavaScript with
`node`, the Python in a subprocess. Their page size is set to 4, so the demo's
nine topics take three requests and the offset loop has to read on. The
JavaScript's static export must then hold the target of every link and CTA
of every page it rendered: the CTA's landing page too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.api.live_support import fetch_json, serve, server_database, server_env
from tests.paths import ROOT

pytestmark = pytest.mark.liveserver

DOCS_API = "http://127.0.0.1:8000/api/v2"
CTA_TARGET = "/intimacy/find-your-intimacy-style/"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with server_database(tmp_path_factory.mktemp("recipe")) as database_url:
        yield from serve(server_env(database_url))


def sample(language: str) -> str:
    """The first `language` code block of the docs' recipe section."""
    text = (ROOT / "docs" / "api.md").read_text()
    section = text[text.index("### Fetch a cluster and render it") :]
    return re.search(rf"```{language}\n(.*?)```", section, re.S).group(1)


def pointed_at(code: str, server: str, page_constant: str) -> str:
    """The sample against the test server, 4 pages a request (each replaced text must be there)."""
    for old in (DOCS_API, page_constant):
        assert old in code, old
    return code.replace(DOCS_API, f"{server}/api/v2").replace(
        page_constant, page_constant.replace("100", "4")
    )


def test_the_javascript_recipe_exports_every_page_its_links_lead_to(server, tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    code = pointed_at(sample("js"), server, "const PAGE = 100;")
    # Record the requests, then print what the sample built.
    spy = "const requests = []; const realFetch = fetch;\n"
    spy += "globalThis.fetch = (url, ...rest) => (requests.push(String(url)), realFetch(url, ...rest));\n"
    report = "\nconsole.log(JSON.stringify({ files: Object.fromEntries(files), requests }));\n"
    script = tmp_path / "recipe.mjs"
    script.write_text(spy + code + report)
    run = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout)
    files = out["files"]

    cluster = fetch_json(f"{server}/api/v2/clusters/")["items"][0]
    expected = {cluster["url"], *(t["url"] for t in cluster["topics"]), CTA_TARGET}
    assert set(files) == expected
    topic_listings = [u for u in out["requests"] if "type=cluster.TopicPage" in u]
    assert [re.search(r"offset=(\d+)", u).group(1) for u in topic_listings] == ["0", "4", "8"]

    body_links, nav_links = {}, set()
    for source, html in files.items():
        soup = BeautifulSoup(html, "lxml")
        nav_links |= {a["href"] for a in soup.select("nav a[href]")}
        for a in soup.select("h1 ~ a[href], h1 ~ * a[href]"):
            body_links.setdefault(a["href"], set()).add(source)
    assert {href for href in body_links if href not in files} == set()
    # Not vacuous: every topic's CTA leads to the content page.
    assert body_links[CTA_TARGET] >= {t["url"] for t in cluster["topics"]}
    # Breadcrumbs lead to the pillar and to the home page, which is the site's, not the cluster's.
    assert nav_links == {"/", cluster["url"]}


def test_the_python_recipe_reads_the_same_pages(server):
    code = pointed_at(sample("python"), server, "PAGE = 100")
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    cluster = fetch_json(f"{server}/api/v2/clusters/")["items"][0]
    # meta.html_url names the Site record's host (localhost), not the server's: compare paths.
    paths = [urlsplit(line.split(" ", 1)[0]).path for line in run.stdout.splitlines()]
    assert sorted(paths) == sorted([cluster["url"], *(t["url"] for t in cluster["topics"]), CTA_TARGET])
