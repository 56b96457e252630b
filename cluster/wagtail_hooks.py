"""Wagtail hooks of the cluster app. Each hook function is named after its hook."""

from django.contrib.auth.models import Permission
from wagtail import hooks

from cluster.editor import dashboard, listing, panels, views
from cluster.gate import admin as gate_admin
from cluster.gate import aliases, feedback, moves
from cluster.gate import rules as gate
from cluster.gate import views as gate_views
from cluster.site.link_handlers import PublicPageLinkHandler

# --- Publication gate (cluster/gate/, docs/gate.md) ---


@hooks.register("register_permissions")
def register_permissions():
    # Lists "Can publish despite validation errors" in the Groups editor.
    app_label, codename = gate.OVERRIDE_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    gate_admin.register_gate_log_actions(actions)


# order=1: Wagtail registers its own bulk "publish" at order 0, and the registry
# keeps the last class registered for an action type, so this one replaces it.
hooks.register("register_bulk_action", gate_admin.GatedPublishBulkAction, order=1)


@hooks.register("before_publish_page")
def before_publish_page(request, page):
    return gate_admin.refuse_before_publish(request, page)


@hooks.register("after_edit_page")
def after_edit_page(request, page):
    feedback.tell_draft_verdict(request, page)


@hooks.register("after_create_page")
def after_create_page(request, page):
    feedback.tell_draft_verdict(request, page)


@hooks.register("insert_editor_js")
def insert_editor_js():
    # Every finding in a message is a link to its block, FAQ item or field.
    return feedback.editor_js()


# The override's confirmation step. Registered as a function object (like the bulk
# action above) because the editor's section below owns `register_admin_urls`.
hooks.register("register_admin_urls", gate_views.admin_urls)


@hooks.register("before_unpublish_page")
def before_unpublish_page(request, page):
    gate_admin.warn_backlinks(request, page, "unpublish")


@hooks.register("before_delete_page")
def before_delete_page(request, page):
    gate_admin.warn_backlinks(request, page, "delete")


@hooks.register("before_move_page")
def before_move_page(request, page, destination):
    refused = moves.refuse_in_admin(request, page, destination)
    if refused is not None:
        return refused
    gate_admin.warn_backlinks(request, page, "move", destination)
    return None


@hooks.register("before_copy_page")
def before_copy_page(request, page):
    return aliases.refuse_in_admin(request, page)


# --- Editor: the validation report and Cluster health (cluster/editor/, docs/editor.md) ---


# Called by the cluster page models' serve_preview (cluster/models.py).
@hooks.register("serve_cluster_preview")
def serve_cluster_preview(page, request, mode_name):
    return panels.serve_validation_report(page, request, mode_name)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return views.admin_urls()


@hooks.register("register_reports_menu_item")
def register_reports_menu_item():
    return views.reports_menu_item()


# The explorer's "Validation" column: the listing of a home page's or pillar's children.
@hooks.register("register_admin_viewset")
def register_admin_viewset():
    return listing.cluster_page_viewset


@hooks.register("construct_homepage_panels")
def construct_homepage_panels(request, panels):
    panels.append(dashboard.ClustersNeedingAttentionPanel())


# --- Front end: links to pages the public cannot see (cluster/site/link_handlers.py) ---


# order=1: Wagtail registers its own "page" link handler at order 0, and the
# feature registry keeps the last handler registered for a link type.
@hooks.register("register_rich_text_features", order=1)
def register_rich_text_features(features):
    features.register_link_type(PublicPageLinkHandler)
