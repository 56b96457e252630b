"""The publication gate in the Wagtail admin: refusals, overrides, bulk publish, audit entries.

The gate itself (cluster/gate/rules.py) refuses by raising `PublicationBlocked`, a
PermissionDenied. Wagtail's admin views turn any PermissionDenied into "Sorry,
you do not have permission to access this area.", so here:

- `refuse_before_publish` (the `before_publish_page` hook of the edit and
  create views) refuses before Wagtail tries, keeps the draft, and sends the
  editor to the edit view with every finding and its hint (the words are
  cluster/gate/feedback.py's; the override is cluster/gate/views.py's
  confirmation step).
- `PublicationGateMiddleware` does the same for a refusal anywhere else in the
  admin (workflow approval).
- `GatedPublishBulkAction` replaces Wagtail's bulk "Publish": it publishes the
  pages that pass, and reports which pages were refused and why.
- `backlinks_notice` names the live pages whose links an unpublish, delete or
  move breaks, for the confirmation screens and the message after the action.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages as django_messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from wagtail.admin import messages
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.log_actions import LogFormatter

from cluster.gate import feedback
from cluster.gate import rules as gate
from cluster.gate.backlinks import linked_page_ids, pages_linking_to
from cluster.validation.states import going_live


def _is_admin(request) -> bool:
    return request.path.startswith(reverse("wagtailadmin_home"))


class PublicationGateMiddleware:
    """Request-scoped override, and a readable answer to a refused publish in the admin.

    Wagtail's admin views catch every PermissionDenied (PublicationBlocked is
    one) and answer with "Sorry, you do not have permission to access this
    area." and a redirect to the dashboard; XHR requests get the exception
    re-raised instead. Both cases end up here with the refusal and its findings.
    Goes after AuthenticationMiddleware and MessageMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with gate.noting_refusals() as refusals, gate.request_scope():
            response = self.get_response(request)
        if refusals and _is_admin(request) and self._is_permission_denied(response):
            # Drop Wagtail's misleading "no permission" message, say what is wrong instead.
            list(django_messages.get_messages(request))
            return self._refused(request, refusals[-1])
        return response

    @staticmethod
    def _is_permission_denied(response) -> bool:
        return response.status_code == 403 or (
            response.status_code == 302 and response.get("Location") == reverse("wagtailadmin_home")
        )

    def process_exception(self, request, exception):
        if isinstance(exception, gate.PublicationBlocked) and _is_admin(request):
            return self._refused(request, exception)
        return None

    def _refused(self, request, refused: gate.PublicationBlocked):
        title = refused.page.get_admin_display_title()
        feedback.tell_refusal(request, refused, lead=f"'{title}' is unchanged.")
        page = refused.page
        target = (
            reverse("wagtailadmin_pages:edit", args=(page.pk,)) if page.pk else reverse("wagtailadmin_home")
        )
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # The workflow action modal follows a "success" step's redirect.
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": target}
            )
        return redirect(target)


def refuse_before_publish(request, page):
    """before_publish_page (admin edit and create views): refuse before Wagtail tries.

    Both views have saved the form and a revision by now, so the draft is
    kept and the message says so; the editor lands on the edit view, which
    shows the errors at their blocks again (feedback.mark_refused_draft).
    The create view saves a new page's row with live=True before publishing
    it; if the publish is refused, that row must not stay live.
    """
    refused = gate.refusal(page, request.user)
    if refused is None:
        return None
    creating = request.resolver_match is not None and request.resolver_match.url_name == "add"
    if creating and page.live and page.live_revision_id is None:
        type(page).objects.filter(pk=page.pk).update(live=False)
        page.live = False
    feedback.tell_refusal(request, refused, lead="Saved as a draft.")
    feedback.remember_refused_draft(request, page)
    return redirect("wagtailadmin_pages:edit", page.pk)


def _publish_plan(objects, include_descendants, user):
    """(page, revision, is_child) for every page the core action would publish."""
    plan = []
    for page in objects:
        revision = page.get_latest_revision() or page.specific.save_revision(user=user)
        plan.append((page, revision, False))
        if include_descendants:
            for child in page.get_descendants().not_live().defer_streamfields().specific().iterator():
                if user is None or child.permissions_for_user(user).can_publish():
                    plan.append((child, child.get_latest_revision() or child.save_revision(user=user), True))
    return plan


def _refusals(plan):
    """{page id: findings} for the pages that cannot go live with the others.

    The selection goes live as a unit (like a batch import), so a page may
    link to another selected page. A refused page will not go live after all,
    so the rest are checked again without it, until nothing more is refused.
    """
    refused = {}
    while True:
        accepted = [(page, rev) for page, rev, _ in plan if page.pk not in refused]
        with going_live(page.pk for page, _ in accepted):
            found = {page.pk: f for page, rev in accepted if (f := gate.blocking_findings(rev.as_object()))}
        if not found:
            return refused
        refused.update(found)


