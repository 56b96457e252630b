"""Per-request data behind the computed API fields, loaded once for all pages.

A listing of N pages must cost the same number of queries as a listing of
one. So nothing here is fetched per page: rich text of every page is expanded
in one `expand_db_html` call, every page referenced (CTA targets, related
topics, ancestors) is read in one query with one `page_states` call, related
topics come from one query, and cluster data comes from one report per
cluster (cluster/api/clusters.py). Each part is computed on first use, so a
listing that asks for none of the computed fields pays for none of them.
"""

from __future__ import annotations

import uuid
from functools import cached_property

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from cluster.api.clusters import public_clusters, publish_times
from cluster.models import ContentPage, PillarPage, RelatedTopic, TopicPage
from cluster.site.structured_data import public_trail
from cluster.stored.paths import site_path, site_root_path
from cluster.stored.reader import blocks_of, cta_page_id, read_rich_texts, rich_texts
from cluster.validation.service import NotInCluster, draft_page_report
from cluster.validation.states import page_states
from validators.document import CTA, LIVE

STEPLEN = Page.steplen


def raw_blocks(page) -> list[dict]:
    """The page's stored blocks (pages without a body have none)."""
    return blocks_of(page.body.raw_data) if getattr(page, "body", None) is not None else []


def expand_many(sources) -> dict[str, str]:
    """Front-end HTML for each stored rich-text string, with one batch of page lookups.

    Wagtail's rewriter resolves all the links of one call together, so the
    strings are joined around a marker no stored content can contain, expanded
    once and split again. The result equals `str(RichText(source))`, which is
    what the HTML templates render.
    """
    sources = list(dict.fromkeys(s for s in sources if s))
    if not sources:
        return {}
    marker = f"<!--cluster-api-{uuid.uuid4().hex}-->"
    parts = expand_db_html(marker.join(sources)).split(marker)
    if len(parts) != len(sources):  # cannot happen unless content holds the marker
        parts = [expand_db_html(s) for s in sources]
    return dict(zip(sources, parts, strict=True))


