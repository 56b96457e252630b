"""Every change this project makes to Wagtail's own classes, in one place.

Installed once from `ClusterConfig.ready` (cluster/apps.py). Each patch is
idempotent and says which route to "live" it closes; docs/gate.md lists the
routes.
"""

from __future__ import annotations

from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.publish_revision import PublishRevisionAction
from wagtail.admin.views.pages.edit import EditView
from wagtail.api.v3.schemas.pages import SimpleBasePageMetaSchema

from cluster.gate import aliases, api_v3, feedback, moves
from cluster.gate.aliases import involves_cluster_pages
from cluster.gate.rules import admit, gate_enabled
from cluster.stored.public_urls import page_full_url


def _install_publish_gate():
    """Wrap PublishRevisionAction._publish_revision once, for every subclass.

    Every route to "live" (admin, bulk, workflow, scheduling, API, code) ends
    there; the permission check in `check()` is skipped by some callers, this
    method never is.
    """
    if getattr(PublishRevisionAction._publish_revision, "_cluster_gate", False):
        return
    original = PublishRevisionAction._publish_revision

    def _publish_revision(self, revision, object, user, *args, **kwargs):
        if not admit(object, user, revision=revision):
            return None
        return original(self, revision, object, user, *args, **kwargs)

    _publish_revision._cluster_gate = True
    PublishRevisionAction._publish_revision = _publish_revision


def _install_copy_as_draft():
    """A copy of a cluster page never goes live by itself: it is always a draft.

    Wagtail's "Publish copies" sets the copy live without a publish action. A
    copied topic is an orphan next to its original (links.E006), and a copied
    cluster still links to the original pages, so it would go live failing.
    """
    if getattr(CopyPageAction.__init__, "_cluster_gate", False):
        return
    original = CopyPageAction.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if self.keep_live and gate_enabled() and involves_cluster_pages(self.page, recursive=self.recursive):
            self.keep_live = False

    __init__._cluster_gate = True
    CopyPageAction.__init__ = __init__


def _install_refused_draft_errors():
    """After a refused Publish, the edit view shows the errors at their blocks again.

    Wagtail's EditView.get() builds the form and renders in one method; the
    context is built from `self.form`, so the errors go on it just before.
    """
    if getattr(EditView.get_context_data, "_cluster_gate", False):
        return
    original = EditView.get_context_data

    def get_context_data(self, **kwargs):
        feedback.mark_refused_draft(self)
        return original(self, **kwargs)

    get_context_data._cluster_gate = True
    EditView.get_context_data = get_context_data


def _v3_html_url(obj, context):
    return page_full_url(obj, context["request"])


def _install_v3_public_page_urls():
    """API v3's `meta.html_url` is the page's public URL, like v2's (docs/api.md, "URLs").

    Not a route to live: v3 serves listings and nested `parent` as plain
    `Page` rows, whose `get_full_url` is Wagtail's (the Site record's host),
    not the models' (cluster/models.py, `PublicURLMixin`). django-ninja reads
    resolvers from a table built with the class and shared by its subclasses,
    so the table's entry is what changes.
    """
    resolver = SimpleBasePageMetaSchema._ninja_resolvers["html_url"]
    resolver._func = _v3_html_url


def install():
    _install_v3_public_page_urls()
    _install_publish_gate()
    _install_copy_as_draft()
    _install_refused_draft_errors()
    aliases.install()  # an alias of a cluster page is refused (docs/gate.md, "Aliases")
    moves.install()  # a live cluster page never moves under a hidden page (docs/gate.md, "Moves")
    api_v3.install()  # a refused publish on the v3 API answers 422, not 403
