"""The publication gate's answer on the Wagtail API v3 write endpoints: HTTP 422.

The v3 API (django-ninja) maps PermissionDenied to 403, and PublicationBlocked
is one. A refused publish is not a permission problem but content the client
can fix, so it gets its own handler: an RFC 7807 problem response with status
422, in the same shape as v3's own validation errors, and one entry per
finding in `errors` (docs/gate.md, "API contract").

Ninja looks handlers up along the exception's MRO, so this handler wins over
the PermissionDenied one for PublicationBlocked only.

The create and update endpoints run in one transaction (Wagtail's
CreateAction/EditAction are atomic), so a refused create-or-update-with-publish
stores nothing; the client can save the same data as a draft (the same
request without `meta.action`), which is never blocked.
"""

from __future__ import annotations

from wagtail.api.v3.api import api as wagtail_v3_api
from wagtail.api.v3.errors import problem_response

from cluster.gate.rules import PublicationBlocked, findings_data

PROBLEM_TYPE = "https://cluster-cms.example/problems/publication-blocked"


def problem(refused: PublicationBlocked) -> dict:
    """The problem document's fields for a refused publish."""
    findings = findings_data(refused.findings)
    return {
        "status": 422,
        "title": "Publication blocked by validation errors",
        "detail": str(refused),
        "type_uri": PROBLEM_TYPE,
        # `type`/`loc`/`msg` are what v3's own 422 entries carry (`loc` is a path
        # into the page's fields); the rest is the finding itself.
        "errors": [{"type": f["id"], "loc": _loc(f["location"]), "msg": f["message"], **f} for f in findings],
    }


def _loc(location: dict) -> list:
    """`body` -> block index -> `items` -> FAQ item, or the page field a finding is about."""
    if "block" in location:
        path = ["body", location["block"]]
        return path + ["items", location["faq_item"]] if "faq_item" in location else path
    return [location["field"]] if location.get("field") else []


def publication_blocked_handler(request, exc: PublicationBlocked):
    return problem_response(**problem(exc))


def install(api=wagtail_v3_api):
    """Register the 422 handler on the v3 API (Wagtail's shared `api` by default). Idempotent."""
    api.add_exception_handler(PublicationBlocked, publication_blocked_handler)
