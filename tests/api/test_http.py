"""HTTP behaviour of the API: ETag, Cache-Control, conditional requests, CORS."""

from __future__ import annotations

import pytest
from wagtail.models import APIToken
from wagtail.test.utils import WagtailTestUtils

pytestmark = pytest.mark.usefixtures("fresh_cache")

PUBLIC_URLS = ["/api/v2/pages/", "/api/v2/clusters/", "/api/schema/"]


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_anonymous_reads_are_public_and_carry_an_etag(demo, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert {"public", "max-age=60"} <= cache_control(response)
    assert response["ETag"].startswith('"')
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_page_detail_and_cluster_detail_carry_headers(demo, client):
    for url in (f"/api/v2/pages/{demo.id}/", f"/api/v2/clusters/{demo.id}/"):
        response = client.get(url)
        assert "public" in cache_control(response) and response.has_header("ETag")


def test_etag_changes_when_the_content_does(demo, client):
    url = f"/api/v2/clusters/{demo.id}/"
    before = client.get(url)["ETag"]
    draft = demo.get_latest_revision_as_object()
    draft.title = "Intimacy, retitled"
    draft.save_revision().publish()
    after = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before


def test_logged_in_reads_are_private(demo, client):
    client.force_login(WagtailTestUtils.create_superuser("admin", "a@example.com", "password"))
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert {"private", "no-store"} <= cache_control(response), url
        assert "public" not in cache_control(response)


def test_bearer_token_reads_are_private(demo, client):
    user = WagtailTestUtils.create_superuser("admin", "a@example.com", "password")
    _, token = APIToken.create_token(user=user, name="test")
    response = client.get("/api/v3/pages/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)
    assert "Authorization" in response["Vary"]


def test_errors_are_not_cached(demo, client):
    response = client.get("/api/v2/clusters/987654/")
    assert response.status_code == 404
    assert {"private", "no-store"} <= cache_control(response)


def test_html_pages_are_left_alone(demo, client):
    response = client.get("/intimacy/")
    assert not response.has_header("ETag")
    assert "max-age=60" not in response.get("Cache-Control", "")


def test_cors_allows_the_configured_front_end_origin(demo, client):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN="http://localhost:3000")
    assert response["Access-Control-Allow-Origin"] == "http://localhost:3000"
    preflight = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN="http://localhost:3000",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "http://localhost:3000"
    assert "authorization" in preflight["Access-Control-Allow-Headers"]


def test_cors_refuses_other_origins_and_non_api_paths(demo, client):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example")
    assert not response.has_header("Access-Control-Allow-Origin")
    response = client.get("/intimacy/", HTTP_ORIGIN="http://localhost:3000")
    assert not response.has_header("Access-Control-Allow-Origin")
