"""The OpenAPI 3.1 document of the API v2 pages and preview endpoints: `/api/v2/openapi.json`.

Wagtail's v2 API (Django REST framework) publishes no schema, and
`/api/schema/` describes only the django-ninja cluster endpoints. This is a
second document, not more paths in that one: `/api/schema/` is what
Schemathesis fuzzes in CI (tests/fuzz_api.sh), and these endpoints are
Wagtail's, whose query parsing this project does not own.

The payload types are the pydantic models of cluster/api/page_types.py; the
paths are written out here, since no framework knows these views' responses.
"""

from __future__ import annotations

from functools import cache

from django.http import JsonResponse
from pydantic.json_schema import models_json_schema

from cluster.api import page_types as t

REF = "#/components/schemas/{model}"

DESCRIPTION = """Wagtail's API v2 pages and draft preview endpoints of Cluster CMS, typed.

Listings are described for `fields=*` with a `type` (`cluster.PillarPage`,
`cluster.TopicPage` or `cluster.ContentPage`), or without `fields` (any page type,
Wagtail's default fields); other `fields` selections return a subset of the same
object. Details are described for pillar, topic and content pages. The cluster
endpoints are in `/api/schema/`. See docs/api.md.
"""


def ref(model) -> dict:
    return {"$ref": REF.format(model=model.__name__)}


def json_body(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def query(name: str, description: str, schema: dict | None = None, required: bool = False) -> dict:
    return {
        "in": "query",
        "name": name,
        "required": required,
        "description": description,
        "schema": schema or {"type": "string"},
    }


ID = {"type": "integer", "minimum": 1}
PAGE_ID = {"in": "path", "name": "id", "required": True, "schema": ID}
TOKEN = query("token", "The preview token the admin's Preview button issued", required=True)
LISTING_PARAMS = [
    query("type", "Page type, e.g. cluster.TopicPage: its fields become selectable"),
    query("fields", "Comma-separated fields, `*` for all of the type's fields"),
    query("child_of", "Only children of this page id", ID),
    query("descendant_of", "Only descendants of this page id", ID),
    query("search", "Full-text search (at most 64 words, 1000 characters)"),
    query("order", "A field name, `-field` for descending, or `random`"),
    query("limit", "At most 100", {"type": "integer", "minimum": 0, "maximum": 100}),
    query("offset", "Items to skip", {"type": "integer", "minimum": 0}),
]
ETAG = {
    "ETag": {"description": "Strong ETag over the body (weak when gzipped)", "schema": {"type": "string"}}
}
NOT_MODIFIED = {"description": "Not Modified: `If-None-Match` matched the ETag", "headers": ETAG}
BAD_REQUEST = json_body(ref(t.Message), "Bad query parameter")
NOT_FOUND = json_body(ref(t.Message), "No live, public page with this id")
PREVIEW_NOT_FOUND = json_body(ref(t.Message), "Token missing, tampered, expired or not for this page")


def any_of(models) -> dict:
    return {"anyOf": [ref(m) for m in models]}


def operation(op_id: str, summary: str, params: list, responses: dict, *, description: str = "") -> dict:
    return {
        "operationId": op_id,
        "summary": summary,
        "description": description,
        "tags": ["pages"],
        "parameters": params,
        "responses": responses,
    }


def _head(get: dict) -> dict:
    # Wagtail answers HEAD as GET, without the body.
    ok = {"description": "As GET, headers only", "headers": ETAG}
    return {**get, "operationId": get["operationId"] + "_head", "responses": {**get["responses"], "200": ok}}


def _paths() -> dict:
    listing = operation(
        "pages_list",
        "List pages",
        LISTING_PARAMS,
        {
            "200": json_body(
                any_of(t.PAGE_LISTS), "One page of results; `fields=*` with a `type` gives typed items"
            ),
            "304": NOT_MODIFIED,
            "400": BAD_REQUEST,
        },
    )
    detail = operation(
        "pages_detail",
        "One page, every field",
        [PAGE_ID],
        {"200": json_body(any_of(t.PAGES), "The page"), "304": NOT_MODIFIED, "404": NOT_FOUND},
        description="Pillar, topic and content pages are typed; `meta.type` tells which.",
    )
    find = operation(
        "pages_find",
        "Find a page by path or id",
        [query("html_path", "The page's site path, e.g. /intimacy/"), query("id", "A page id", ID)],
        {
            "302": {
                "description": "Redirect to the page's detail URL",
                "headers": {"Location": {"schema": {"type": "string"}}},
            },
            "400": BAD_REQUEST,
            "404": NOT_FOUND,
        },
    )
    preview_responses = {"200": json_body(any_of(t.PREVIEWS), "The draft"), "404": PREVIEW_NOT_FOUND}
    content_type = query("content_type", "The page type the token was issued for, e.g. cluster.topicpage")
    return {
        "/api/v2/pages/": {"get": listing, "head": _head(listing)},
        "/api/v2/pages/{id}/": {"get": detail, "head": _head(detail)},
        "/api/v2/pages/find/": {"get": find},
        "/api/v2/preview/": {
            "get": operation("preview", "A page's draft, by token", [TOKEN, content_type], preview_responses),
        },
        "/api/v2/preview/{id}/": {
            "get": operation(
                "preview_detail", "A saved page's draft, by token", [PAGE_ID, TOKEN], preview_responses
            ),
        },
    }


@cache
def document() -> dict:
    models = [*t.PAGE_LISTS, *t.PAGES, *t.PREVIEWS, t.Message]
    _, schemas = models_json_schema([(m, "validation") for m in models], ref_template=REF)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Cluster CMS pages API (Wagtail API v2)",
            "version": "2.0.0",
            "description": DESCRIPTION,
        },
        "paths": _paths(),
        "components": {"schemas": schemas["$defs"]},
    }


def openapi_json(request):
    return JsonResponse(document())
