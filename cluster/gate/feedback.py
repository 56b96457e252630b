"""What the editor is told around Publish: a refusal, a Save draft's verdict, an override.

Every finding reads the same way wherever it is listed: what is wrong, how to
fix it, where it is (`cluster.validation.wording.describe`), and the check ID
last. Each one is a link (`data-cluster-finding` with `data-block`,
`data-faq-item`, `data-field`) that cluster/static/cluster/gate/findings.js
turns into "scroll to it and put the cursor there".

A refused Publish in the edit or create view has saved the draft already
(Wagtail saves the revision before `before_publish_page` runs), so the
message says so, and the edit view the editor lands on shows the errors at
their blocks again (`mark_refused_draft`, patched in by cluster/gate/patches.py).
"""

from __future__ import annotations

from django.contrib import messages as django_messages
from django.forms.utils import flatatt
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from wagtail.admin import messages

from cluster.gate import rules as gate
from cluster.validation.documents import document_from_page
from cluster.validation.wording import describe

# After a refused Publish: {"page": id, "revision": id} of the draft that was refused.
REFUSED_DRAFT_KEY = "cluster_gate_refused_draft"
PUBLISH_ANYWAY_LABEL = "Publish despite errors…"
# Wagtail's POST keys for the actions other than a plain Save draft.
OTHER_ACTIONS = (
    "action-publish",
    "action-submit",
    "action-restart-workflow",
    "action-workflow-action",
    "action-cancel-workflow",
)


def problems(count: int) -> str:
    return f"{count} problem{'s' if count != 1 else ''}"


def errors(count: int) -> str:
    return f"{count} validation error{'s' if count != 1 else ''}"


def finding_attrs(doc, location) -> dict:
    """The data attributes findings.js reads to find the place in the editor."""
    # Inherit the message's colour: the admin's link colour is unreadable on an error banner.
    attrs = {"data-cluster-finding": "", "style": "color: inherit; text-decoration: underline"}
    if location.block is not None and location.block < len(doc.blocks):
        attrs["data-block"] = location.block
        if location.faq_item is not None:
            attrs["data-faq-item"] = location.faq_item
    elif location.field:
        attrs["data-field"] = location.field
    return attrs


def finding_html(doc, finding):
    hint = format_html(" How to fix: {}", finding.hint) if finding.hint else ""
    return format_html(
        '<li><a href="#"{}>{}</a>{} <span class="cluster-finding-where">({})</span> <small>{}</small></li>',
        flatatt(finding_attrs(doc, finding.location)),
        finding.message,
        hint,
        describe(doc, finding.location),
        finding.id,
    )


def findings_html(page, findings):
    doc = document_from_page(page, version="draft")
    return format_html("<ul>{}</ul>", format_html_join("", "{}", ((finding_html(doc, f),) for f in findings)))


def publish_anyway_url(page) -> str:
    return reverse("cluster_publish_anyway", args=(page.pk,))


def refusal_message(refused: gate.PublicationBlocked, *, lead: str):
    count = len(refused.findings)
    text = f"{lead} Not published: {problems(count)} must be fixed first."
    return format_html("{}{}", text, findings_html(refused.page, refused.findings))


def tell_refusal(request, refused: gate.PublicationBlocked, *, lead: str) -> None:
    """One error message: what happened, every finding, and the override if the user holds it."""
    page = refused.page
    buttons = []
    if page.pk and gate.can_override(request.user):
        buttons.append(messages.button(publish_anyway_url(page), PUBLISH_ANYWAY_LABEL))
    messages.error(request, refusal_message(refused, lead=lead), buttons=buttons)


def remember_refused_draft(request, page) -> None:
    request.session[REFUSED_DRAFT_KEY] = {"page": page.pk, "revision": page.latest_revision_id}


def mark_refused_draft(view) -> None:
    """On the edit view after a refused Publish, the errors sit at their blocks again.

    Only while the refused draft is still the latest revision: any later save
    is validated on its own terms.
    """
    request, form = view.request, getattr(view, "form", None)
    flag = request.session.get(REFUSED_DRAFT_KEY)
    if request.method != "GET" or not flag or not hasattr(form, "add_gate_errors"):
        return
    if flag != {"page": view.page.pk, "revision": view.page.latest_revision_id}:
        return
    findings = gate.blocking_findings(view.page)
    if findings:
        form.add_gate_errors(view.page, findings)


def is_plain_save(request) -> bool:
    """A "Save draft" by a person: not another action, not an autosave (which wants JSON)."""
    return (
        request.method == "POST"
        and request.accepts("text/html")
        and not any(request.POST.get(key) or key in request.POST for key in OTHER_ACTIONS)
    )


def draft_verdict(page, findings):
    """The Save draft message: whether this draft would pass Publish (warnings are advice)."""
    if not findings:
        return "Draft saved. It passes validation and can be published."
    lead = f"Draft saved. Publishing it is blocked by {problems(len(findings))}:"
    return format_html("{}{}", lead, findings_html(page, findings))


def tell_draft_verdict(request, page) -> None:
    """after_edit_page / after_create_page: say whether the saved draft would pass.

    Wagtail has just queued "Page '…' has been updated." (or "created."); this
    message replaces it, so the editor reads one message, not two.
    """
    if not gate.gate_enabled() or not gate.is_cluster_page(page) or not is_plain_save(request):
        return
    findings = gate.blocking_findings(page)
    level = messages.success if not findings else messages.warning
    _drop_last_success(request)
    level(request, draft_verdict(page, findings))


def _drop_last_success(request) -> None:
    queued = list(django_messages.get_messages(request))  # marks every message as shown
    if queued and queued[-1].level == django_messages.SUCCESS:
        queued.pop()
    for message in queued:  # so the others are queued again
        django_messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)


def override_done_message(count: int, *, scheduled: bool) -> str:
    verb = "Scheduled for publishing" if scheduled else "Published"
    return f"{verb} despite {errors(count)}. Your reason is in the page history."


def editor_js():
    return format_html('<script src="{}" defer></script>', static("cluster/gate/findings.js"))
