"""Shared helpers for the publication gate tests (tests/gate/); their fixtures are in conftest.py."""

from __future__ import annotations

import json

from wagtail.models import Page, PageLogEntry

from cluster.models import PillarPage, TopicPage
from cluster.testing import add_url, edit_url, page_form_data  # noqa: F401  (the gate tests' helpers)
from cluster.validation.cluster_map import pillar_of
from cluster.validation.service import page_report

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
    report = page_report(pillar=pillar_of(page), page_ids={page.id}, version="draft")
    return {f.id for r in report.pages for f in r.errors}


# --- admin form data: cluster/testing.py (the benchmarks post the same forms) ---


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


def linking_by_json(target) -> set[str]:
    """The oracle, read another way: live bodies whose stored JSON names the target."""
    rich = f'linktype=\\"page\\" id=\\"{target.pk}\\"'  # as json.dumps escapes the quotes
    found = set()
    for page in Page.objects.live().exclude(pk=target.pk).specific():
        stored = json.dumps(list(getattr(page, "body", None).raw_data)) if hasattr(page, "body") else ""
        blocks = json.loads(stored or "[]")
        ctas = [b for b in blocks if b["type"] == "cta" and b["value"].get("page") == target.pk]
        if rich in stored or ctas:
            found.add(page.slug)
    return found
