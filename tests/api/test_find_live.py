"""`find/?html_path=` redirects to a URL a deployed front end can follow, over real HTTP.

Wagtail built the redirect on the Site record (`http://localhost/api/v2/pages/7/`,
port 80, in a new database), so `fetch` failed. The app runs in gunicorn on a
free, non-default port (tests/api/live_support.py); the client follows the
redirect with urllib and must land on the page.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.api.live_support import serve, server_database, server_env

pytestmark = pytest.mark.liveserver


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with server_database(tmp_path_factory.mktemp("find")) as database_url:
        yield from serve(server_env(database_url))


def test_find_by_path_redirects_to_the_page_on_the_servers_own_host_and_port(server):
    url = f"{server}/api/v2/pages/find/?html_path=/intimacy/fear-of-intimacy/&fields=seo"
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(url, timeout=30)
    location = redirect.value.headers["Location"]
    assert redirect.value.code == 302
    assert location.startswith(f"{server}/api/v2/pages/") and location.endswith("/?fields=seo"), location

    with urllib.request.urlopen(url, timeout=30) as response:  # follows the redirect
        assert response.url == location
        page = json.loads(response.read())
    assert page["meta"]["slug"] == "fear-of-intimacy"
    assert page["meta"]["detail_url"] == location.removesuffix("?fields=seo")
    assert page["seo"]["canonical_url"] == f"{server}/intimacy/fear-of-intimacy/"


@pytest.fixture(scope="module")
def configured_server(tmp_path_factory):
    with server_database(tmp_path_factory.mktemp("find-configured")) as database_url:
        env = server_env(
            database_url,
            WAGTAILAPI_BASE_URL="https://cms.example.org",
            PUBLIC_BASE_URL="https://www.example.org",
        )
        yield from serve(env)


def test_with_both_settings_the_redirect_and_urls_follow_them(configured_server):
    url = f"{configured_server}/api/v2/pages/find/?html_path=/intimacy/"
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(url, timeout=30)
    location = redirect.value.headers["Location"]
    assert location.startswith("https://cms.example.org/api/v2/pages/"), location
    path = location.removeprefix("https://cms.example.org")
    with urllib.request.urlopen(f"{configured_server}{path}", timeout=30) as response:
        page = json.loads(response.read())
    assert (page["meta"]["html_url"], page["meta"]["detail_url"]) == (
        "https://www.example.org/intimacy/",
        location.removesuffix("?"),
    )
