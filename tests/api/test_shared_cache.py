"""The dev server sees what another process changed, at its next response (issue 11, defect 6).

`make run` serves with the dev settings. Their caches used to be per process
(LocMemCache), so a change made from a second process (a shell adding a view
restriction, `import_page`, another worker) never reached the running
server's cached cluster data: a page made private stayed in
`/api/v2/clusters/<id>/` for fifteen minutes. The dev caches are files now,
shared by every process. Here a gunicorn server with the dev settings serves
the demo, and separate `manage.py shell` processes change it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.api.live_support import fetch_json, serve, server_database, server_env
from tests.paths import ROOT

pytestmark = pytest.mark.liveserver


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("shared-cache")
    with server_database(tmp) as database_url:
        env = server_env(database_url, "cms.settings.dev", CLUSTER_CACHE_DIR=str(tmp / "cache"))
        for base in serve(env):
            yield base, env


def in_another_process(env, code: str) -> None:
    command = [sys.executable, "manage.py", "shell", "-c", code]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)


def warmed(base: str) -> set[str]:
    """The titles, after enough requests that each of the server's workers has cached them."""
    seen = [cluster_titles(base)[1] for _ in range(6)]
    assert all(titles == seen[0] for titles in seen)
    return seen[0]


def cluster_titles(base: str) -> tuple[int, set[str]]:
    [summary] = [c for c in fetch_json(f"{base}/api/v2/clusters/")["items"] if c["url"] == "/intimacy/"]
    detail = fetch_json(f"{base}/api/v2/clusters/{summary['id']}/")
    return summary["id"], {node["title"] for node in detail["nodes"]}


def test_a_view_restriction_from_another_process_shows_at_the_next_response(dev_server):
    base, env = dev_server
    before = warmed(base)
    hidden = [t for t in before if t.lower().startswith("fear of intimacy")]
    assert hidden, before  # positive control: the topic is listed while public
    in_another_process(
        env,
        "from wagtail.models import Page, PageViewRestriction as R; "
        "R.objects.create(page=Page.objects.get(slug='fear-of-intimacy'), "
        "restriction_type=R.PASSWORD, password='secret')",
    )
    _, after = cluster_titles(base)
    assert after == before - set(hidden)


def test_an_unpublish_from_another_process_shows_at_the_next_response(dev_server):
    base, env = dev_server
    before = warmed(base)
    gone = [t for t in before if t.lower().startswith("attachment style")]
    assert gone, before
    in_another_process(
        env, "from wagtail.models import Page; Page.objects.get(slug='attachment-style').unpublish()"
    )
    _, after = cluster_titles(base)
    assert after == before - set(gone)