def ancestor_paths(page) -> list[str]:
    """Tree paths of the page's ancestors below the root, top first."""
    path = getattr(page, "path", "") or ""
    return [path[: STEPLEN * depth] for depth in range(2, len(path) // STEPLEN)]


class ApiBatch:
    """The computed-field data of one response's pages (published pages; see PreviewBatch)."""

    def __init__(self, pages, request=None):
        self.request = request
        self.pages = [p for p in pages if isinstance(p, (PillarPage, TopicPage, ContentPage))]
        for page in self.pages:
            page._cluster_api_batch = self

    @classmethod
    def of(cls, page, request=None) -> ApiBatch:
        """The batch a page was prepared in, or a batch of its own (e.g. for API v3)."""
        batch = getattr(page, "_cluster_api_batch", None)
        return batch if batch is not None else cls([page], request)

    # Rich text ---------------------------------------------------------------

    @cached_property
    def sources(self) -> list[str]:
        return [s for p in self.pages for s in rich_texts(raw_blocks(p)) if s]

    @cached_property
    def html(self) -> dict[str, str]:
        """Front-end HTML of every stored rich-text string, keyed by the stored string."""
        # Links to pages the public cannot see lose their href in the expansion
        # itself (cluster/link_handlers.py), as they do in the HTML templates.
        return expand_many(self.sources)

    def rich_text(self, source) -> str:
        return self.html.get(source, "") if source else ""

    # Referenced pages ---------------------------------------------------------

    @cached_property
    def related(self) -> dict[int, list[tuple[int, bool]]]:
        """Declared related topics of each topic page, in declared order."""
        topics = [p for p in self.pages if isinstance(p, TopicPage)]
        declared: dict[int, list] = {p.pk: [] for p in topics}
        rows = RelatedTopic.objects.filter(page_id__in=list(declared)).order_by("page_id", "sort_order", "id")
        for page_id, target_id, required in rows.values_list("page_id", "target_id", "required"):
            declared[page_id].append((target_id, required))
        return declared

    def _cta_targets(self):
        for page in self.pages:
            for item in raw_blocks(page):
                if item.get("type") == CTA and (target := cta_page_id(item.get("value"))):
                    yield target

    @cached_property
    def refs(self) -> dict[str, dict]:
        """Rows and states of every page the fields mention, in one query plus page_states."""
        ids = set(self._cta_targets())
        parsed = read_rich_texts(self.sources)
        ids |= {target for _, links in parsed.values() for _, _, target in links if target}
        ids |= {target for declared in self.related.values() for target, _ in declared}
        paths = {path for page in self.pages for path in ancestor_paths(page)}
        rows = {p.id: p for p in Page.objects.filter(Q(id__in=ids) | Q(path__in=paths))}
        return {
            "rows": rows,
            "by_path": {p.path: p for p in rows.values()},
            "states": page_states(rows),
            "root": site_root_path() if rows else "",
        }

    def public_ref(self, page_id) -> dict | None:
        """{id, title, url} of a live, public page, or None for any other page."""
        refs = self.refs
        row = refs["rows"].get(page_id)
        if row is None or refs["states"].get(page_id) != LIVE:
            return None
        return {"id": row.id, "title": row.title, "url": site_path(row, refs["root"])}

    def trail(self, page) -> list:
        """The page's public ancestors below the root (home, then pillar): cluster.site's `public_trail`."""
        refs = self.refs
        visible = {page_id for page_id, state in refs["states"].items() if state == LIVE}
        return public_trail([refs["by_path"].get(path) for path in ancestor_paths(page)], visible=visible)

    # Clusters -----------------------------------------------------------------

    def pillar_id(self, page) -> int | None:
        if isinstance(page, PillarPage):
            return page.pk
        if isinstance(page, TopicPage) and page.path:
            parent = self.refs["by_path"].get(page.path[:-STEPLEN])
            return parent.id if parent is not None else None
        return None

    @cached_property
    def clusters(self) -> dict[int, dict]:
        ids = {pid for pid in (self.pillar_id(p) for p in self.pages) if pid}
        return public_clusters(PillarPage.objects.filter(id__in=ids)) if ids else {}

    @cached_property
    def checked_at(self) -> dict[int, str | None]:
        """Publish time of each page's live version (clusters.PUBLISHED_AT), in one query."""
        return publish_times(p.pk for p in self.pages)

    def cluster(self, page) -> dict | None:
        """The public cluster data of the page's cluster (cluster/api/clusters.py)."""
        pid = self.pillar_id(page)
        return self.clusters.get(pid) if pid else None

    def validation(self, page) -> dict | None:
        """The validation summary of the live version, from the cluster's live report.

        `checked_at` is when the publication gate checked this live version: its
        publish time (docs/api.md, "Caching"); null for a page put live without
        a publish or a revision. The report itself is rebuilt after
        any publish anywhere; stamping the rebuild time would change every page's
        ETag though its content did not change.
        """
        data = self.cluster(page)
        counts = data["validation"].get(page.pk) if data else None
        return {**counts, "checked_at": self.checked_at.get(page.pk)} if counts else None


class PreviewBatch(ApiBatch):
    """The batch of a draft preview (wagtail-headless-preview's page object).

    The draft is the page: its related topics come from the draft itself, and
    its validation is the draft's, since the editor previews what would be
    published. Counts only, as for a published page.
    """

    @cached_property
    def related(self) -> dict[int, list[tuple[int, bool]]]:
        topics = [p for p in self.pages if isinstance(p, TopicPage)]
        return {p.pk: [(r.target_id, r.required) for r in p.related_topics.all()] for p in topics}

    def validation(self, page) -> dict | None:
        try:
            report = draft_page_report(page=page)
        except (NotInCluster, Page.DoesNotExist):  # not (yet) placed in a cluster
            return None
        result = report.pages[0] if report.pages else None
        if result is None:
            return None
        return {
            "status": result.status,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "checked_at": timezone.now().isoformat(),
        }
