"""Draft preview for headless front ends: the admin opens the front end, a token opens the draft."""

from __future__ import annotations

import time
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils
from wagtail_headless_preview.models import PagePreview

from cluster.models import TopicPage
from tests.api.support import text_of, topic_body  # noqa: F401
from tests.gate.support import page_form_data

pytestmark = pytest.mark.usefixtures("fresh_cache")

FRONT_END = "http://localhost:3000/preview"


@pytest.fixture
def admin_client(client, db):
    client.force_login(WagtailTestUtils.create_superuser("admin", "admin@example.com", "password"))
    return client


def draft_of(slug, title="Draft zebrapreview title"):
    """A live topic with an unpublished draft that differs in title and body."""
    topic = TopicPage.objects.get(slug=slug)
    draft = topic.get_latest_revision_as_object()
    draft.title = title
    draft.body = topic_body(topic.get_parent(), marker="zebrapreview")
    draft.save_revision()
    return topic, draft


def token_for(page) -> str:
    """What the admin's preview button does (HeadlessPreviewMixin.create_page_preview)."""
    return page.create_page_preview().token


def preview(client, token, status=200, pk=None, **params):
    url = f"/api/v2/preview/{pk}/" if pk else "/api/v2/preview/"
    response = client.get(url, {"token": token, **params})
    assert response.status_code == status, response.content[:300]
    return response


def test_without_a_front_end_the_preview_renders_the_cms_templates(demo, admin_client, settings):
    # No HEADLESS_PREVIEW_URL (a fresh `make run`): there is nothing to open in
    # the pane, so it shows the draft through the project's own templates.
    settings.CLUSTER_HEADLESS_PREVIEW = False
    topic, draft = draft_of("fear-of-intimacy")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[topic.id])
    assert admin_client.post(url, page_form_data(draft)).json()["is_valid"]
    response = admin_client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "lxml")
    assert soup.find("iframe") is None
    assert soup.find("h1").get_text() == "Draft zebrapreview title"
    assert "zebrapreview" in soup.get_text()


def test_admin_preview_opens_the_front_end_with_a_token(demo, admin_client, settings):
    topic, draft = draft_of("fear-of-intimacy")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[topic.id])
    assert admin_client.post(url, page_form_data(draft)).json()["is_valid"]
    response = admin_client.get(url)
    assert response.status_code == 200
    iframe = BeautifulSoup(response.content, "lxml").find("iframe")
    target = urlsplit(iframe["src"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == FRONT_END
    query = parse_qs(target.query)
    assert query["content_type"] == ["cluster.topicpage"]
    # The token the front end got opens the draft as the editor sees it.
    anonymous = Client()  # the front end holds only the token, no admin session
    data = preview(anonymous, query["token"][0], content_type="cluster.topicpage").json()
    assert data["id"] == topic.id and data["title"] == "Draft zebrapreview title"


def test_the_front_end_url_comes_from_settings(demo, settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": "https://preview.example/p"}}
    topic, draft = draft_of("fear-of-intimacy")
    url = draft.get_preview_url(RequestFactory().get("/"), "tok")
    assert url.startswith("https://preview.example/p")


def test_a_valid_token_opens_the_latest_draft_with_every_field(demo, client):
    topic, draft = draft_of("fear-of-intimacy")
    token = token_for(draft)
    data = preview(client, token, content_type="cluster.topicpage").json()
    assert data["title"] == "Draft zebrapreview title"
    assert "zebrapreview" in text_of(data["body"]) and "zebrapreview" in text_of(data["faq"])
    assert {"lead", "faq", "cta", "cluster", "seo", "json_ld", "validation"} <= set(data)
    assert set(data["validation"]) == {"status", "errors", "warnings", "checked_at"}
    detail = preview(client, token, pk=topic.id).json()
    assert detail["title"] == data["title"]
    # The public API still serves the live version.
    live_title = TopicPage.objects.get(pk=topic.pk).title
    assert live_title != data["title"]
    assert client.get(f"/api/v2/pages/{topic.id}/").json()["title"] == live_title


def test_preview_responses_are_never_cached(demo, client):
    _, draft = draft_of("fear-of-intimacy")
    response = preview(client, token_for(draft))
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}


def test_without_a_token_there_is_no_draft(demo, client):
    draft_of("fear-of-intimacy")
    for params in ({}, {"token": ""}, {"content_type": "cluster.topicpage"}):
        response = client.get("/api/v2/preview/", params)
        assert response.status_code == 404 and b"zebrapreview" not in response.content


def test_a_tampered_token_is_refused(demo, client):
    _, draft = draft_of("fear-of-intimacy")
    token = token_for(draft)
    value, stamp, signature = token.rsplit(":", 2)
    forged = [
        f"{value}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"id=1:{stamp}:{signature}",
        token + "x",
        "id=7",
    ]
    for bad in forged:
        response = preview(client, bad, status=404)
        assert b"zebrapreview" not in response.content


def test_a_token_for_another_page_is_refused(demo, client):
    topic, draft = draft_of("fear-of-intimacy")
    other = TopicPage.objects.get(slug="responsive-desire")
    token = token_for(draft)
    assert b"zebrapreview" not in preview(client, token, status=404, pk=other.id).content
    assert (
        b"zebrapreview" not in preview(client, token, status=404, content_type="cluster.pillarpage").content
    )


def test_an_expired_token_is_refused(demo, client, settings):
    settings.CLUSTER_PREVIEW_MAX_AGE = 600
    _, draft = draft_of("fear-of-intimacy")
    with mock.patch("time.time", return_value=time.time() - 3600):
        token = token_for(draft)
    assert b"zebrapreview" not in preview(client, token, status=404).content
    fresh = token_for(draft)
    preview(client, fresh, status=200)


def test_a_token_whose_preview_was_collected_is_refused(demo, client):
    _, draft = draft_of("fear-of-intimacy")
    token = token_for(draft)
    PagePreview.objects.filter(token=token).delete()
    preview(client, token, status=404)


def test_a_token_stops_working_when_its_page_is_deleted(demo, client):
    topic, draft = draft_of("fear-of-intimacy")
    token = token_for(draft)
    preview(client, token, status=200)
    topic.delete()
    assert b"zebrapreview" not in preview(client, token, status=404).content
    assert b"zebrapreview" not in preview(client, token, status=404, pk=topic.id).content


def test_the_token_is_not_accepted_by_the_public_endpoints(demo, client):
    topic, draft = draft_of("fear-of-intimacy")
    token = token_for(draft)
    response = client.get(f"/api/v2/pages/{topic.id}/", {"token": token})
    assert b"zebrapreview" not in response.content


def test_a_new_page_can_be_previewed_before_it_is_saved(demo, admin_client):
    new = TopicPage(title="Brand new zebrapreview", slug="brand-new", category="Intimacy", language="en")
    new.body = topic_body(demo, marker="zebrapreview")
    url = reverse("wagtailadmin_pages:preview_on_add", args=["cluster", "topicpage", demo.id])
    assert admin_client.post(url, page_form_data(new)).json()["is_valid"]
    iframe = BeautifulSoup(admin_client.get(url).content, "lxml").find("iframe")
    query = parse_qs(urlsplit(iframe["src"]).query)
    data = preview(Client(), query["token"][0], content_type=query["content_type"][0]).json()
    assert data["id"] is None and data["title"] == "Brand new zebrapreview"
    assert data["cluster"]["pillar"]["id"] == demo.id
    assert data["validation"]["status"] in ("pass", "fail")
    assert not TopicPage.objects.filter(slug="brand-new").exists()
