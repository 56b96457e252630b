"""The OpenAPI documents: valid, and real responses match them (docs/api.md, "OpenAPI documents")."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from wagtail.api.v3.api import api as wagtail_v3_api
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils

from cluster.models import ContentPage, PillarPage, TopicPage
from cluster.validation.caches import clear_all
from tests.api.support import get_json, topic_body
from tests.gate.support import page_form_data

pytestmark = pytest.mark.usefixtures("fresh_cache")

DOCUMENTS = ["/api/v2/openapi.json", "/api/schema/", "/api/v3/openapi.json"]


def document(client, url="/api/v2/openapi.json") -> dict:
    return get_json(client, url)


def errors(doc: dict, schema: dict, data) -> list[str]:
    """What `data` breaks of `schema`, whose $refs point into `doc`'s components."""
    validator = Draft202012Validator({**schema, "components": doc["components"]})
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(data)]


def response_schema(doc, path, status="200", method="get") -> dict:
    return doc["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]


def component(name) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


@pytest.mark.parametrize("url", DOCUMENTS)
def test_every_served_document_is_valid_openapi(db, client, url):
    validate(document(client, url))


def test_wagtails_own_v3_document_is_invalid_and_the_served_one_is_corrected(db, client):
    # Upstream (Wagtail 8.0.1): AllowAnonymous is an http scheme without `scheme`.
    # When this stops raising, Wagtail has fixed it and cluster/api/v3_openapi.py can go.
    upstream = json.loads(
        json.dumps(wagtail_v3_api.get_openapi_schema(), cls=DjangoJSONEncoder)
    )  # as served: string keys
    with pytest.raises(OpenAPIValidationError, match="scheme.? is a required property"):
        validate(upstream)
    served = document(client, "/api/v3/openapi.json")
    assert served["components"]["securitySchemes"] == {
        "BearerTokenAuth": {"type": "http", "scheme": "bearer"}
    }
    pages = served["paths"]["/api/v3/pages/{page_id}/"]
    assert pages["get"]["security"] == [{"BearerTokenAuth": []}, {}]  # anonymous reads
    assert sorted(pages["get"]["responses"]) == ["200", "404", "422"]
    assert sorted(pages["patch"]["responses"]) == ["200", "401", "404", "422"]
    publish = served["paths"]["/api/v3/pages/{page_id}/actions/publish/"]["post"]["responses"]
    assert "publication gate" in publish["422"]["description"]
    assert publish["422"]["content"]["application/problem+json"]["schema"] == component("ProblemDetail")
    whoami = served["paths"]["/api/v3/whoami/"]["get"]["responses"]
    assert sorted(whoami) == ["200", "401"]  # no parameter, nothing to fail validation


def test_v3_answers_match_the_declared_errors(db, client):
    served = document(client, "/api/v3/openapi.json")
    problem = {"$ref": "#/components/schemas/ProblemDetail"}
    for url, path, status in [
        ("/api/v3/whoami/", "/api/v3/whoami/", 401),
        ("/api/v3/pages/999999/", "/api/v3/pages/{page_id}/", 404),
        ("/api/v3/pages/?limit=abc", "/api/v3/pages/", 422),
    ]:
        response = client.get(url)
        assert response.status_code == status, (url, response.content[:200])
        assert str(status) in served["paths"][path]["get"]["responses"]
        assert errors(served, problem, response.json()) == []


def test_cluster_endpoints_match_their_document(demo, client):
    doc = document(client, "/api/schema/")
    listing = get_json(client, "/api/v2/clusters/")
    assert errors(doc, response_schema(doc, "/api/v2/clusters/"), listing) == []
    path = "/api/v2/clusters/{pillar_id}/"
    detail = get_json(client, f"/api/v2/clusters/{demo.id}/")
    assert errors(doc, response_schema(doc, path), detail) == []
    assert doc["components"]["schemas"]["ClusterDetail"]["properties"]["checked_at"]["format"] == "date-time"
    bad = client.get("/api/v2/clusters/0/")
    assert bad.status_code == 422
    assert errors(doc, response_schema(doc, path, "422"), bad.json()) == []
    etag = client.get(f"/api/v2/clusters/{demo.id}/")["ETag"]
    assert client.get(f"/api/v2/clusters/{demo.id}/", headers={"if-none-match": etag}).status_code == 304
    assert "304" in doc["paths"][path]["get"]["responses"]
    head = client.head(f"/api/v2/clusters/{demo.id}/")
    assert (head.status_code, head["ETag"]) == (200, etag)
    assert doc["paths"][path]["head"]["operationId"] == "clusters_detail_head"


def test_a_pillar_put_live_without_a_publish_matches_the_document(db, client):
    """Issue 17: a pillar a script put live (no publish, no revision) has no publish time.

    Its cluster map's and its validation's `checked_at` were None against a
    schema requiring a string: ninja's response validation answered 500.
    """
    pillar = PillarPage(title="Scripted", slug="scripted", category="Test", live=True)
    Page.objects.get(slug="home").add_child(instance=pillar)
    assert [pillar.first_published_at, pillar.last_published_at, pillar.live_revision_id] == [None] * 3
    maps, pages = document(client, "/api/schema/"), document(client)
    path = "/api/v2/clusters/{pillar_id}/"
    for method in (client.get, client.head):
        assert method(f"/api/v2/clusters/{pillar.id}/").status_code == 200
    cluster_map = get_json(client, f"/api/v2/clusters/{pillar.id}/")
    assert cluster_map["checked_at"] is None
    assert errors(maps, response_schema(maps, path), cluster_map) == []
    detail = get_json(client, f"/api/v2/pages/{pillar.id}/")
    assert detail["validation"]["checked_at"] is None
    assert errors(pages, component("PillarPage"), detail) == []

    # Positive control: a publish time, once there, is what both say (first_published_at here).
    stamp = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    Page.objects.filter(pk=pillar.pk).update(first_published_at=stamp)
    cache.clear()
    clear_all()
    assert get_json(client, f"/api/v2/clusters/{pillar.id}/")["checked_at"] == stamp.isoformat()
    assert get_json(client, f"/api/v2/pages/{pillar.id}/")["validation"]["checked_at"] == stamp.isoformat()


@pytest.mark.parametrize(
    ("model", "name"),
    [(PillarPage, "PillarPage"), (TopicPage, "TopicPage"), (ContentPage, "ContentPage")],
)
def test_listings_and_details_match_the_page_document(demo, client, model, name):
    doc = document(client)
    listing = get_json(client, "/api/v2/pages/", type=f"cluster.{name}", fields="*", limit=100)
    assert listing["items"], "the demo has pages of this type"
    assert errors(doc, response_schema(doc, "/api/v2/pages/"), listing) == []
    assert errors(doc, component(f"{name}List"), listing) == []  # the typed list, not only the fallback
    for page in model.objects.live():
        detail = get_json(client, f"/api/v2/pages/{page.id}/")
        assert errors(doc, response_schema(doc, "/api/v2/pages/{id}/"), detail) == []
        assert errors(doc, component(name), detail) == []


def test_a_listing_without_fields_matches_the_summary(demo, client):
    doc = document(client)
    listing = get_json(client, "/api/v2/pages/")
    assert errors(doc, component("PageSummaryList"), listing) == []


def test_the_schema_catches_what_it_does_not_declare(demo, client):
    # Positive controls: the validation above would notice a wrong or an undeclared field.
    doc = document(client)
    topic = get_json(client, f"/api/v2/pages/{TopicPage.objects.live().first().id}/")
    assert errors(doc, component("PillarPage"), topic) != []
    assert errors(doc, component("TopicPage"), {**topic, "surprise": 1}) == [
        ": Additional properties are not allowed ('surprise' was unexpected)"
    ]
    topic["cluster"]["related"][0]["title"] = None
    assert errors(doc, component("TopicPage"), topic) == [
        "cluster/related/0/title: None is not of type 'string'"
    ]


def test_a_draft_preview_matches_the_page_document(demo, client):
    doc = document(client)
    topic = TopicPage.objects.live().first()
    token = topic.create_page_preview().token
    for url in ("/api/v2/preview/", f"/api/v2/preview/{topic.id}/"):
        data = get_json(client, url, token=token)
        assert errors(doc, response_schema(doc, url.replace(str(topic.id), "{id}")), data) == []
        assert errors(doc, component("TopicPagePreview"), data) == []
    pillar_token = demo.create_page_preview().token
    data = get_json(client, "/api/v2/preview/", token=pillar_token)
    assert errors(doc, component("PillarPagePreview"), data) == []
    missing = client.get("/api/v2/preview/", {"token": "nope"})
    assert missing.status_code == 404
    assert errors(doc, response_schema(doc, "/api/v2/preview/", "404"), missing.json()) == []


def test_the_preview_of_a_page_never_saved_matches_the_page_document(demo, client):
    admin = Client()
    admin.force_login(WagtailTestUtils.create_superuser("admin", "admin@example.com", "password"))
    new = TopicPage(title="Brand new", slug="brand-new", category="Intimacy", language="en")
    new.body = topic_body(demo)
    url = reverse("wagtailadmin_pages:preview_on_add", args=["cluster", "topicpage", demo.id])
    assert admin.post(url, page_form_data(new)).json()["is_valid"]
    query = parse_qs(urlsplit(BeautifulSoup(admin.get(url).content, "lxml").find("iframe")["src"]).query)
    data = get_json(
        client, "/api/v2/preview/", token=query["token"][0], content_type=query["content_type"][0]
    )
    doc = document(client)
    assert errors(doc, component("TopicPagePreview"), data) == []
    assert errors(doc, response_schema(doc, "/api/v2/preview/"), data) == []
