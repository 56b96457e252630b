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
"""

from __future__ import annotations

import json

from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from cluster.stored.public_urls import page_full_url
from cluster.stored.reader import blocks_of, faq_items
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


def breadcrumb_list(trail, request=None) -> dict:
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": p.title, "item": page_full_url(p, request)}
            for n, p in enumerate(trail, 1)
        ],
    }


def structured_data(*, page, ancestors, faq, request=None) -> list[dict]:
    """The page's JSON-LD objects: FAQPage first (when it has FAQ items), then BreadcrumbList."""
    objects = [breadcrumb_list([*ancestors, page], request)]
    faq_object = faq_page(faq)
    if faq_object:
        objects.insert(0, faq_object)
    return objects


def json_ld_objects(page, request=None) -> list[dict]:
    """The JSON-LD of a page as its HTML template writes it."""
    # expand_db_html is what `{{ value }}` of a RichText renders in the templates.
    faq = faq_questions(page.body.raw_data, expand_db_html)
    # Only live ancestors: Wagtail serves a live topic under a withdrawn pillar,
    # and its breadcrumb must not name the pillar (as the visible one does not).
    ancestors = list(page.get_ancestors().filter(depth__gt=1).live().specific())
    return structured_data(page=page, ancestors=ancestors, faq=faq, request=request)


def script_tag(data: dict) -> str:
    # Escape the characters that could close the <script> element early.
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
