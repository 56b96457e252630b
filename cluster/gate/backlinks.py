"""Which live pages link to a page: the pages an unpublish, delete or move breaks.

One query finds the candidates by searching the stored StreamField JSON for
the page id as rich text writes it (`<a linktype="page" id="N">`, JSON-escaped
in the column) and as a CTA's page chooser stores it (`"page": N`). The
patterns can over-match (`"page": 12` is a prefix of `"page": 123`; any tag
may carry an `id`), so each candidate is confirmed by parsing its content.
Nothing else is loaded, however large the site.
"""

from __future__ import annotations

import re

from django.db.models import Q
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models

_ANCHOR = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')


def _streamfield_lookups():
    """(`pillarpage__body`, ...): every StreamField of a direct Page subclass, joined from Page."""
    lookups = []
    for model in get_page_models():
        parents = model._meta.get_parent_list()
        if model is Page or parents != [Page]:
            continue  # deeper subclasses would need a longer join path; we have none
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                lookups.append(f"{model._meta.model_name}__{field.name}")
    return lookups


def _candidates_q(target_ids) -> Q:
    query = Q()
    for lookup in _streamfield_lookups():
        for pk in target_ids:
            # `icontains` is a substring match on the JSON text (`contains` would be
            # JSON containment). The column holds JSON, so the HTML quotes are escaped.
            query |= Q(**{f"{lookup}__icontains": f'id=\\"{pk}\\"'})
            query |= Q(**{f"{lookup}__icontains": f'"page": {pk}'})
            query |= Q(**{f"{lookup}__icontains": f'"page":{pk}'})
    return query


def _linked_ids(value, found: set[int]) -> set[int]:
    """Page ids a raw StreamField value links to (rich text anchors and CTA page choosers)."""
    if isinstance(value, str):
        for tag in _ANCHOR.findall(value):
            attrs = dict(_ATTR.findall(tag))
            if attrs.get("linktype") == "page" and attrs.get("id", "").isdigit():
                found.add(int(attrs["id"]))
    elif isinstance(value, dict):
        if isinstance(value.get("page"), int):
            found.add(value["page"])
        for item in value.values():
            _linked_ids(item, found)
    elif isinstance(value, list):
        for item in value:
            _linked_ids(item, found)
    return found


def linked_page_ids(page) -> set[int]:
    """Every page id that `page`'s own StreamField content links to."""
    found: set[int] = set()
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            _linked_ids(list(getattr(page, field.name).raw_data), found)
    return found


def pages_linking_to(page, *, include_descendants: bool = False) -> list[Page]:
    """Live pages whose live content links to `page` (or, optionally, its descendants).

    The pages themselves (and the descendants) are left out: deleting a
    cluster with its topics breaks no link between them that matters.
    """
    targets = {page.pk}
    if include_descendants:
        targets |= set(page.get_descendants().values_list("pk", flat=True))
    query = _candidates_q(sorted(targets))
    if not query:
        return []
    candidates = Page.objects.live().filter(query).exclude(pk__in=targets).order_by("path").specific()
    return [p for p in candidates if linked_page_ids(p) & targets]
