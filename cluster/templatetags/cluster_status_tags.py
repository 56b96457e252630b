"""Template tags of the admin's side panels: a cluster page's validation status and findings.

Used by this project's overrides of Wagtail's side panel templates
(templates/wagtailadmin/shared/side_panels/); the contexts are the editor's
(cluster/editor/checks.py).
"""

from django import template

from cluster.editor.checks import checks_panel_context, status_panel_context

register = template.Library()


@register.inclusion_tag("cluster/admin/checks_panel_section.html")
def cluster_checks_section(page):
    return {"cluster": checks_panel_context(page=page)}


@register.inclusion_tag("cluster/admin/status_panel_section.html")
def cluster_status_section(page):
    return {"cluster": status_panel_context(page=page)}