class GatedPublishBulkAction(PublishBulkAction):
    """Bulk publish that publishes what passes and names what was refused, and why."""

    @classmethod
    def execute_action(cls, objects, include_descendants=False, user=None, refused=None, **kwargs):
        refused = [] if refused is None else refused
        plan = _publish_plan(objects, include_descendants, user)
        blocked = _refusals(plan)
        parents = children = 0
        with going_live(page.pk for page, _, _ in plan if page.pk not in blocked):
            for page, revision, is_child in plan:
                if page.pk in blocked:
                    refused.append(gate.PublicationBlocked(revision.as_object(), blocked[page.pk]))
                    continue
                try:
                    revision.publish(user=user)
                except gate.PublicationBlocked as exc:  # e.g. a check that depends on timing
                    refused.append(exc)
                    continue
                children += is_child
                parents += not is_child
        return parents, children

    def get_execution_context(self):
        self.refused = []
        return {**super().get_execution_context(), "refused": self.refused}

    def get_success_message(self, num_parent_objects, num_child_objects):
        for refusal in self.refused:
            title = refusal.page.get_admin_display_title()
            messages.error(self.request, feedback.refusal_message(refusal, lead=f"'{title}' is unchanged."))
        if num_parent_objects + num_child_objects == 0:
            return None
        return super().get_success_message(num_parent_objects, num_child_objects)


class PublishOverrideFormatter(LogFormatter):
    label = "Publish despite validation errors"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        verb = "Scheduled" if data.get("scheduled_for") else "Published"
        codes = [f["id"] for f in data.get("findings", [])]
        codes = f" ({', '.join(dict.fromkeys(codes))})" if codes else ""
        return f"{verb} despite validation errors{codes}: {data.get('reason', '')}"


class ScheduledPublishBlockedFormatter(LogFormatter):
    label = "Scheduled publishing blocked"

    def format_message(self, log_entry):
        findings = [f["id"] for f in (log_entry.data or {}).get("findings", [])]
        return (
            f"Scheduled publishing blocked by validation errors ({', '.join(dict.fromkeys(findings))}); "
            "the revision was unscheduled"
        )


def register_gate_log_actions(actions):
    actions.register_action(gate.OVERRIDE_LOG_ACTION)(PublishOverrideFormatter)
    actions.register_action(gate.SCHEDULED_BLOCKED_LOG_ACTION)(ScheduledPublishBlockedFormatter)


# What each action does to a link pointing at the page, and the finding it causes.
_BREAKS = {
    "unpublish": ("Unpublishing", "unpublished", "links.E004"),
    "delete": ("Deleting", "deleted", "links.E005"),
}


# The notice is a message in Wagtail's orange warning banner: its links take the
# banner's dark text colour (the admin's teal on orange is 2.47:1, WCAG 1.4.3),
# underlined to stay links, and are 24 px tall (WCAG 2.5.8, target size).
BACKLINK_STYLE = (
    "color: inherit; text-decoration: underline; display: inline-block; min-height: 24px; line-height: 24px"
)


@dataclass
class BacklinksNotice:
    lead: str = ""
    pages: list = field(default_factory=list)
    extra: str = ""

    def __bool__(self):
        return bool(self.pages or self.extra)

    def html(self):
        items = format_html_join(
            "",
            f'<li><a href="{{}}" style="{BACKLINK_STYLE}">{{}}</a></li>',
            (
                (reverse("wagtailadmin_pages:edit", args=(p.pk,)), p.get_admin_display_title())
                for p in self.pages
            ),
        )
        return format_html("{}<ul>{}</ul>{}", self.lead, items, self.extra)


def _plural(n: int) -> str:
    return f"{n} live page links" if n == 1 else f"{n} live pages link"


def backlinks_notice(page, action: str, destination=None, *, done: bool = False) -> BacklinksNotice:
    """The live pages whose links `action` ("unpublish", "delete" or "move") on `page` breaks."""
    page = page.specific
    if action == "move":
        return _move_notice(page, destination, done)
    gerund, participle, code = _BREAKS[action]
    pages = pages_linking_to(page, include_descendants=action == "delete")
    if not pages:
        return BacklinksNotice()
    if done:
        lead = (
            f"These live pages now link to a page that is {participle}; they fail validation "
            f"({code}) until the links are fixed:"
        )
    else:
        lead = (
            f"{_plural(len(pages))} to this page. {gerund} it breaks those links: each of these pages "
            f"fails validation ({code}) until its link is removed or pointed at a live page."
        )
    return BacklinksNotice(lead, pages)


def _move_notice(page, destination, done: bool) -> BacklinksNotice:
    """A move keeps links working (they are by page id) but changes the cluster a topic is in."""
    if destination is None or destination.pk == page.get_parent().pk:
        return BacklinksNotice()
    destination = destination.specific
    pages = pages_linking_to(page)
    lead = (
        f"{_plural(len(pages))} to this page. Their links will lead to its new place under "
        f"'{destination.get_admin_display_title()}'."
        if pages
        else ""
    )
    extra = ""
    if gate.is_cluster_page(destination) and page.live and page.pk not in linked_page_ids(destination):
        title = destination.get_admin_display_title()
        extra = (
            f"'{title}' does not link to this page: {'it now fails' if done else 'after the move it fails'} "
            f"validation (links.E001) until it does."
        )
    return BacklinksNotice(lead, pages, extra)


def warn_backlinks(request, page, action: str, destination=None):
    """before_{unpublish,delete,move}_page: warn on the confirmation screen, and again once done.

    The hooks run before the action on POST (and on GET for delete and move);
    they never stop it: the editor has been told, and may have good reasons.
    """
    done = request.method == "POST"
    notice = backlinks_notice(page, action, destination, done=done)
    if notice:
        messages.warning(request, notice.html())
