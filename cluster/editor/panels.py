"""The editor's validation panel: findings for the current, unsaved content.

Wagtail 8 has no hook for adding editor side panels, but its Preview panel
already POSTs the unsaved form to the preview-on-edit/create views on every
change and renders `serve_preview(request, mode)` in an iframe. So the panel
is a preview mode: cluster pages get a "Validation report" mode next to the
normal page, and that mode renders the validator's findings for the in-memory
page instead of the page itself. It refreshes as the editor types, works on
the create view too, and never saves anything.

The helpers that say *where* a finding is (block, FAQ item, the sentence)
live here too; the Publish form (cluster/forms.py) uses the same words.
"""

from __future__ import annotations

from django.template.response import TemplateResponse

from validators.document import FAQ, LEAD
from validators.findings import Location
from validators.text import block_segments, plain_text

VALIDATION_MODE = "validation"
KIND_LABELS = {
    "lead": "Lead",
    "heading": "Heading",
    "paragraph": "Paragraph",
    "faq": "FAQ",
    "cta": "Call to action",
}
FIELD_LABELS = {
    "body": "Body",
    "lead": "Lead",
    "language": "Language",
    "required_questions": "Required questions",
}
EXCERPT_CHARS = 160


def block_of(doc, index):
    return doc.blocks[index] if index is not None and 0 <= index < len(doc.blocks) else None


def describe(doc, location: Location) -> str:
    """Where a finding is, as an editor counts: 'Block 5 (FAQ), item 2'.

    Blocks and FAQ items are numbered from 1, in the order the editor shows
    them (the engine's indexes are 0-based).
    """
    parts = []
    block = block_of(doc, location.block)
    if location.block is not None:
        kind = KIND_LABELS.get(block.kind, block.kind) if block else "block"
        parts.append(f"Block {location.block + 1} ({kind})")
    if location.faq_item is not None:
        parts.append(f"item {location.faq_item + 1}")
    if not parts and location.field:
        parts.append(FIELD_LABELS.get(location.field, location.field.replace("_", " ").capitalize()))
    return ", ".join(parts) or "Whole page"


def excerpt(doc, location: Location) -> str:
    """The text a sentence- or paragraph-level finding points at, shortened.

    Offsets index the block's plain prose (for FAQ blocks, the item's answer),
    built exactly as the readability check built it (validators.text).
    """
    block = block_of(doc, location.block)
    if block is None or location.start is None:
        return ""
    segments = [s for s in block_segments(block) if s.faq_item == location.faq_item]
    if not segments:
        return ""
    text = plain_text(segments[0].units)[location.start : location.end].strip()
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def finding_rows(doc, findings) -> list[dict]:
    return [
        {"finding": f, "where": describe(doc, f.location), "excerpt": excerpt(doc, f.location)}
        for f in findings
    ]


def _titles(ids) -> dict:
    from wagtail.models import Page

    return dict(Page.objects.filter(id__in=[i for i in ids if i]).values_list("id", "title"))


def link_rows(doc, cluster) -> dict:
    """Declared cluster links from and to this page, and whether the prose has them."""
    from validators.checks.links import content_targets

    if cluster is None:
        return {"outgoing": [], "incoming": [], "undeclared": [], "orphan": False}
    page_id = doc.id
    outgoing = [e for e in cluster.edges if e.edge.source == page_id]
    incoming = [e for e in cluster.edges if e.edge.target == page_id]
    # Internal prose links the map does not ask for: not wrong, just unplanned.
    undeclared = sorted(content_targets(doc) - {e.edge.target for e in outgoing} - {page_id})
    titles = _titles({e.edge.target for e in outgoing} | {e.edge.source for e in incoming} | set(undeclared))

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


def validation_context(page, parent=None) -> dict:
    """Everything the validation report shows for an in-memory page."""
    from cluster.checks import validation_overrides
    from cluster.validation.service import validate_instance
    from validators.config import resolve

    try:
        report = validate_instance(page, parent=parent, config=validation_overrides())
    except ValueError as exc:  # not (yet) under a pillar: nothing to validate against
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
        "coverage": result.metrics.get("coverage", {}),
    }


class ValidationPreviewMixin:
    """Adds the "Validation report" preview mode to a cluster page model."""

    @property
    def preview_modes(self):
        return [("", "Page"), (VALIDATION_MODE, "Validation report")]

    def serve_preview(self, request, mode_name):
        if mode_name != VALIDATION_MODE:
            return super().serve_preview(request, mode_name)
        # A page on the create view has no parent link yet, only a tree path
        # (PreviewOnCreateView sets one), which get_parent() can follow.
        parent = self.get_parent() if self.path else None
        context = validation_context(self, parent=parent)
        return TemplateResponse(request, "cluster/admin/validation_report.html", context)
