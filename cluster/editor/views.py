"""Admin views of the cluster app: the "Cluster health" report.

Registered from cluster/wagtail_hooks.py. Wagtail wraps every URL from
`register_admin_urls` in `require_admin_access`, so only users who may use
the admin (the `wagtailadmin.access_admin` permission) reach the report.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cluster.editor.health import VERSIONS, cluster_health, matrix_csv
from cluster.editor.map_picture import LABEL_LIMIT, cluster_svg
from cluster.models import PillarPage, TopicPage

# Above this many pages the grid would be tens of thousands of cells: the page
# then lists only the declared or linked pairs, and the CSV has the full grid.
MATRIX_LIMIT = 80


class ClusterHealthView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cluster/admin/cluster_health.html"
    page_title = "Cluster health"
    header_icon = "site"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        self.pillars = list(PillarPage.objects.order_by("path").only("id", "title", "slug", "path", "depth"))
        self.pillar = self.selected_pillar()
        # ?state= in the URL (kept for links people saved) picks the version: live or draft.
        self.version = request.GET.get("state") if request.GET.get("state") in VERSIONS else "live"
        self.health = cluster_health(pillar=self.pillar, version=self.version) if self.pillar else None
        if request.GET.get("export") == "csv":
            if self.health is None:
                raise Http404("no cluster to export")
            response = HttpResponse(matrix_csv(self.health), content_type="text/csv; charset=utf-8")
            filename = f"{self.health.slug}-coverage-{self.version}.csv"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return super().get(request, *args, **kwargs)

    def selected_pillar(self):
        wanted = self.request.GET.get("cluster")
        if wanted is None:
            return self.pillars[0] if self.pillars else None
        pillar = next((p for p in self.pillars if str(p.pk) == wanted), None)
        if pillar is None:
            raise Http404("no such cluster")
        return pillar

    def cluster_sizes(self) -> dict:
        # One query for every cluster: a topic's pillar is its path minus one step.
        sizes: dict[str, int] = {}
        for topic_path in TopicPage.objects.values_list("path", flat=True):
            sizes[topic_path[: -TopicPage.steplen]] = sizes.get(topic_path[: -TopicPage.steplen], 0) + 1
        return sizes

    def url(self, **params) -> str:
        query = {"cluster": self.pillar.pk if self.pillar else None, "state": self.version, **params}
        return reverse("cluster_health") + "?" + "&".join(f"{k}={v}" for k, v in query.items() if v)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sizes = self.cluster_sizes()
        health = self.health
        context.update(
            {
                "clusters": [
                    {"pillar": p, "topics": sizes.get(p.path, 0), "url": self.url(cluster=p.pk)}
                    for p in self.pillars
                ],
                "pillar": self.pillar,
                "state": self.version,
                "state_urls": {s: self.url(state=s) for s in VERSIONS},
                "csv_url": self.url(export="csv"),
                "health": health,
            }
        )
        if health is not None:
            context.update(
                {
                    "svg": mark_safe(cluster_svg(health)),  # built with escape() throughout
                    "full_matrix": len(health.pages) <= MATRIX_LIMIT,
                    "labels_on_map": len(health.pages) - 1 <= LABEL_LIMIT,
                    "problems": health.problems(),
                }
            )
            if context["full_matrix"]:
                context["matrix"] = list(health.rows())
            else:
                context["pairs"] = list(health.pairs())
        return context


def admin_urls():
    return [path("reports/cluster-health/", ClusterHealthView.as_view(), name="cluster_health")]


def reports_menu_item():
    return MenuItem(
        "Cluster health", reverse("cluster_health"), name="cluster-health", icon_name="site", order=1200
    )
