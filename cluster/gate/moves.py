"""A live cluster page is never moved under a page the public cannot see.

Wagtail serves a live page even when an ancestor is not live, and a move is
not a publish, so the gate never sees it. Moving a live topic under a draft
or withdrawn pillar would leave it public inside a cluster whose pillar is
hidden: it links to a page nobody can open, and it would have to hide its
own breadcrumb. Of the two choices, refusing the move and withdrawing the
topic with it, refusing keeps the editor in charge: nothing goes offline as
a side effect, and the message says what to do (docs/gate.md, "Moves").

Two routes move pages: the admin's move confirmation (the `before_move_page`
hook refuses there, as a message) and API v3's move action; both end in
`MovePageAction.check`, patched here (cluster/gate/patches.py). A Django
ValidationError is what API v3 answers with 422.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from wagtail.actions.move_page import MovePageAction

from cluster.gate.rules import gate_enabled
from cluster.models import PillarPage, TopicPage
from cluster.validation.states import visible_to_public


class ClusterMoveRefused(ValidationError):
    """A move that would put live cluster pages under a page that is not public."""


def _moves_live_cluster_pages(page) -> bool:
    if page.live and page.specific_class in (PillarPage, TopicPage):
        return True
    return page.get_descendants().live().type(PillarPage, TopicPage).exists()


def _hidden_destination(destination) -> bool:
    """Whether the destination, or one of its ancestors below the root, is not public."""
    pages = [*destination.get_ancestors().filter(depth__gt=1), destination]
    return len(visible_to_public(pages)) < len(pages)


def refusal(page, destination) -> str:
    """Why moving `page` under `destination` is refused, or ''."""
    if not gate_enabled() or destination is None or not _moves_live_cluster_pages(page):
        return ""
    if not _hidden_destination(destination):
        return ""
    return (
        f"'{page.get_admin_display_title()}' cannot be moved under "
        f"'{destination.get_admin_display_title()}': that page is not live (or is private), so the "
        "moved page would be public in a cluster the public cannot see. Publish "
        f"'{destination.get_admin_display_title()}' first, or unpublish the page before moving it."
    )


def refuse_in_admin(request, page, destination):
    """The admin's move confirmation: back to the move chooser with the reason."""
    reason = refusal(page, destination)
    if not reason:
        return None
    messages.error(request, reason)
    return redirect("wagtailadmin_pages:move", page.pk)


def install() -> None:
    if getattr(MovePageAction.check, "_cluster_gate", False):
        return
    original = MovePageAction.check

    def check(self, parent_after, skip_permission_checks=False):
        reason = refusal(self.page, parent_after)
        if reason:
            raise ClusterMoveRefused(reason)
        return original(self, parent_after, skip_permission_checks=skip_permission_checks)

    check._cluster_gate = True
    MovePageAction.check = check
