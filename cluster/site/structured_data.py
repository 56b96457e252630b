"""schema.org JSON-LD for rendered pages and for the API.

Google's FAQPage rules: every visible question, in page order, each with
exactly one acceptedAnswer, and only on the page that shows them.

`structured_data(...)` builds the objects from plain inputs: the FAQ items
(read from the stored body by cluster/stored/reader.py, answers rendered as
front-end HTML), the breadcrumb trail and the page. The HTML templates
(`json_ld_objects`) and the API (cluster/api/jsonld.py, which renders every
answer of a listing in one batch) both call it, so both write the same
objects. Their URLs are `page_full_url()` (cluster/stored/public_urls.py), on
PUBLIC_BASE_URL when it is set.

The breadcrumb has one rule and one shape, here: `public_trail` keeps the
ancestors below the tree's root (the home page first) that the public can
see, and `breadcrumbs` turns them into `[{title, url}]`. The BreadcrumbList,
the API's `breadcrumbs` field and the visible breadcrumb of the HTML all come
from them.
"""

from __future__ import annotations

import json

from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from cluster.stored.public_urls import page_full_url
from cluster.stored.reader import blocks_of, faq_items
from cluster.validation.states import visible_to_public
from validators.document import FAQ

SCHEMA = "https://schema.org"


def faq_questions(raw_body, render) -> list[tuple[str, str]]:
    """(question, answer HTML) of every FAQ item of every FAQ block, in page order."""
    return [
        (item.get("question") or "", render(item.get("answer") or ""))
        for block in blocks_of(raw_body)
        if block["type"] == FAQ
        for item in faq_items(block.get("value"))
    ]


def faq_page(items) -> dict | None:
    if not items:
        return None
    return {
        "@context": SCHEMA,
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}}
            for q, a in items
        ],
    }


def public_trail(ancestors, *, visible) -> list:
    """The ancestors a breadcrumb may name: top down, up to the first one the public cannot see.

    `visible` holds the ids of the pages that are live and under no view
    restriction. A live page below a hidden one is cut too: Wagtail would
    serve it, but no public listing leads there (cluster/site/public_pages.py),
    and naming it would point at the hidden page's part of the tree.
    """
    trail = []
    for page in ancestors:
        if page is None or page.pk not in visible:
            break
        trail.append(page)
    return trail


def public_ancestors(page) -> list:
    """The page's public trail, read from the database (the templates' way; the API batches it)."""
    ancestors = list(page.get_ancestors().filter(depth__gt=1))
    return public_trail(ancestors, visible=visible_to_public(ancestors))


def breadcrumbs(trail, request=None) -> list[dict]:
    """[{title, url}] of a trail, URLs absolute: the API's `breadcrumbs` and the BreadcrumbList's items."""
    return [{"title": p.title, "url": page_full_url(p, request)} for p in trail]


def breadcrumb_list(crumbs) -> dict:
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": c["title"], "item": c["url"]}
            for n, c in enumerate(crumbs, 1)
        ],
    }


def structured_data(*, page, ancestors, faq, request=None) -> list[dict]:
    """The page's JSON-LD objects: FAQPage first (when it has FAQ items), then BreadcrumbList.

    `ancestors` is the page's public trail; the list ends with the page itself.
    """
    objects = [breadcrumb_list(breadcrumbs([*ancestors, page], request))]
    faq_object = faq_page(faq)
    if faq_object:
        objects.insert(0, faq_object)
    return objects


def json_ld_objects(page, request=None) -> list[dict]:
    """The JSON-LD of a page as its HTML template writes it."""
    # expand_db_html is what `{{ value }}` of a RichText renders in the templates.
    faq = faq_questions(page.body.raw_data, expand_db_html)
    # Wagtail serves a live topic under a withdrawn pillar; its breadcrumb must
    # not name the pillar (public_trail).
    return structured_data(page=page, ancestors=public_ancestors(page), faq=faq, request=request)


def script_tag(data: dict) -> str:
    # Escape the characters that could close the <script> element early.
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
