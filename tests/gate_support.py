"""Shared helpers for the publication gate tests (tests/test_gate_*.py).

The user fixtures are in tests/gate_fixtures.py (a pytest plugin the test modules require).
"""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cluster.models import PillarPage, TopicPage

FAILING_SLUG = "responsive-desire"  # fails faq.E001 once its FAQ block is gone
PASSING_SLUG = "fear-of-intimacy"


def topic(slug: str) -> TopicPage:
    return TopicPage.objects.get(slug=slug)


def without_faq(raw) -> list:
    return [block for block in raw if block["type"] != "faq"]


def break_faq(page, user=None):
    """Save a draft of `page` without its FAQ block (faq.E001); returns the revision."""
    page = page.get_latest_revision_as_object()
    page.body = without_faq(page.body.raw_data)
    return page.save_revision(user=user)


def retitle(page, title: str, user=None):
    """Save a passing draft of `page` that differs only in its title."""
    page = page.get_latest_revision_as_object()
    page.title = title
    page.draft_title = title
    return page.save_revision(user=user)


def log_actions(page) -> list[str]:
    return list(
        PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk").values_list("action", flat=True)
    )


def finding_ids(page) -> set[str]:
    from cluster.validation.service import validate_page

    return {f.id for r in validate_page(page, "draft").pages for f in r.errors}


# --- admin form data -----------------------------------------------------------


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


def new_pillar(demo, slug: str, raw) -> PillarPage:
    """An unsaved, not yet live pillar for a new cluster, with `raw` as its body."""
    return PillarPage(
        live=False,
        title=f"Copy of {demo.title}",
        slug=slug,
        category=demo.category,
        language=demo.language,
        required_questions="",
        body=raw,
    )
