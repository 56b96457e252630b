"""Aliases of pillar and topic pages are refused, on every route.

An alias shares its source's content and is updated by Wagtail whenever the
source is published, without a publish action of its own, so it would go
live without ever meeting the publication gate. An alias of a pillar would
also be a second live cluster with the same pages and links, and an alias of
a topic a second copy of it that no page links to (links.E006). Neither is
something an editor of a topic cluster wants, so the choice is to refuse,
with a message that says what to do instead: Copy makes an independent
draft, which goes through the gate like any other page (docs/gate.md,
"Aliases").

Two routes create aliases: the admin's copy form ("alias" box) and API v3's
`create_alias` action. Both end in `CreatePageAliasAction.check`, which is
patched here (cluster/gate/patches.py). API v3 already answers an integrity
error of that action with a 422; the admin view does not catch it, so the
`before_copy_page` hook refuses an alias there first, as a form message.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from wagtail.actions.create_alias import CreatePageAliasAction, CreatePageAliasIntegrityError

from cluster.gate.rules import gate_enabled, is_cluster_page
from cluster.models import PillarPage, TopicPage

REFUSED = (
    "An alias of a pillar or topic page cannot be created: it would go live without validation, "
    "and an alias of a pillar would be a second copy of its cluster. Use Copy instead; "
    "a copy is saved as a draft and is published through the validation gate."
)


class ClusterAliasRefused(CreatePageAliasIntegrityError):
    """An alias whose source (or, with subpages, any page below it) is a cluster page."""


def involves_cluster_pages(page, *, recursive: bool) -> bool:
    if is_cluster_page(page.specific_deferred):
        return True
    return recursive and page.get_descendants().type(PillarPage, TopicPage).exists()


def refuse(page, *, recursive: bool) -> None:
    if gate_enabled() and involves_cluster_pages(page, recursive=recursive):
        raise ClusterAliasRefused(REFUSED)


def refuse_in_admin(request, page):
    """The admin copy form with its "alias" box ticked, on a cluster page: back to the form."""
    if request.method != "POST" or not request.POST.get("alias"):
        return None
    try:
        refuse(page, recursive=bool(request.POST.get("copy_subpages")))
    except ClusterAliasRefused as refused:
        messages.error(request, str(refused))
        return redirect("wagtailadmin_pages:copy", page.pk)
    return None


def install() -> None:
    if getattr(CreatePageAliasAction.check, "_cluster_gate", False):
        return
    original = CreatePageAliasAction.check

    def check(self, skip_permission_checks=False):
        refuse(self.page, recursive=self.recursive)
        return original(self, skip_permission_checks=skip_permission_checks)

    check._cluster_gate = True
    CreatePageAliasAction.check = check
