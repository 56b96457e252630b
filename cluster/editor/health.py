"""The "Cluster health" report: coverage matrix, page status, orphans, map.

Everything comes from the two whole-cluster reports (live and draft,
`cluster_report`): the map, the page states, each edge realized or not, who
links to whom and the orphans are the report's, so the figures here are the
ones the API, the editor's panel and `validate_content` show. Each report
costs a constant number of queries, so Cluster health costs the same for 10
pages or 500.

A page deleted while cluster pages still link to it (or declare it) is no
node of the report's map any more, but the report's page states say it is
missing: it is shown as a "deleted" page so the links to it show as broken.
Only its title comes from elsewhere (Wagtail's audit log), never its state.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.urls import reverse
from wagtail.models import PageLogEntry

from cluster.validation.service import cluster_report
from validators.document import DRAFT, LIVE, PRIVATE
from validators.document import MISSING as GONE  # a page state: deleted, or never existed

VERSIONS = (LIVE, DRAFT)
VISIBLE = (LIVE, PRIVATE)  # published: its live version is what the site serves

# Cell states of the coverage matrix (row = the linking page, column = the target).
PRESENT = "present"  # declared, and the row's prose links the column
MISSING = "missing"  # declared and due (target live), but no link
DECLARED = "declared"  # declared, not due yet: the target is not live
BROKEN = "broken"  # the prose links a cluster page that is not live (links.E004)
EXTRA = "extra"  # a prose link the cluster map does not ask for
SELF = "self"
NONE = ""


@dataclass
class PageStatus:
    id: int
    title: str
    slug: str
    kind: str
    state: str  # live, draft, unpublished, scheduled, private, or GONE ("missing": deleted)
    edit_url: str  # empty for a deleted page
    live: dict | None  # {"status", "errors": [ids], "warnings": n}; None when not published
    draft: dict = field(default_factory=dict)
    changed: bool = False  # the draft differs from the live version
    orphan: bool = False

    @property
    def deleted(self) -> bool:
        return self.state == GONE


@dataclass
class ClusterHealth:
    pillar_id: int
    title: str
    slug: str
    version: str  # "live" or "draft": which version of each page is described
    pages: list[PageStatus]
    declared: dict  # (source, target) -> required, whatever the target's state
    due: dict  # (source, target) -> realized, the report's edges
    present: dict  # page id -> targets linked from its prose
    coverage: dict
    orphans: dict  # version -> [PageStatus]

    def cell(self, source: int, target: int) -> tuple[str, bool]:
        """(state, required) of one matrix cell."""
        if source == target:
            return SELF, False
        required = self.declared.get((source, target))
        linked = target in self.present.get(source, ())
        if (source, target) in self.due:
            return (PRESENT if self.due[(source, target)] else MISSING), required
        if linked and self._dead(target):
            return BROKEN, bool(required)
        if required is None:
            return (EXTRA if linked else NONE), False
        return (PRESENT if linked else DECLARED), required

    def _page(self, page_id: int) -> PageStatus:
        return next(p for p in self.pages if p.id == page_id)

    def _dead(self, target: int) -> bool:
        """A link to `target` is one visitors cannot follow (links.E004, or E005 when deleted).

        A deleted target is dead in both versions. In the draft view a link to a
        page that is not live yet is left as declared: it may go live first.
        Private counts as dead: links.E004 fires for it too.
        """
        state = self._page(target).state
        return state == GONE or (self.version == LIVE and state != LIVE)

    def problems(self) -> list[tuple[PageStatus, PageStatus, str, bool]]:
        """Missing and broken links, (source, target, state, required): the map's text equivalent."""
        return [pair for pair in self.pairs() if pair[2] in (MISSING, BROKEN)]

    def rows(self):
        """The full matrix: [(page, [(column page, state, required), ...]), ...]."""
        for row in self.pages:
            yield row, [(col, *self.cell(row.id, col.id)) for col in self.pages]

    def pairs(self):
        """Only the non-empty cells, for clusters too big to draw as a grid."""
        by_id = {p.id: p for p in self.pages}
        keys = set(self.declared) | set(self.due)
        keys |= {(s, t) for s, targets in self.present.items() for t in targets if t in by_id and s != t}
        keys = {k for k in keys if k[0] in by_id and k[1] in by_id}
        for source, target in sorted(keys, key=lambda k: (by_id[k[0]].title, by_id[k[1]].title)):
            yield by_id[source], by_id[target], *self.cell(source, target)


