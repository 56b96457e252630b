"""The editor's validation panel: findings for the current, unsaved content.

Wagtail 8 has no hook for adding editor side panels, but its Preview panel
already POSTs the unsaved form to the preview-on-edit/create views on every
change and renders `serve_preview(request, mode)` in an iframe. So the panel
is a preview mode: cluster pages get a "Validation report" mode next to the
normal page, and that mode renders the validator's findings for the in-memory
page instead of the page itself. It refreshes as the editor types, works on
the create view too, and never saves anything.

The words that say *where* a finding is (block, FAQ item, the sentence)
come from cluster/validation/wording.py, as on the Publish form.
"""

from __future__ import annotations

from django.template.response import TemplateResponse
from wagtail.models import Page

from cluster.models import VALIDATION_PREVIEW_MODE
from cluster.validation.config import validation_overrides
from cluster.validation.service import NotInCluster, draft_cluster_report
from cluster.validation.wording import describe, excerpt
from validators.config import resolve
from validators.document import FAQ, LEAD
from validators.findings import Location


def finding_rows(doc, findings) -> list[dict]:
    return [
        {"finding": f, "where": describe(doc, f.location), "excerpt": excerpt(doc, f.location)}
        for f in findings
    ]


def _titles(ids) -> dict:
    return dict(Page.objects.filter(id__in=[i for i in ids if i]).values_list("id", "title"))


def link_rows(doc, cluster) -> dict:
    """This page's links as the cluster report has them: owed both ways, and who links here."""
    if cluster is None:
        return {"outgoing": [], "incoming": [], "linked_from": [], "undeclared": [], "orphan": False}
    page_id = doc.id
    outgoing, incoming = cluster.edges_from(page_id), cluster.edges_to(page_id)
    linked_from = cluster.incoming.get(page_id, ())
    # Internal prose links the map does not ask for: not wrong, just unplanned.
    owed = {e.edge.target for e in outgoing}
    undeclared = sorted(set(cluster.outgoing.get(page_id, ())) - owed - {page_id})
    titles = _titles(owed | {e.edge.source for e in incoming} | set(undeclared) | set(linked_from))

    def row(result, other):
        return {
            "title": titles.get(other, f"page {other}"),
            "kind": result.edge.kind,
            "required": result.edge.required,
            "realized": result.realized,
        }

    return {
        "outgoing": [row(e, e.edge.target) for e in outgoing],
        "incoming": [row(e, e.edge.source) for e in incoming],
        "linked_from": [titles.get(s, f"page {s}") for s in linked_from],
        "undeclared": [titles.get(t, f"page {t}") for t in undeclared],
        "orphan": page_id in cluster.orphans,
    }


def faq_status(doc, findings, thresholds) -> dict:
    by_item: dict[tuple, list] = {}
    for f in findings:
        if f.family == "faq" and f.location.faq_item is not None:
            by_item.setdefault((f.location.block, f.location.faq_item), []).append(f)
    items = [
        {
            "where": describe(doc, Location(block=b, faq_item=n)),
            "question": item.question,
            "findings": by_item.get((b, n), []),
        }
        for b, n, item in doc.faq_items
    ]
    return {
        "blocks": len(doc.faq_blocks),
        "count": len(items),
        "minimum": thresholds.get("faq_min_items"),
        "items": items,
        "has_lead": any(b.kind == LEAD for b in doc.blocks),
        "faq_block_numbers": [b.index + 1 for b in doc.blocks if b.kind == FAQ],
    }


def validation_context(*, page, parent=None) -> dict:
    """Everything the validation report shows for an in-memory page."""
    try:
        report = draft_cluster_report(page=page, parent=parent)
    except NotInCluster as exc:  # not (yet) under a pillar: nothing to validate against
        return {"page": page, "problem": str(exc)}
    result = report.pages[0]
    doc = result.document
    cluster = report.clusters[0] if report.clusters else None
    readability = result.metrics.get("readability", {})
    hardest = [
        {**s, "where": describe(doc, Location(block=s["block"], faq_item=s.get("faq_item")))}
        for s in readability.get("hardest_sentences", [])
    ]
    return {
        "page": page,
        "result": result,
        "errors": finding_rows(doc, result.errors),
        "warnings": finding_rows(doc, result.warnings),
        "readability": readability,
        "hardest": hardest,
        "faq": faq_status(doc, result.findings, resolve(doc.type, validation_overrides())),
        "links": link_rows(doc, cluster),
        "coverage": cluster.page_coverage(doc.id),  # draft_cluster_report always has the cluster section
    }


def serve_validation_report(page, request, mode_name):
    """The "Validation report" preview mode of a cluster page (the `serve_cluster_preview` hook)."""
    if mode_name != VALIDATION_PREVIEW_MODE:
        return None
    # A page on the create view has no parent link yet, only a tree path
    # (PreviewOnCreateView sets one), which get_parent() can follow.
    parent = page.get_parent() if page.path else None
    context = validation_context(page=page, parent=parent)
    return TemplateResponse(request, "cluster/admin/validation_report.html", context)
