"""Computed API fields of pillar, topic and content pages (docs/api.md, "Pages").

Each field is an `APIField(name, serializer=...)` in the models' `api_fields`,
so API v2 serves it, and API v3 reads it through its v2 compatibility shim.
The values come from the response's `ApiBatch` (cluster/api/batch.py), which
loads what every page of the response needs at once; a page serialized on its
own (API v3, a detail view) gets a batch of one.

Rich text is front-end HTML, exactly what the page templates render. Pages
named in `cluster`, `related`, `breadcrumbs`, CTA URLs and rich-text links are shown only
when live and public, and `validation` is a summary (counts), never the
findings.
"""

from __future__ import annotations

from rest_framework.fields import Field
from wagtail.api import APIField

from cluster.api.batch import ApiBatch, raw_blocks
from cluster.api.jsonld import json_ld
from cluster.models import PillarPage
from cluster.site.structured_data import breadcrumbs
from cluster.stored.public_urls import page_full_url
from cluster.stored.reader import cta_page_id, faq_items


class PageComputedField(Field):
    """A read-only field computed from the whole page, with the response's batch."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def batch(self, page) -> ApiBatch:
        return ApiBatch.of(page, self.context.get("request"))


# Blocks ---------------------------------------------------------------------


def _cta(batch: ApiBatch, value: dict) -> dict:
    # A CTA to a page shows that page's URL only while it is live and public.
    target = cta_page_id(value)
    if target:
        ref = batch.public_ref(target)
        url = ref["url"] if ref else None
    else:
        url = value.get("url") or None
    return {"heading": value.get("heading") or "", "label": value.get("label") or "", "url": url}


def _faq(batch: ApiBatch, value: dict) -> dict:
    return {
        "title": value.get("title") or "",
        "items": [
            {"question": item.get("question") or "", "answer": batch.rich_text(item.get("answer"))}
            for item in faq_items(value)
        ],
    }


def block_value(batch: ApiBatch, kind: str, value):
    if kind == "lead":
        value = value or {}
        return {"question": value.get("question") or "", "answer": batch.rich_text(value.get("answer"))}
    if kind == "paragraph":
        return batch.rich_text(value)
    if kind == "faq":
        return _faq(batch, value or {})
    if kind == "cta":
        return _cta(batch, value or {})
    return value  # "heading" is plain text


def structured_body(batch: ApiBatch, page) -> list[dict]:
    return [
        {
            "type": item.get("type"),
            "id": item.get("id"),
            "value": block_value(batch, item.get("type"), item.get("value")),
        }
        for item in raw_blocks(page)
    ]


def faq_list(batch: ApiBatch, page) -> list[dict]:
    """Every FAQ item of every FAQ block, in page order (the order FAQPage JSON-LD uses)."""
    return [
        item
        for b in raw_blocks(page)
        if b.get("type") == "faq"
        for item in _faq(batch, b.get("value") or {})["items"]
    ]


def _first(page, kind):
    return next((b.get("value") for b in raw_blocks(page) if b.get("type") == kind), None)


class BodyField(PageComputedField):
    """`body` as structured blocks: [{type, id, value}], rich text as front-end HTML."""

    def to_representation(self, page) -> list | None:
        return structured_body(self.batch(page), page)


class LeadField(PageComputedField):
    """The first lead block: {question, answer}, or null."""

    def to_representation(self, page) -> dict | None:
        value = _first(page, "lead")
        return block_value(self.batch(page), "lead", value) if value is not None else None


class FAQField(PageComputedField):
    """[{question, answer}] over every FAQ block."""

    def to_representation(self, page) -> list | None:
        return faq_list(self.batch(page), page)


class CTAField(PageComputedField):
    """The first call to action: {heading, label, url}, or null."""

    def to_representation(self, page) -> dict | None:
        value = _first(page, "cta")
        return _cta(self.batch(page), value) if value is not None else None


class ClusterField(PageComputedField):
    """{pillar: {id, title, url}, topics | related: [{id, title, url, required}]}, live public pages only."""

    def to_representation(self, page) -> dict | None:
        batch = self.batch(page)
        data = batch.cluster(page)
        pillar = data["pillar"] if data and data["public"] else None
        if isinstance(page, PillarPage):
            return {"pillar": pillar, "topics": list(data["topics"]) if pillar else []}
        related = []
        for target, required in batch.related.get(page.pk, []):
            ref = batch.public_ref(target)
            if ref is not None:
                related.append({**ref, "required": required})
        return {"pillar": pillar, "related": related}


class BreadcrumbsField(PageComputedField):
    """[{title, url}] of the page's public ancestors, home first: the BreadcrumbList without the page."""

    def to_representation(self, page) -> list:
        batch = self.batch(page)
        return breadcrumbs(batch.trail(page), batch.request)


class SEOField(PageComputedField):
    """{title, description, canonical_url}, as the page's <head> has them."""

    def to_representation(self, page) -> dict | None:
        # A new page's preview has a URL path from its parent and slug
        # (cluster/api/preview.py), so its canonical URL is known before it is saved.
        return {
            "title": page.seo_title or page.title,
            "description": page.search_description or "",
            "canonical_url": page_full_url(page, self.context.get("request")),
        }


class JSONLDField(PageComputedField):
    """The FAQPage and BreadcrumbList objects of the page's HTML (cluster/site/structured_data.py)."""

    def to_representation(self, page) -> list | None:
        return json_ld(self.batch(page), page)


class ValidationField(PageComputedField):
    """{status, errors, warnings, checked_at} of the live version; the findings stay in the admin."""

    def to_representation(self, page) -> dict | None:
        return self.batch(page).validation(page)


# After category, language and body (models.py), in this order.
CLUSTER_API_FIELDS = [
    APIField("lead", serializer=LeadField()),
    APIField("faq", serializer=FAQField()),
    APIField("cta", serializer=CTAField()),
    APIField("cluster", serializer=ClusterField()),
    APIField("breadcrumbs", serializer=BreadcrumbsField()),
    APIField("seo", serializer=SEOField()),
    APIField("json_ld", serializer=JSONLDField()),
    APIField("validation", serializer=ValidationField()),
]
# A content page (e.g. the CTA's landing page) is rendered by the same front
# end, so it needs its <head> too; it is in no cluster and is not validated.
CONTENT_API_FIELDS = [
    APIField("seo", serializer=SEOField()),
    APIField("json_ld", serializer=JSONLDField()),
]