def _summary(result) -> dict:
    return {
        "status": result.status,
        "errors": list(dict.fromkeys(f.id for f in result.errors)),
        "warnings": len(result.warnings),
    }


def cluster_health(*, pillar, version: str = LIVE) -> ClusterHealth:
    """Validate one cluster live and draft, and describe its `version` ("live" or "draft")."""
    reports = {s: cluster_report(pillar=pillar, version=s) for s in VERSIONS}
    results = {s: {r.document.id: r for r in reports[s].pages} for s in VERSIONS}
    clusters = {s: reports[s].clusters[0] for s in VERSIONS}
    current = clusters[version]
    nodes = current.cluster_map.nodes
    ids = {n.id for n in nodes}
    cmap = current.cluster_map
    head = cmap.node(cmap.pillar_id)
    declared = {(e.source, e.target): e.required for e in (*cmap.edges, *cmap.pending)}
    pages = []
    for node in nodes:
        live, draft = results[LIVE].get(node.id), results[DRAFT].get(node.id)
        pages.append(
            PageStatus(
                id=node.id,
                title=node.title,
                slug=node.slug,
                kind=node.type,
                state=node.status,
                edit_url=reverse("wagtailadmin_pages:edit", args=[node.id]),
                live=_summary(live) if live and node.status in VISIBLE else None,
                draft=_summary(draft) if draft else {},
                changed=bool(live and draft and live.document.content_hash != draft.document.content_hash),
                orphan=node.id in current.orphans,
            )
        )
    pages += _deleted_pages(current, ids, declared)
    ids |= {p.id for p in pages}
    by_id = {p.id: p for p in pages}
    return ClusterHealth(
        pillar_id=head.id,
        title=head.title,
        slug=head.slug,
        version=version,
        pages=pages,
        declared={k: v for k, v in declared.items() if k[0] in ids and k[1] in ids},
        due={(e.edge.source, e.edge.target): e.realized for e in current.edges},
        present={pid: set(targets) for pid, targets in current.outgoing.items()},
        coverage=current.coverage,
        orphans={s: [by_id[i] for i in clusters[s].orphans if i in by_id] for s in VERSIONS},
    )


def _deleted_pages(result, ids: set[int], declared: dict) -> list[PageStatus]:
    """Pages the report says are missing that cluster pages link to or declare (after a delete)."""
    targets = {t for targets in result.outgoing.values() for t in targets} | {t for _, t in declared}
    gone = sorted(t for t in targets - ids if result.page_states.get(t) == GONE)
    if not gone:
        return []
    # One query, and only when something was deleted: the title it had, for the editor.
    titles = dict(
        PageLogEntry.objects.filter(page_id__in=gone, action="wagtail.delete").values_list("page_id", "label")
    )
    return [
        PageStatus(
            id=page_id,
            title=titles.get(page_id) or f"Page {page_id}",
            slug=f"deleted-{page_id}",
            kind="deleted",
            state=GONE,
            edit_url="",
            live=None,
        )
        for page_id in gone
    ]


def matrix_csv(health: ClusterHealth) -> str:
    """The coverage matrix as CSV: one row per linking page, one column per target."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["from \\ to", *(p.slug for p in health.pages)])
    for row, cells in health.rows():
        writer.writerow([row.slug, *(_csv_cell(state, required) for _, state, required in cells)])
    return out.getvalue()


def _csv_cell(state: str, required: bool) -> str:
    return f"{state} (optional)" if state in (MISSING, DECLARED, PRESENT) and not required else state
