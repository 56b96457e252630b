"""The publication gate: no cluster page with validation errors goes live.

Every route to "live" in Wagtail (admin edit/create Publish, bulk publish,
workflow approval, scheduled publishing, API writes, `revision.publish()` in
code) ends in `PublishRevisionAction.check()`, so the gate wraps exactly that
one method (installed from `ClusterConfig.ready`). Warnings never block, and
saving a draft never reaches this code.

An editor with the `cluster.publish_despite_validation_errors` permission may
publish anyway by giving a reason; the admin form grants that for the current
request through `override(...)`, and the override is audit-logged.
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass

from django.conf import settings
from wagtail.actions.publish_revision import PublishPermissionError, PublishRevisionAction

OVERRIDE_PERMISSION = "cluster.publish_despite_validation_errors"
OVERRIDE_LOG_ACTION = "cluster.publish_override"


class PublicationBlocked(PublishPermissionError):
    """Raised when a publish would put a page with validation errors live."""

    def __init__(self, page, findings):
        self.page = page
        self.findings = list(findings)
        summary = "; ".join(f"{f.id}: {f.message}" for f in self.findings[:5])
        more = f" (+{len(self.findings) - 5} more)" if len(self.findings) > 5 else ""
        super().__init__(f"{page.title!r} cannot be published: {summary}{more}")


@dataclass(frozen=True)
class Override:
    user_id: int
    reason: str


_override: contextvars.ContextVar[Override | None] = contextvars.ContextVar("gate_override", default=None)


def gate_enabled() -> bool:
    # Only the benchmarks turn this off, to measure the gate's own cost.
    return getattr(settings, "CLUSTER_PUBLICATION_GATE", True)


def can_override(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(OVERRIDE_PERMISSION))


@contextlib.contextmanager
def override(user, reason: str):
    """Allow `user` to publish despite errors while the block runs."""
    if not can_override(user) or not reason.strip():
        raise PermissionError("overriding the publication gate needs the permission and a reason")
    token = _override.set(Override(user.pk, reason.strip()))
    try:
        yield
    finally:
        _override.reset(token)


def is_cluster_page(obj) -> bool:
    from .models import PillarPage, TopicPage

    return isinstance(obj, (PillarPage, TopicPage))


def blocking_findings(page, parent=None) -> list:
    """The errors that would stop `page` (an in-memory page or revision object) going live."""
    if not gate_enabled() or not is_cluster_page(page):
        return []
    from .adapter import validate_instance
    from .checks import validation_overrides

    report = validate_instance(page, parent=parent, config=validation_overrides())
    return [f for result in report.pages for f in result.errors]


def record_override(page, user, reason, findings):
    from wagtail.log_actions import log

    return log(
        page,
        OVERRIDE_LOG_ACTION,
        user=user,
        data={"reason": reason, "findings": [f.as_dict() for f in findings]},
    )


def check_publish(obj, user):
    """Raise PublicationBlocked unless `obj` may go live now (or `user` overrides)."""
    findings = blocking_findings(obj)
    if not findings:
        return
    granted = _override.get()
    if granted and user is not None and granted.user_id == user.pk and can_override(user):
        record_override(obj, user, granted.reason, findings)
        return
    raise PublicationBlocked(obj, findings)


def install():
    """Wrap PublishRevisionAction._publish_revision once, for every subclass."""
    if getattr(PublishRevisionAction._publish_revision, "_cluster_gate", False):
        return
    original = PublishRevisionAction._publish_revision

    def _publish_revision(self, revision, object, user, *args, **kwargs):
        check_publish(object, user)
        return original(self, revision, object, user, *args, **kwargs)

    _publish_revision._cluster_gate = True
    PublishRevisionAction._publish_revision = _publish_revision
