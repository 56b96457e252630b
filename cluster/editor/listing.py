"""The "Validation" column of the page explorer, through Wagtail's own page viewsets.

Wagtail 8 lists a page's children with the index view of the viewset
registered for the parent's model (`PageViewSet.parent_models`). This
viewset is registered for the pillar model with the home page and the
pillar as parents, so exploring either lists its children with one more
column. Every other page view of the viewset is Wagtail's default.

The statuses of all rows are read once per listing (status.page_statuses,
batched by pillar) and set on each row as `cluster_validation`, the way
Wagtail annotates `_parent_page`; the column only renders them.
"""

from __future__ import annotations

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from cluster.editor.status import page_statuses
from cluster.models import HomePage, PillarPage

ANNOTATION = "cluster_validation"


class ValidationColumn(Column):
    """Draft and live status of a pillar or topic page; blank for any other page."""

    cell_template_name = "cluster/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["status"] = getattr(instance, ANNOTATION, None)
        return context


class ClusterExplorableIndexView(ExplorableIndexView):
    base_columns = [*ExplorableIndexView.base_columns, ValidationColumn("validation", label="Validation")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        statuses = page_statuses(pages=rows)
        for row in rows:
            setattr(row, ANNOTATION, statuses.get(row.pk))
        return context


class ClusterPageViewSet(PageViewSet):
    model = PillarPage
    parent_models = [HomePage, PillarPage]
    index_view_class = ClusterExplorableIndexView
    columns = ClusterExplorableIndexView.base_columns

    def get_index_view_kwargs(self, **kwargs):
        # The listing shows every child (topics, content pages), not only
        # pillars: its queryset is of Page, whatever this viewset's model.
        return super().get_index_view_kwargs(model=Page, **kwargs)


cluster_page_viewset = ClusterPageViewSet()
