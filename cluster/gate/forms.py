"""The admin page form of cluster pages: the gate's errors, inline, after a refused Publish.

A refused Publish saves the draft (Wagtail saves the revision before the
`before_publish_page` hook refuses, cluster/gate/admin.py) and sends the editor
back to the edit view. There, `add_gate_errors` puts each error on the block,
FAQ item field or page field it concerns, as Wagtail shows its own field
errors (cluster/gate/feedback.py `mark_refused_draft` calls it on that view's
unbound form). Saving a draft never runs the gate.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import ListBlockValidationError, StreamBlockValidationError, StructBlockValidationError

from cluster.validation.documents import document_from_page
from cluster.validation.wording import excerpt
from validators.document import CTA, FAQ, LEAD

# FAQ findings about the question go under the question field; everything
# else on an item (answer length, repeats, links, readability) is the answer's.
QUESTION_FINDINGS = {"faq.E003", "faq.E004", "faq.E005", "faq.E010", "faq.W001"}


def inline_message(doc, finding) -> str:
    """What is wrong, the text it quotes, how to fix it; the check ID last."""
    text = finding.message
    quoted = excerpt(doc, finding.location)
    if quoted:
        text += f" “{quoted}”"
    if finding.hint:
        text += f" How to fix: {finding.hint}"
    return f"{text} ({finding.id})"


def _messages(doc, findings) -> ValidationError:
    return ValidationError([inline_message(doc, f) for f in findings])


def block_error(doc, block, findings) -> ValidationError:
    """One block's errors, nested down to the FAQ item field where possible."""
    if block.kind == FAQ:
        own = [f for f in findings if f.location.faq_item is None]
        items: dict[int, dict[str, list]] = {}
        for f in findings:
            if f.location.faq_item is not None:
                child = "question" if f.id in QUESTION_FINDINGS else "answer"
                items.setdefault(f.location.faq_item, {}).setdefault(child, []).append(f)
        nested = {
            n: StructBlockValidationError(block_errors={c: _messages(doc, fs) for c, fs in children.items()})
            for n, children in items.items()
        }
        return StructBlockValidationError(
            block_errors={"items": ListBlockValidationError(block_errors=nested)} if nested else None,
            non_block_errors=[inline_message(doc, f) for f in own],
        )
    if block.kind == LEAD:  # the lead's prose (and so every finding) is its answer
        return StructBlockValidationError(block_errors={"answer": _messages(doc, findings)})
    if block.kind == CTA:
        return StructBlockValidationError(non_block_errors=[inline_message(doc, f) for f in findings])
    return _messages(doc, findings)


def errors_by_place(doc, findings):
    """Split findings into (per body block, body-wide, per page field).

    Findings about the page as a whole (no location, e.g. an orphan) have no
    field to sit on: they are in the summary only.
    """
    blocks: dict[int, list] = {}
    body, fields = [], {}
    for f in findings:
        loc = f.location
        if loc.block is not None and loc.block < len(doc.blocks):
            blocks.setdefault(loc.block, []).append(f)
        elif loc.field == "body":
            body.append(f)
        elif loc.field:
            fields.setdefault(loc.field, []).append(f)
    return blocks, body, fields


class ClusterPageForm(WagtailAdminPageForm):
    def add_gate_errors(self, page, findings):
        """Show `findings` (errors of `page`, the form's instance) at their places, unbound or bound."""
        if not self.is_bound:
            self.errors  # noqa: B018  (an unbound form's errors: an empty ErrorDict to add to)
            self.cleaned_data = {}  # add_error() drops the field from it
        doc = document_from_page(page, version="draft")
        blocks, body, fields = errors_by_place(doc, findings)
        if blocks or body:
            error = StreamBlockValidationError(
                block_errors={i: block_error(doc, doc.blocks[i], fs) for i, fs in blocks.items()},
                non_block_errors=[inline_message(doc, f) for f in body],
            )
            self.add_error("body", error)
        for name, fs in fields.items():
            if name in self.fields:
                self.add_error(name, _messages(doc, fs))
