"""schema.org JSON-LD for rendered pages and for the API.

Google's FAQPage rules: every visible question, in page order, each with
exactly one acceptedAnswer, and only on the page that shows them.
"""

from __future__ import annotations

import json

from django.utils.safestring import mark_safe

from cluster.blocks import FAQBlock

SCHEMA = "https://schema.org"


def faq_items(page):
    for block in page.body:
        if isinstance(block.block, FAQBlock):
            for item in block.value["items"]:
                yield item["question"], str(item["answer"])


def faq_page(page) -> dict | None:
    items = list(faq_items(page))
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


def breadcrumb_list(page, request=None) -> dict:
    trail = [p for p in page.get_ancestors().filter(depth__gt=1).specific()] + [page]
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": p.title, "item": p.get_full_url(request)}
            for n, p in enumerate(trail, 1)
        ],
    }


def json_ld_objects(page, request=None) -> list[dict]:
    objects = [breadcrumb_list(page, request)]
    faq = faq_page(page)
    if faq:
        objects.insert(0, faq)
    return objects


def script_tag(data: dict) -> str:
    # Escape the characters that could close the <script> element early.
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
