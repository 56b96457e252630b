"""Helpers for tests and benchmarks: the admin's page forms as a browser posts them.

Like `wagtail.test.utils.form_data`, on which it builds, this ships with the
app so that the test suite and the benchmarks (bench/gate_publish.py) post
exactly the same forms without one importing the other.
"""

from __future__ import annotations

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cluster.models import PillarPage, TopicPage


def _value(kind, value):
    """A raw StreamField block value as the admin form posts it."""
    if kind in ("paragraph",):
        return rich_text(value)
    if kind == "lead":
        return {"question": value["question"], "answer": rich_text(value["answer"])}
    if kind == "faq":
        items = [item.get("value", item) for item in value["items"]]
        return {
            "title": value.get("title", ""),
            "items": {
                "count": str(len(items)),
                **{
                    str(n): {
                        "value": {"question": item["question"], "answer": rich_text(item["answer"])},
                        "deleted": "",
                        "order": str(n),
                        "id": "",
                    }
                    for n, item in enumerate(items)
                },
            },
        }
    if kind == "cta":
        return {
            "heading": value.get("heading", ""),
            "label": value.get("label", ""),
            "page": value.get("page") or "",
            "url": value.get("url") or "",
        }
    return value


def page_form_data(page, raw=None, **fields) -> dict:
    """POST data for the admin edit/create form of a pillar or topic page."""
    raw = page.body.raw_data if raw is None else raw
    data = {
        "title": page.title,
        "slug": page.slug,
        "category": page.category,
        "language": page.language,
        "required_questions": page.required_questions,
        "body": streamfield([(block["type"], _value(block["type"], block["value"])) for block in raw]),
        "comments": inline_formset([]),
    }
    if isinstance(page, TopicPage):
        related = list(page.related_topics.all()) if page.pk else []
        data["related_topics"] = inline_formset(
            [
                {"id": str(r.pk), "target": str(r.target_id), "required": "on" if r.required else ""}
                for r in related
            ],
            initial=len(related),
        )
    if isinstance(page, PillarPage):
        data["adjacent_clusters"] = inline_formset([])
    data.update(fields)
    return nested_form_data(data)


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def add_url(model, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk))
