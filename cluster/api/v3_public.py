"""What an anonymous reader of Wagtail's API v3 may see of other pages.

API v3 (a preview feature in Wagtail 8) serves any live page to anyone, and
with it, raw: `meta.parent` and `meta.alias_of` (id, title, URL), the ids in
rich-text page links, and the call to action's `page` id. A live topic under
a pillar that is not live (or is private) would so name the hidden pillar,
and a body could name a withdrawn page. The rule of docs/api.md ("No leaks")
is that no anonymous response carries the title, URL or id of a page the
public cannot see.

v3 builds its response schemas per page model, and may grow fields, so the
rule is applied once, to the response: every page id the JSON names is
checked with `states.visible_to_public`, and hidden ones are removed (the
parent becomes null, a link keeps its text and loses its id, a CTA's page
becomes null). Requests that v3 authenticated with a valid bearer token are
editors' and are left as they are; a header with a junk token counts as
anonymous. Goes after APICacheHeadersMiddleware in MIDDLEWARE, so the ETag is
computed over what is sent.
"""

from __future__ import annotations

import json

from wagtail.models import Page

from cluster.stored.reader import PAGE_LINK_RE, unlink_pages
from cluster.validation.states import visible_to_public

V3_PAGES = "/api/v3/pages/"
META_REFS = ("parent", "alias_of")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _cta_values(value):
    """The value dicts of CTA blocks anywhere in a body."""
    if isinstance(value, list):
        for item in value:
            yield from _cta_values(item)
    elif isinstance(value, dict):
        if value.get("type") == "cta" and isinstance(value.get("value"), dict):
            yield value["value"]
        for item in value.values():
            yield from _cta_values(item)


def referenced_ids(item: dict) -> set[int]:
    meta = item.get("meta") or {}
    ids = {ref["id"] for name in META_REFS if isinstance(ref := meta.get(name), dict) and "id" in ref}
    for text in _strings({k: v for k, v in item.items() if k != "meta"}):
        ids |= {int(m.group(1)) for m in PAGE_LINK_RE.finditer(text)}
    ids |= {v["page"] for v in _cta_values(item) if isinstance(v.get("page"), int)}
    return ids


def _scrub(value, hidden: set[int]):
    if isinstance(value, str):
        return unlink_pages(value, hidden) if "linktype" in value else value
    if isinstance(value, list):
        return [_scrub(v, hidden) for v in value]
    if isinstance(value, dict):
        if value.get("type") == "cta" and isinstance(value.get("value"), dict):
            if value["value"].get("page") in hidden:
                value = {**value, "value": {**value["value"], "page": None}}
        return {k: _scrub(v, hidden) for k, v in value.items()}
    return value


def redact(data: dict) -> dict:
    items = data.get("items") if isinstance(data.get("items"), list) else [data]
    ids = set().union(*(referenced_ids(i) for i in items if isinstance(i, dict)))
    if not ids:
        return data
    hidden = ids - visible_to_public(Page.objects.filter(id__in=ids).only("id", "live", "path"))
    if not hidden:
        return data
    for item in items:
        meta = item.get("meta") or {}
        for name in META_REFS:
            if isinstance(meta.get(name), dict) and meta[name].get("id") in hidden:
                meta[name] = None
        for key in [k for k in item if k != "meta"]:
            item[key] = _scrub(item[key], hidden)
    return data


class PublicV3ReadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not self._applies(request, response):
            return response
        data = redact(json.loads(response.content))
        response.content = json.dumps(data, ensure_ascii=False).encode()
        return response

    @staticmethod
    def _applies(request, response) -> bool:
        if request.method not in ("GET", "HEAD") or not request.path.startswith(V3_PAGES):
            return False
        if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
            return False
        # v3 sets request.user from a valid bearer token only. A header alone
        # proves nothing: v3 answers a junk token as it answers no token.
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)
