"""The admin page form of cluster pages: the publication gate, inline, on Publish.

Publishing in Wagtail's edit and create views goes form.is_valid() ->
publish_action() -> revision.publish(), and the gate (cluster/gate.py) refuses
that last step by raising. Running the same check while the form is cleaned
turns a refusal into form errors, shown at the block or FAQ item they concern
plus a summary at the top, and the editor keeps their unsaved edits.

Only a publish is checked: saving a draft (and autosave) never runs the
validators, and warnings never block.
"""

from __future__ import annotations

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import ListBlockValidationError, StreamBlockValidationError, StructBlockValidationError

from cluster.gate import rules as gate
from cluster.models import OVERRIDE_LABEL, OVERRIDE_REASON_FIELD
from cluster.validation.documents import document_from_page
from cluster.validation.wording import describe, excerpt
from validators.document import CTA, FAQ, LEAD

# The gate's middleware reads the reason from this POST field for the whole
# request, so it still holds when the view calls revision.publish() later.
OVERRIDE_FIELD = OVERRIDE_REASON_FIELD

# FAQ findings about the question go under the question field; everything
# else on an item (answer length, repeats, links, readability) is the answer's.
QUESTION_FINDINGS = {"faq.E003", "faq.E004", "faq.E005", "faq.E010", "faq.W001"}
# The child relations that change what the validators see (declared edges).
CLUSTER_RELATIONS = ("related_topics", "adjacent_clusters")


def override_reason(data, user) -> str:
    """The reason if `user` may override and gave one, else ''."""
    reason = (data.get(OVERRIDE_FIELD) or "").strip() if data else ""
    return reason if reason and gate.can_override(user) else ""


def inline_message(doc, finding) -> str:
    text = f"{finding.message} [{finding.id}]"
    quoted = excerpt(doc, finding.location)
    if quoted:
        text += f" “{quoted}”"
    return f"{text} — {finding.hint}" if finding.hint else text


def summary_message(doc, finding) -> str:
    hint = f" How to fix: {finding.hint}" if finding.hint else ""
    return f"{finding.id} · {describe(doc, finding.location)}: {finding.message}{hint}"


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
    gate_findings = ()  # the errors found on the last publish attempt

    @property
    def is_publishing(self) -> bool:
        """Whether the view will publish: the same test Wagtail's views make."""
        if not self.is_bound or not self.data.get("action-publish"):
            return False
        user = self.for_user
        if user is None:
            return True
        if self.instance.pk:
            return self.instance.permissions_for_user(user).can_publish()
        return (
            self.parent_page is not None and self.parent_page.permissions_for_user(user).can_publish_subpage()
        )

    def clean(self):
        cleaned = super().clean()
        # With the gate off, nothing here should cost the editor anything.
        if gate.gate_enabled() and self.is_publishing and "body" in cleaned:
            page = self.page_as_published()
            if page is not None:
                self.gate_findings = gate.blocking_findings(page, parent=self.parent_page)
                if self.gate_findings and not override_reason(self.data, self.for_user):
                    self.add_gate_errors(page, self.gate_findings)
        return cleaned

    def page_as_published(self):
        """A copy of the instance with the submitted values; self.instance stays untouched.

        ModelForm applies cleaned_data to self.instance only after clean(), and the
        inline panels (related topics) only on save(); the copy gets both now.
        """
        page = copy.copy(self.instance)
        # modelcluster keeps in-memory child relations in this dict: give the
        # copy its own, so setting related topics below never touches the form's.
        page._cluster_related_objects = dict(getattr(self.instance, "_cluster_related_objects", {}))
        construct_instance(self, page, self._meta.fields, self._meta.exclude)
        for name in CLUSTER_RELATIONS:
            formset = self.formsets.get(name)
            if formset is not None:
                if not formset.is_valid():
                    return None  # the form fails anyway; validate once it is fixed
                setattr(page, name, _children(formset))
        return page

    def add_gate_errors(self, page, findings):
        doc = document_from_page(page, version="draft")
        count = len(findings)
        # The summary first: Wagtail's error banner lists form errors in order.
        self.add_error(
            None,
            [
                f"This page was not published: {count} validation error{'s' if count != 1 else ''} "
                "must be fixed first. Save a draft to keep your changes.",
                *(summary_message(doc, f) for f in findings),
            ],
        )
        blocks, body, fields = errors_by_place(doc, findings)
        if blocks or body:
            error = StreamBlockValidationError(
                block_errors={i: block_error(doc, doc.blocks[i], fs) for i, fs in blocks.items()},
                non_block_errors=[inline_message(doc, f) for f in body],
            )
            # Shown in the banner as "Body: …"; the stock text says nothing useful.
            error.message = "the errors are marked in the body below."
            self.add_error("body", error)
        for name, fs in fields.items():
            if name in self.fields:
                self.add_error(name, _messages(doc, fs))


# The field's name has a hyphen, so it cannot be a class attribute; declaring it
# here still lets FieldPanel and the generated subclasses find it.
_reason = forms.CharField(label=OVERRIDE_LABEL, required=False, widget=forms.Textarea(attrs={"rows": 2}))
ClusterPageForm.declared_fields[OVERRIDE_FIELD] = ClusterPageForm.base_fields[OVERRIDE_FIELD] = _reason


def _children(formset):
    """Unsaved child objects for the formset's current, non-deleted rows."""
    fields = {f.name for f in formset.model._meta.concrete_fields} - {"id", formset.fk.name}
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data and not data.get("DELETE"):
            rows.append(formset.model(**{k: v for k, v in data.items() if k in fields}))
    return rows
