"""The "Cluster health" report: coverage matrix, page status, orphans, map.

Everything is computed from two whole-cluster validation runs (live and
draft, `validate_pillar`) plus the cluster's snapshots, each loaded with a
constant number of queries, so the report costs the same number of queries
for 10 pages or 500. Nothing here queries per page.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape

from cluster.checks import validation_overrides
from cluster.validation.cluster_map import cluster_map
from cluster.validation.loading import load_cluster
from cluster.validation.service import validate_pillar, validation_cache
from validators.checks.links import content_targets
from validators.document import LIVE, PRIVATE

STATES = ("live", "draft")
NO_COVERAGE = {"declared": 0, "realized": 0, "ratio": 1.0}
VISIBLE = (LIVE, PRIVATE)  # published: its live version is what the site serves

# Cell states of the coverage matrix (row = the linking page, column = the target).
PRESENT = "present"  # declared, and the row's prose links the column
MISSING = "missing"  # declared and due (target live), but no link
DECLARED = "declared"  # declared, not due yet: the target is not live
EXTRA = "extra"  # a prose link the cluster map does not ask for
SELF = "self"
NONE = ""


@dataclass
class PageStatus:
    id: int
    title: str
    slug: str
    kind: str
    state: str  # live, draft, unpublished, scheduled, private
    edit_url: str
    live: dict | None  # {"status", "errors": [ids], "warnings": n}; None when not published
    draft: dict = field(default_factory=dict)
    changed: bool = False  # the draft differs from the live version
    orphan: bool = False


@dataclass
class ClusterHealth:
    pillar_id: int
    title: str
    slug: str
    state: str
    pages: list[PageStatus]
    declared: dict  # (source, target) -> required
    due: set
    present: dict  # page id -> targets linked from its prose
    coverage: dict
    orphans: dict  # state -> [PageStatus]

    def cell(self, source: int, target: int) -> tuple[str, bool]:
        """(state, required) of one matrix cell."""
        if source == target:
            return SELF, False
        required = self.declared.get((source, target))
        linked = target in self.present.get(source, ())
        if required is None:
            return (EXTRA if linked else NONE), False
        if linked:
            return PRESENT, required
        return (MISSING if (source, target) in self.due else DECLARED), required

    def rows(self):
        """The full matrix: [(page, [(column page, state, required), ...]), ...]."""
        for row in self.pages:
            yield row, [(col, *self.cell(row.id, col.id)) for col in self.pages]

    def pairs(self):
        """Only the non-empty cells, for clusters too big to draw as a grid."""
        by_id = {p.id: p for p in self.pages}
        keys = set(self.declared)
        keys |= {(s, t) for s, targets in self.present.items() for t in targets if t in by_id and s != t}
        for source, target in sorted(keys, key=lambda k: (by_id[k[0]].title, by_id[k[1]].title)):
            yield by_id[source], by_id[target], *self.cell(source, target)


def _summary(result) -> dict:
    return {
        "status": result.status,
        "errors": list(dict.fromkeys(f.id for f in result.errors)),
        "warnings": len(result.warnings),
    }


def cluster_health(pillar, state: str = "live") -> ClusterHealth:
    """Validate one cluster live and draft, and describe it in `state`."""
    config = validation_overrides()
    reports = {s: validate_pillar(pillar, s, config) for s in STATES}
    snapshots, _ = load_cluster(pillar, state, validation_cache())
    cmap = cluster_map(None, state, snapshots)
    results = {s: {r.document.id: r for r in reports[s].pages} for s in STATES}
    ids = {s.id for s in snapshots}

    declared: dict[tuple[int, int], bool] = {}
    head, topics = snapshots[0], snapshots[1:]
    for topic in topics:
        declared[(head.id, topic.id)] = True
        declared[(topic.id, head.id)] = True
        for target, required in topic.related:
            if target in ids:
                declared[(topic.id, target)] = required

    clusters = {s: reports[s].clusters[0] if reports[s].clusters else None for s in STATES}
    orphan_ids = {s: set(clusters[s].orphans) if clusters[s] else set() for s in STATES}
    pages = []
    for node in cmap.nodes:
        live, draft = results["live"].get(node.id), results["draft"].get(node.id)
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
                orphan=node.id in orphan_ids[state],
            )
        )
    by_id = {p.id: p for p in pages}
    current = results[state]
    return ClusterHealth(
        pillar_id=head.id,
        title=head.title,
        slug=head.slug,
        state=state,
        pages=pages,
        declared=declared,
        due={(e.source, e.target) for e in cmap.edges},
        present={pid: content_targets(r.document) for pid, r in current.items()},
        coverage=clusters[state].coverage if clusters[state] else NO_COVERAGE,
        orphans={s: [by_id[i] for i in sorted(orphan_ids[s]) if i in by_id] for s in STATES},
    )


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


# --- the cluster map as SVG -------------------------------------------------

NODE_COLOURS = {"pass": "#2e7d32", "fail": "#c62828", "not-live": "#9e9e9e"}
EDGE_STYLES = {
    PRESENT: ("#2e7d32", ""),
    MISSING: ("#c62828", "6 4"),
    "missing-optional": ("#ef6c00", "6 4"),
    DECLARED: ("#9e9e9e", "2 4"),
}
LABEL_LIMIT = 40  # beyond this many topics, names are tooltips only


def node_status(page: PageStatus, state: str) -> str:
    result = page.live if state == "live" else page.draft
    return result["status"] if result else "not-live"


def cluster_svg(health: ClusterHealth) -> str:
    """Pillar in the centre, topics on a circle; server-side, no JavaScript."""
    pillar, topics = health.pages[0], health.pages[1:]
    n = max(len(topics), 1)
    small = len(topics) <= LABEL_LIMIT
    r_node, r_pillar = (13, 22) if small else (6, 14)
    radius = max(170.0, n * (2 * r_node + 8) / (2 * math.pi))
    # Labels sit left and right of the circle, so the picture is wider than tall.
    width, height = 2 * (radius + (240 if small else 30)), 2 * (radius + (50 if small else 30))
    cx, cy = width / 2, height / 2
    pos = {pillar.id: (cx, cy)}
    for i, page in enumerate(topics):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        pos[page.id] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    size_of = {p.id: (r_pillar if p is pillar else r_node) for p in health.pages}

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'class="cluster-map" role="img" aria-labelledby="cluster-map-title-{health.pillar_id}">',
        f'<title id="cluster-map-title-{health.pillar_id}">Cluster map of {escape(health.title)} '
        f"({health.state})</title>",
        "<defs>",
        *(
            f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
            f'markerHeight="6" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
            for name, (colour, _) in EDGE_STYLES.items()
        ),
        "</defs>",
        '<g class="edges" fill="none" stroke-width="1.5">',
    ]
    for (source, target), required in sorted(health.declared.items()):
        state, _ = health.cell(source, target)
        style = "missing-optional" if state == MISSING and not required else state
        colour, dash = EDGE_STYLES[style]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<path d="{_curve(pos[source], pos[target], size_of[source], size_of[target])}" '
            f'stroke="{colour}"{dashes} marker-end="url(#arrow-{style})" '
            f'data-edge="{source}-{target}" data-state="{style}"/>'
        )
    parts.append('</g><g class="nodes" font-family="system-ui, sans-serif" font-size="12">')
    for page in health.pages:
        x, y = pos[page.id]
        status = node_status(page, health.state)
        label = f"{page.title} ({page.state}, {status})"
        # A dashed rim marks a page that is not published.
        dashes = ' stroke-dasharray="3 2"' if page.state not in VISIBLE else ""
        parts.append(
            f'<a href="{escape(page.edit_url)}"><g data-node="{page.id}" data-status="{status}">'
            f"<title>{escape(label)}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size_of[page.id]}" fill="{NODE_COLOURS[status]}" '
            f'stroke="#1d1d1d" stroke-width="{2 if page is pillar else 1}"{dashes}/>'
        )
        if small or page is pillar:
            parts.append(_label(page, x, y, (cx, cy), size_of[page.id], page is pillar))
        parts.append("</g></a>")
    parts.append("</g></svg>")
    return "".join(parts)


def _curve(a, b, ra, rb) -> str:
    """A slightly bent arrow from a to b, so a→b and b→a are drawn side by side."""
    (x1, y1), (x2, y2) = a, b
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    bend = 0.12 * length
    cx, cy = (x1 + x2) / 2 - uy * bend, (y1 + y2) / 2 + ux * bend
    # Start and end on the circles' rims, aimed along the curve's end tangents.
    sx, sy = _towards((x1, y1), (cx, cy), ra)
    ex, ey = _towards((x2, y2), (cx, cy), rb + 2)
    return f"M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"


def _towards(p, q, distance):
    (x, y), (qx, qy) = p, q
    d = math.hypot(qx - x, qy - y) or 1.0
    return x + (qx - x) / d * distance, y + (qy - y) / d * distance


# A white halo drawn under the glyphs keeps labels readable over the edges.
HALO = 'stroke="#fff" stroke-width="3" paint-order="stroke" stroke-linejoin="round"'


def _label(page, x, y, centre, r, is_pillar) -> str:
    title = page.title if len(page.title) <= 34 else page.title[:33] + "…"
    if is_pillar:
        return (
            f'<text x="{x:.1f}" y="{y + r + 16:.1f}" text-anchor="middle" font-weight="bold" {HALO}>'
            f"{escape(title)}</text>"
        )
    dx, dy = x - centre[0], y - centre[1]
    d = math.hypot(dx, dy) or 1.0
    lx, ly = x + dx / d * (r + 6), y + dy / d * (r + 6)
    anchor = "start" if dx > 1 else ("end" if dx < -1 else "middle")
    return f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" {HALO}>{escape(title)}</text>'
