"""Wagtail API v3's OpenAPI document, corrected until upstream fixes it: `/api/v3/openapi.json`.

Wagtail 8.0.1 serves an invalid document (docs/api.md, "OpenAPI documents"):

1. Its public reads list `AllowAnonymous` (wagtail/api/v3/auth.py, a ninja
   `HttpAuthBase` without a scheme) as a security scheme `{"type": "http"}`.
   OpenAPI requires `scheme` for an http scheme, so openapi-spec-validator
   and Redocly reject the whole document. Anonymous access is written in
   OpenAPI as the empty requirement `{}`, which is what this puts in its place.
2. It declares only the success response of every operation, none of the
   errors v3 answers (wagtail/api/v3/errors.py, RFC 7807 problem bodies):
   401 without a valid token, 404 for an unknown id, 422 for a body or query
   that fails validation, and this project's publication gate's 422 on a
   publish (cluster/gate/api_v3.py).

This view serves Wagtail's own document with those two changes, at the URL
Wagtail's docs page reads, and nothing else; delete it when Wagtail's is valid.
"""

from __future__ import annotations

import copy

from django.http import JsonResponse
from wagtail.api.v3.api import api as v3_api
from wagtail.api.v3.errors import PROBLEM_JSON, ProblemDetail

ANONYMOUS = "AllowAnonymous"
PROBLEM = {"$ref": "#/components/schemas/ProblemDetail"}
# The operations that can publish, and so meet the gate (docs/api.md, "Writes: API v3").
PUBLISHING = {("post", "/api/v3/pages/"), ("patch", "/api/v3/pages/{page_id}/")}
PUBLISH_ACTION = "/actions/publish/"


def _problem(description: str) -> dict:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": PROBLEM}}}


def _error_responses(method: str, path: str, op: dict) -> dict:
    responses = {}
    anonymous = any(not requirement for requirement in op.get("security", []))
    if not anonymous:
        responses["401"] = _problem("Authentication required: no valid bearer token")
    if "{" in path:
        responses["404"] = _problem("Not found")
    gate = (method, path) in PUBLISHING or path.startswith("/api/v3/pages/") and path.endswith(PUBLISH_ACTION)
    if gate:
        responses["422"] = _problem(
            "Validation failed, or the publication gate refused the publish: one `errors` entry per finding"
        )
    elif op.get("parameters") or op.get("requestBody"):
        responses["422"] = _problem("Validation failed")
    return responses


def corrected(document: dict) -> dict:
    doc = copy.deepcopy(document)
    schemes = doc.get("components", {}).get("securitySchemes", {})
    schemes.pop(ANONYMOUS, None)
    doc["components"].setdefault("schemas", {})["ProblemDetail"] = ProblemDetail.model_json_schema()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if "security" in op:
                op["security"] = [{} if ANONYMOUS in r else r for r in op["security"]]
            for status, response in _error_responses(method, path, op).items():
                op["responses"].setdefault(status, response)
    return doc


def _openapi_json(request):
    return JsonResponse(corrected(v3_api.get_openapi_schema()))


# Wagtail's own gate for its docs (WAGTAILAPI_DOCS_ENABLED) applies to this view too.
openapi_json = v3_api.docs_decorator(_openapi_json)
