"""Writes through Wagtail's API v3: bearer tokens only, and the publication gate's 422.

The 422 itself comes from cluster/api_gate.py (the gate's side, issue 4); these
tests check that it reaches clients at the URLs this project mounts.
"""

from __future__ import annotations

import pytest
from wagtail.models import APIToken
from wagtail.test.utils import WagtailTestUtils

from cluster.models import TopicPage
from tests.api.support import get_json, topic_body  # noqa: F401

pytestmark = pytest.mark.usefixtures("fresh_cache")


@pytest.fixture
def editor(db):
    return WagtailTestUtils.create_superuser("editor", "editor@example.com", "password")


@pytest.fixture
def bearer(editor):
    _, token = APIToken.create_token(user=editor, name="api test")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def new_topic(demo, action=None, **fields):
    # v3 saves a draft unless meta.action is "publish".
    meta = {"type": "cluster.TopicPage", "parent_id": demo.id}
    return {
        "meta": {**meta, "action": action} if action else meta,
        "title": "Written through the API",
        "slug": "written-through-the-api",
        "category": "Intimacy",
        "body": topic_body(demo),
        **fields,
    }


def test_anonymous_writes_are_refused(demo, client):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    attempts = [
        client.post("/api/v3/pages/", new_topic(demo), content_type="application/json"),
        client.patch(
            f"/api/v3/pages/{topic.id}/",
            {"meta": {"type": "cluster.TopicPage"}, "title": "x"},
            content_type="application/json",
        ),
        client.post(f"/api/v3/pages/{topic.id}/actions/publish/"),
        client.post(f"/api/v3/pages/{topic.id}/actions/unpublish/"),
        client.delete(f"/api/v3/pages/{topic.id}/"),
    ]
    assert [r.status_code for r in attempts] == [401] * len(attempts)
    assert TopicPage.objects.get(pk=topic.pk).title == topic.title
    assert not TopicPage.objects.filter(slug="written-through-the-api").exists()


def test_a_session_is_not_enough_to_write(demo, client, editor):
    # v3 trusts bearer tokens only, so a logged-in browser cannot be tricked into writing (CSRF).
    client.force_login(editor)
    response = client.post("/api/v3/pages/", new_topic(demo), content_type="application/json")
    assert response.status_code == 401


def test_a_wrong_token_is_refused(demo, client):
    response = client.post(
        "/api/v3/pages/",
        new_topic(demo),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer wagtail_nope",
    )
    assert response.status_code == 401


def test_an_editor_creates_a_draft_that_the_public_api_does_not_show(demo, client, bearer):
    response = client.post("/api/v3/pages/", new_topic(demo), content_type="application/json", **bearer)
    assert response.status_code == 201, response.content
    page = TopicPage.objects.get(slug="written-through-the-api")
    assert not page.live and page.category == "Intimacy" and len(page.body.raw_data) == 4
    assert client.get(f"/api/v2/pages/{page.id}/").status_code == 404
    assert page.id not in {n["id"] for n in get_json(client, f"/api/v2/clusters/{demo.id}/")["nodes"]}


def test_a_publish_that_fails_validation_gets_422_with_the_findings(demo, client, bearer):
    body = [b for b in topic_body(demo) if b["type"] != "faq"]  # faq.E001: no FAQ
    response = client.post(
        "/api/v3/pages/",
        new_topic(demo, action="publish", body=body),
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    ids = {e["id"] for e in problem["errors"]}
    assert "faq.E001" in ids
    assert all({"id", "severity", "message"} <= set(e) for e in problem["errors"])
    assert not TopicPage.objects.filter(slug="written-through-the-api").exists()


def test_a_failing_draft_cannot_be_published_by_the_publish_action(demo, client, bearer):
    topic = TopicPage.objects.get(slug="responsive-desire")
    draft = topic.get_latest_revision_as_object()
    draft.body = [b for b in draft.body.raw_data if b["type"] != "faq"]
    draft.save_revision()
    response = client.post(f"/api/v3/pages/{topic.id}/actions/publish/", **bearer)
    assert response.status_code == 422, response.content
    assert "faq.E001" in {e["id"] for e in response.json()["errors"]}
    # The public API still serves the live version, FAQ included.
    assert get_json(client, f"/api/v2/pages/{topic.id}/")["faq"]


def test_a_passing_publish_goes_live_and_shows_in_the_cluster(demo, client, bearer):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    get_json(client, f"/api/v2/clusters/{demo.id}/")  # cached now
    patch = {
        "meta": {"type": "cluster.TopicPage", "action": "publish"},
        "title": "Fear of Intimacy, via the API",
    }
    response = client.patch(f"/api/v3/pages/{topic.id}/", patch, content_type="application/json", **bearer)
    assert response.status_code == 200, response.content
    nodes = get_json(client, f"/api/v2/clusters/{demo.id}/")["nodes"]
    assert "Fear of Intimacy, via the API" in {n["title"] for n in nodes}
    assert get_json(client, f"/api/v2/pages/{topic.id}/")["title"] == "Fear of Intimacy, via the API"
