"""Per-request data behind the computed API fields, loaded once for all pages.

A listing of N pages must cost the same number of queries as a listing of
one. So nothing here is fetched per page: rich text of every page is expanded
in one `expand_db_html` call, every page referenced (CTA targets, related
topics, ancestors) is read in one query with one `page_states` call, related
topics come from one query, and cluster data comes from one snapshot per
cluster (cluster/api_clusters.py). Each part is computed on first use, so a
listing that asks for none of the computed fields pays for none of them.
"""

from __future__ import annotations

import re
import uuid
from functools import cached_property

from django.db.models import Q
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from cluster.stored.paths import site_path, site_root_path
from cluster.validation.states import page_states
from validators.document import LIVE

STEPLEN = Page.steplen


def faq_entries(value):
    # As cluster.exporter._faq_items (not imported: models.py imports this module
    # and the exporter imports the models). ListBlock items are stored as
    # {"type": "item", "value": {...}} since Wagtail 2.16; older plain dicts are read too.
    for item in (value or {}).get("items", []):
        yield item.get("value", item) if isinstance(item, dict) and "type" in item else item


def raw_blocks(page) -> list[dict]:
    return list(page.body.raw_data) if getattr(page, "body", None) is not None else []


def rich_text_sources(raw_body):
    """Every stored rich-text string of a page, in page order."""
    for item in raw_body:
        kind, value = item.get("type"), item.get("value")
        if kind == "lead":
            yield (value or {}).get("answer") or ""
        elif kind == "paragraph":
            yield value or ""
        elif kind == "faq":
            for faq in faq_entries(value):
                yield faq.get("answer") or ""


# A stored link to a page: <a linktype="page" id="7"> (attributes in any order).
PAGE_LINK = re.compile(r'<a\b[^>]*\blinktype="page"[^>]*>')
LINK_ID = re.compile(r'\bid="(\d+)"')


def linked_page_ids(source: str) -> set[int]:
    return {int(m.group(1)) for tag in PAGE_LINK.findall(source or "") if (m := LINK_ID.search(tag))}


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
    """The computed-field data of one response's pages.

    `preview` batches serve a draft (wagtail-headless-preview's page object):
    its related topics come from the draft itself, and its validation is the
    draft's, since the editor previews what would be published.
    """

    def __init__(self, pages, request=None, preview=False):
        from cluster.models import ContentPage, PillarPage, TopicPage

        self.request = request
        self.preview = preview
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
        return [s for p in self.pages for s in rich_text_sources(raw_blocks(p)) if s]

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
        from cluster.models import RelatedTopic, TopicPage

        topics = [p for p in self.pages if isinstance(p, TopicPage)]
        if self.preview:
            return {p.pk: [(r.target_id, r.required) for r in p.related_topics.all()] for p in topics}
        declared: dict[int, list] = {p.pk: [] for p in topics}
        rows = RelatedTopic.objects.filter(page_id__in=list(declared)).order_by("page_id", "sort_order", "id")
        for page_id, target_id, required in rows.values_list("page_id", "target_id", "required"):
            declared[page_id].append((target_id, required))
        return declared

    def _cta_targets(self):
        for page in self.pages:
            for item in raw_blocks(page):
                if item.get("type") == "cta" and (item.get("value") or {}).get("page"):
                    yield int(item["value"]["page"])

    @cached_property
    def refs(self) -> dict[str, dict]:
        """Rows and states of every page the fields mention, in one query plus page_states."""
        ids = set(self._cta_targets())
        ids |= {pid for source in self.sources for pid in linked_page_ids(source)}
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
        """The page's live ancestors below the root (home, then pillar), for the breadcrumb."""
        by_path = self.refs["by_path"]
        found = [by_path.get(path) for path in ancestor_paths(page)]
        return [p for p in found if p is not None and p.live]

    # Clusters -----------------------------------------------------------------

    def pillar_id(self, page) -> int | None:
        from cluster.models import PillarPage, TopicPage

        if isinstance(page, PillarPage):
            return page.pk
        if isinstance(page, TopicPage) and page.path:
            parent = self.refs["by_path"].get(page.path[:-STEPLEN])
            return parent.id if parent is not None else None
        return None

    @cached_property
    def snapshots(self) -> dict[int, dict]:
        from cluster.api.clusters import snapshots
        from cluster.models import PillarPage

        ids = {pid for pid in (self.pillar_id(p) for p in self.pages) if pid}
        return snapshots(PillarPage.objects.filter(id__in=ids)) if ids else {}

    def snapshot(self, page) -> dict | None:
        pid = self.pillar_id(page)
        return self.snapshots.get(pid) if pid else None

    def validation(self, page) -> dict | None:
        """The validation summary: counts and a time, never the findings themselves."""
        if self.preview:
            return self._draft_validation(page)
        snap = self.snapshot(page)
        counts = snap["validation"].get(page.pk) if snap else None
        return {**counts, "checked_at": snap["checked_at"]} if counts else None

    def _draft_validation(self, page) -> dict | None:
        from django.utils import timezone

        from cluster.checks import validation_overrides
        from cluster.validation.service import validate_instance

        try:
            report = validate_instance(page, config=validation_overrides())
        except (ValueError, Page.DoesNotExist):  # not (yet) placed in a cluster
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
