"""The publication gate: no cluster page with validation errors goes live.

Every route to "live" in Wagtail (admin edit/create Publish, bulk publish,
workflow approval, scheduling and scheduled go-live, API writes,
`revision.publish()` in code) ends in `PublishRevisionAction._publish_revision`,
so the gate wraps exactly that one method (cluster/gate/patches.py, installed
from `ClusterConfig.ready`).
The permission check in `check()` is skipped by some callers
(`execute(skip_permission_checks=True)`), `_publish_revision` never is.
Warnings never block, and saving a draft never reaches this code.

The routes only differ in how a refusal is reported; docs/gate.md lists them.
An editor with the `cluster.publish_despite_validation_errors` permission may
publish anyway by giving a reason (`override(...)`, which the admin's
confirmation step in cluster/gate/views.py uses); the override is
audit-logged as its own action, with the findings at that moment.
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.log_actions import log
from wagtail.models import PageLogEntry, Revision

from cluster.models import OVERRIDE_PERMISSION, PillarPage, TopicPage
from cluster.validation.documents import content_hash
from cluster.validation.service import draft_page_report
from cluster.validation.snapshot import snapshot_of
from cluster.validation.states import batch_going_live, going_live

OVERRIDE_LOG_ACTION = "cluster.publish_override"
SCHEDULED_BLOCKED_LOG_ACTION = "cluster.scheduled_publish_blocked"
__all__ = ["OVERRIDE_PERMISSION", "PublicationBlocked", "check_publish"]


class PublicationBlocked(PublishPermissionError):
    """Raised when a publish would put a page with validation errors live."""

    def __init__(self, page, findings):
        self.page = page
        self.findings = list(findings)
        summary = "; ".join(f"{f.id}: {f.message}" for f in self.findings[:5])
        more = f" (+{len(self.findings) - 5} more)" if len(self.findings) > 5 else ""
        super().__init__(f"{page.title!r} cannot be published: {summary}{more}")


class PublishFailed(Exception):
    """The database (or a model's validation) refused a publish the gate allowed."""

    def __init__(self, page_id: int, message: str):
        self.page_id = page_id
        super().__init__(message)


@dataclass(frozen=True)
class Override:
    user_id: int
    reason: str


_override: contextvars.ContextVar[Override | None] = contextvars.ContextVar("gate_override", default=None)
# Set by `publish_scheduled`: a refused go-live is recorded here instead of raising,
# so one failing page never stops the others going live.
_scheduled_sink: contextvars.ContextVar[list | None] = contextvars.ContextVar("gate_scheduled", default=None)
# Set per admin request by the middleware: every refusal is noted here too, because
# Wagtail's admin turns any PermissionDenied into a generic "no permission" redirect.
_refusals: contextvars.ContextVar[list | None] = contextvars.ContextVar("gate_refusals", default=None)


def gate_enabled() -> bool:
    # Only the benchmarks turn this off, to measure the gate's own cost.
    return getattr(settings, "CLUSTER_PUBLICATION_GATE", True)


def can_override(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(OVERRIDE_PERMISSION))


@contextlib.contextmanager
def override(user, reason: str):
    """Allow `user` to publish despite errors while the block runs."""
    if not can_override(user) or not (reason or "").strip():
        raise PermissionError("overriding the publication gate needs the permission and a reason")
    token = _override.set(Override(user.pk, reason.strip()))
    try:
        yield
    finally:
        _override.reset(token)


def is_cluster_page(obj) -> bool:
    return isinstance(obj, (PillarPage, TopicPage))


# Verdicts already reached in this request. One admin Publish asks three times
# (the form, the before_publish_page hook, the publish action) about the same
# content; nothing else in the cluster changes in between, so the first answer
# stands. Scoped to one request by PublicationGateMiddleware.
_verdicts: contextvars.ContextVar[dict | None] = contextvars.ContextVar("gate_verdicts", default=None)


@contextlib.contextmanager
def request_scope():
    token = _verdicts.set({})
    try:
        yield
    finally:
        _verdicts.reset(token)


def _verdict_key(page, parent):
    snap = snapshot_of(page)
    return (
        snap.id,
        getattr(parent, "pk", None) if not page.pk else None,
        content_hash(snap.raw_body, [*snap.hashed_fields, snap.related, snap.adjacent]),
        batch_going_live(),
    )


def blocking_findings(page, parent=None) -> list:
    """The errors that would stop `page` (an in-memory page or revision object) going live."""
    if not gate_enabled() or not is_cluster_page(page):
        return []
    memo = _verdicts.get()
    key = _verdict_key(page, parent) if memo is not None else None
    if key is not None and key in memo:
        return list(memo[key])
    report = draft_page_report(page=page, parent=parent)
    findings = [f for result in report.pages for f in result.errors]
    if key is not None:
        memo[key] = findings
    return list(findings)


def findings_data(findings) -> list[dict]:
    """Findings as the audit log and the API show them: id, severity, message, hint, location."""
    return [f.as_dict() for f in findings]


def record_override(page, user, reason, findings, revision=None):
    data = {"reason": reason, "findings": findings_data(findings)}
    if page.go_live_at and page.go_live_at > timezone.now():
        # Overridden while scheduling: the go-live inherits it (_overridden_revision).
        data["scheduled_for"] = page.go_live_at.isoformat()
    return log(page, OVERRIDE_LOG_ACTION, user=user, data=data, revision=revision)


def record_scheduled_block(page, revision, findings):
    """Log a refused scheduled go-live and unschedule the revision.

    Unscheduling stops `publish_scheduled` retrying (and re-logging) the same
    revision on every run; the editor fixes the page and schedules it again.
    """
    go_live_at = revision.approved_go_live_at
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
    return log(
        page,
        SCHEDULED_BLOCKED_LOG_ACTION,
        data={
            "revision": {"id": revision.pk, "go_live_at": go_live_at.isoformat() if go_live_at else None},
            "findings": findings_data(findings),
        },
        revision=revision,
    )


def _overridden_revision(page, revision, findings) -> bool:
    """A scheduled revision a moderator overrode when scheduling it may go live
    unattended, as long as it has no error the moderator did not see."""
    entries = PageLogEntry.objects.filter(
        page_id=page.pk, action=OVERRIDE_LOG_ACTION, revision_id=revision.pk
    ).values_list("data", flat=True)
    seen = {(f["id"], f["message"]) for data in entries for f in (data or {}).get("findings", [])}
    return bool(seen) and all((f.id, f.message) in seen for f in findings)


def _granted(user) -> Override | None:
    """The override active for `user` in this context, if any (and still permitted)."""
    granted = _override.get()
    if granted and user is not None and granted.user_id == user.pk and can_override(user):
        return granted
    return None


def refusal(obj, user) -> PublicationBlocked | None:
    """What `check_publish` would raise, without raising or logging (for a pre-check)."""
    findings = blocking_findings(obj)
    return PublicationBlocked(obj, findings) if findings and not _granted(user) else None


def check_publish(obj, user, revision=None):
    """Raise PublicationBlocked unless `obj` may go live now (or `user` overrides)."""
    findings = blocking_findings(obj)
    if not findings:
        return
    if granted := _granted(user):
        record_override(obj, user, granted.reason, findings, revision=revision)
        return
    if user is None and revision is not None and _overridden_revision(obj, revision, findings):
        return
    raise PublicationBlocked(obj, findings)


@contextlib.contextmanager
def _collecting(var: contextvars.ContextVar):
    """Point `var` at a fresh list for the block, and yield that list."""
    collected: list[PublicationBlocked] = []
    token = var.set(collected)
    try:
        yield collected
    finally:
        var.reset(token)


def noting_refusals():
    """Note every refusal while the block runs, even one that callers catch."""
    return _collecting(_refusals)


def collecting_scheduled_refusals():
    """While active, a refused publish is logged and skipped instead of raised.

    Only `publish_scheduled` uses this: it publishes revisions nobody is
    waiting for, so there is no one to raise to.
    """
    return _collecting(_scheduled_sink)


def admit(obj, user, revision=None) -> bool:
    """The gate on one publish: True to go ahead, False to skip it quietly; raises when refused.

    A refusal is noted for the admin's middleware (`noting_refusals`) and,
    under `publish_scheduled`, logged and skipped rather than raised.
    """
    try:
        check_publish(obj, user, revision=revision)
    except PublicationBlocked as refused:
        if (noted := _refusals.get()) is not None:
            noted.append(refused)
        sink = _scheduled_sink.get()
        if sink is None:
            raise
        record_scheduled_block(obj, revision, refused.findings)
        sink.append(refused)
        return False
    return True


def publish_together(*, revisions, user=None) -> None:
    """Publish these revisions as one unit, each through the gate.

    Each page counts as live while the others are checked, so pages that
    link to each other (a whole new cluster) can go live at once instead of
    never. Call it inside the transaction that saved them: one refusal then
    rolls back the whole batch. A publish the database or a model's
    validation refuses raises PublishFailed, naming the page.
    """
    revisions = list(revisions)
    with going_live(int(r.object_id) for r in revisions):
        for revision in revisions:
            # Read afresh: a revision holds the page it was saved from, and
            # publishing saves that page's whole row, tree columns included;
            # children added since (an import adds them after their pillar)
            # would drop out of its stale `numchild`.
            try:
                Revision.objects.get(pk=revision.pk).publish(user=user)
            except ValidationError as exc:
                raise PublishFailed(int(revision.object_id), "; ".join(exc.messages)) from exc
            except DatabaseError as exc:
                raise PublishFailed(int(revision.object_id), str(exc)) from exc


def publish_passing(*, revisions, user=None) -> list[PublicationBlocked]:
    """Publish, together, every revision the gate lets through; return why the rest were refused.

    A refused page is taken out and the rest tried again (each round in a
    savepoint), because the others may have passed only while it counted as
    going live (a link to it). Taking pages out can also let one through
    that was refused earlier (a pillar need not link a topic that is not
    live), so those are tried again while a round publishes anything. The
    refusals are asked anew at the end, so their findings are the site's as
    it is then.
    """
    pending, held = list(revisions), {}
    while pending:
        published, refused = _publish_rounds(pending, user=user)
        held = {r: exc for r, exc in held.items() if r not in pending} | refused
        pending = [r for r in refused if not blocking_findings(r.as_object())] if published else []
    return [_asked_again(exc) for exc in held.values()]


def _asked_again(refused: PublicationBlocked) -> PublicationBlocked:
    # A page that passes alone yet was refused with the others keeps its reason.
    return PublicationBlocked(refused.page, blocking_findings(refused.page) or refused.findings)


def _publish_rounds(revisions, *, user) -> tuple[list, dict]:
    """Publish what passes, together; returns the published revisions and {refused revision: why}."""
    pending, refused = list(revisions), {}
    while pending:
        try:
            with transaction.atomic():
                publish_together(revisions=pending, user=user)
            break
        except PublicationBlocked as exc:
            taken = [r for r in pending if int(r.object_id) == exc.page.pk]
            if not taken:  # not one of ours: nothing to take out
                raise
            refused |= dict.fromkeys(taken, exc)
            pending = [r for r in pending if r not in taken]
    return pending, refused
