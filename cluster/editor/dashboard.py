"""The dashboard panel "Clusters needing attention" (the `construct_homepage_panels` hook).

Lists every cluster page whose draft or live version fails validation, with
which version fails, its counts and a link to edit it, or says that every
cluster page passes. The statuses are status.py's, from the one report.
"""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from cluster.editor.status import pages_needing_attention


class ClustersNeedingAttentionPanel(Component):
    name = "clusters_needing_attention"
    template_name = "cluster/admin/dashboard_panel.html"
    order = 90  # above Wagtail's own panels (site summary 100+, pages for moderation 200+)

    def get_context_data(self, parent_context):
        return {"clusters": pages_needing_attention()}
