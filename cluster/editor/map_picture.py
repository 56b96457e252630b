"""The cluster map as a picture (SVG), for Cluster health: drawn on the server, no JavaScript.

Layout: the pillar in the centre, the topics on an ellipse, the first half down
the right side and the rest up the left, one topic per row on each side with
rows at least a label's height apart. Labels are horizontal and point away
from the centre, so two labels never share a row on the same side and never
overlap, at 10 topics or at 50. A label is the title cut short; the full title
and the page's status are the node link's <title> (its tooltip and its
accessible name).

Edges: realized links are thin and light, so what needs work stands out:
missing links are dashed with a ✗ badge, broken links (to a page that is not
live, or deleted) are purple, dash-dotted, end on a bar and carry a ⚠ badge.
Hovering or focusing a node highlights its edges and dims the others, with
CSS rules inside the SVG (one per node), no script.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import escape

from cluster.editor.health import BROKEN, DECLARED, MISSING, PRESENT, VISIBLE, ClusterHealth, PageStatus

# Fills of the nodes, each at least 4.5:1 on white; the glyph inside says the same.
NODE_COLOURS = {"pass": "#2e7d32", "fail": "#c62828", "not-live": "#757575"}
NODE_GLYPHS = {"pass": "✓", "fail": "✗", "not-live": "–"}
STATUS_WORDS = {"pass": "passes", "fail": "fails", "not-live": "not published"}
OPTIONAL_MISSING = "missing-optional"


@dataclass(frozen=True)
class EdgeStyle:
    colour: str  # at least 3:1 on white
    dash: str
    width: float
    badge: str  # a glyph on the edge's middle: the signal that is not colour
    marker: str  # the arrow head's shape


EDGE_STYLES = {
    PRESENT: EdgeStyle("#7a9a80", "", 1.0, "", "arrow"),
    DECLARED: EdgeStyle("#858585", "2 4", 1.0, "", "arrow"),
    OPTIONAL_MISSING: EdgeStyle("#a84c00", "7 4", 2.0, "✗", "arrow"),
    MISSING: EdgeStyle("#c62828", "7 4", 2.5, "✗", "arrow"),
    BROKEN: EdgeStyle("#6a1b9a", "9 3 2 3", 2.5, "⚠", "bar"),
}
DRAW_ORDER = list(EDGE_STYLES)  # the light ones first, problems on top
MARKERS = {"arrow": "M0,0 L10,5 L0,10 z", "bar": "M6,0 L10,0 L10,10 L6,10 z"}

LABEL_LIMIT = 80  # beyond this many topics, names are tooltips only
LABEL_CHARS = 34  # a label longer than this is cut, with "…"
CHAR_WIDTH = 7.0  # px per character at 12px: generous for system-ui, so boxes are not underestimated
ROW = 22  # px between two rows of labels on one side (12px text)


@dataclass(frozen=True)
class Place:
    x: float
    y: float
    r: float
    label: str  # the visible text; "" when the map is too big for labels
    anchor: str  # text-anchor of the label: start (right side), end (left side), middle (pillar)

    def label_box(self) -> tuple[float, float, float, float] | None:
        """(left, top, right, bottom) of the label, as drawn by _label()."""
        if not self.label:
            return None
        width = len(self.label) * CHAR_WIDTH
        if self.anchor == "middle":
            top = self.y + self.r + 4
            return self.x - width / 2, top, self.x + width / 2, top + 14
        left = self.x + self.r + 6 if self.anchor == "start" else self.x - self.r - 6 - width
        return left, self.y - 7, left + width, self.y + 7


def short(title: str) -> str:
    """The label: the title's head before a colon ("Responsive Desire: When ..."), cut to LABEL_CHARS."""
    head = title.split(":", 1)[0].strip() or title
    return head if len(head) <= LABEL_CHARS else head[: LABEL_CHARS - 1].rstrip() + "…"


def layout(health: ClusterHealth) -> tuple[float, float, dict[int, Place]]:
    """(width, height, page id -> Place): the pillar in the centre, topics on an ellipse."""
    pillar, topics = health.pages[0], health.pages[1:]
    labelled = len(topics) <= LABEL_LIMIT
    r_node, r_pillar = (12, 20) if len(topics) <= 20 else (9, 16)
    right = (len(topics) + 1) // 2
    rows = max(right, 1)
    half_height = max(170.0, (rows + 1) * ROW / 2)  # rows spread over the ellipse's full height
    half_width = max(200.0, half_height * 0.75)
    margin = (LABEL_CHARS * CHAR_WIDTH + r_node + 20) if labelled else 30
    width, height = 2 * (half_width + margin), 2 * (half_height + 30)
    cx, cy = width / 2, height / 2
    places = {pillar.id: Place(cx, cy, r_pillar, short(pillar.title), "middle")}
    for i, page in enumerate(topics):
        # Right side top to bottom, then the left side bottom to top (clockwise); a left
        # side one topic short is centred on the right side's rows.
        side, row = (1, i) if i < right else (-1, len(topics) - 1 - i + (rows - (len(topics) - right)) / 2)
        # Rows evenly spaced in height; x follows the ellipse, so nodes near the top sit nearer the centre.
        dy = -half_height + half_height * 2 * (row + 1) / (rows + 1)
        dx = half_width * math.sqrt(max(0.0, 1 - (dy / half_height) ** 2))
        dx = max(dx, 0.3 * half_width)
        label = short(page.title) if labelled else ""
        places[page.id] = Place(cx + side * dx, cy + dy, r_node, label, "start" if side > 0 else "end")
    return width, height, places


def node_status(page: PageStatus, version: str) -> str:
    result = page.live if version == "live" else page.draft
    return result["status"] if result else "not-live"


def node_name(page: PageStatus, version: str) -> str:
    """The node's full accessible name: title, type, state and whether its version passes."""
    if page.deleted:
        return f"{page.title} (deleted page)"
    return f"{page.title} ({page.kind}, {page.state}, {STATUS_WORDS[node_status(page, version)]})"


def edge_style(health: ClusterHealth, source: int, target: int) -> str | None:
    cell, required = health.cell(source, target)
    if cell == MISSING and not required:
        return OPTIONAL_MISSING
    return cell if cell in EDGE_STYLES else None


def drawn_edges(health: ClusterHealth) -> list[tuple[int, int, str]]:
    """(source, target, style) of every declared edge and every broken link, problems last."""
    ids = {p.id for p in health.pages}
    keys = set(health.declared) | {
        (s, t) for s, targets in health.present.items() for t in targets if s in ids and t in ids and s != t
    }
    edges = [(s, t, edge_style(health, s, t)) for s, t in keys]
    edges = [
        (s, t, style) for s, t, style in edges if style and ((s, t) in health.declared or style == BROKEN)
    ]
    return sorted(edges, key=lambda e: (DRAW_ORDER.index(e[2]), e[0], e[1]))


def cluster_svg(health: ClusterHealth) -> str:
    width, height, places = layout(health)
    edges = drawn_edges(health)
    map_id = f"cluster-map-{health.pillar_id}"
    parts = [
        # Drawn at its own size (12px text), narrowed by CSS only when the window is narrower.
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'id="{map_id}" class="cluster-map" role="group" aria-labelledby="{map_id}-title">',
        f'<title id="{map_id}-title">Cluster map of {escape(health.title)} ({health.version})</title>',
        _style(map_id, health.pages),
        "<defs>",
        *(_marker(name, style) for name, style in EDGE_STYLES.items()),
        "</defs>",
        '<g class="edges" fill="none">',
        *(_edge(source, target, style, places, (width / 2, height / 2)) for source, target, style in edges),
        '</g><g class="nodes" font-family="system-ui, sans-serif" font-size="12">',
        *(_node(page, places[page.id], health, page is health.pages[0]) for page in health.pages),
        "</g></svg>",
    ]
    return "".join(parts)


def _style(map_id: str, pages) -> str:
    # While a node is hovered or focused, every edge is dimmed except the node's own.
    scope = f"#{map_id}"
    rules = [
        f"{scope} .node:hover circle, {scope} .node:focus circle {{ stroke-width: 3; }}",
        f"{scope} .node:focus {{ outline: none; }}",
        f"{scope}:has(.node:hover, .node:focus) .edge.{PRESENT} path {{ stroke: #2e7d32; }}",
        f"{scope}:has(.node:hover, .node:focus) .edge {{ opacity: .12; }}",
        *(
            f'{scope}:has([data-node="{p.id}"]:hover, [data-node="{p.id}"]:focus) '
            f'.edge[data-ends~="n{p.id}"] {{ opacity: 1; }}\n'
            f'{scope}:has([data-node="{p.id}"]:hover, [data-node="{p.id}"]:focus) '
            f'.edge[data-ends~="n{p.id}"] path {{ stroke-width: 3; }}'
            for p in pages
        ),
    ]
    return "<style>" + "\n".join(rules) + "</style>"


def _marker(name: str, style: EdgeStyle) -> str:
    return (
        f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
        f'orient="auto-start-reverse"><path d="{MARKERS[style.marker]}" fill="{style.colour}"/></marker>'
    )


def _edge(source: int, target: int, name: str, places: dict, centre) -> str:
    style = EDGE_STYLES[name]
    a, b = places[source], places[target]
    start, control, end = _curve(a, b, centre)
    dashes = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    (sx, sy), (qx, qy), (ex, ey) = start, control, end
    path = (
        f'<path d="M{sx:.1f},{sy:.1f} Q{qx:.1f},{qy:.1f} {ex:.1f},{ey:.1f}" '
        f'stroke="{style.colour}" stroke-width="{style.width}"{dashes} marker-end="url(#arrow-{name})"/>'
    )
    badge = ""
    if style.badge:
        mx = (start[0] + 2 * control[0] + end[0]) / 4  # the curve's point at t = 1/2
        my = (start[1] + 2 * control[1] + end[1]) / 4
        badge = (
            f'<circle cx="{mx:.1f}" cy="{my:.1f}" r="7" fill="#fff" '
            f'stroke="{style.colour}" stroke-width="1.5"/>'
            f'<text x="{mx:.1f}" y="{my + 4:.1f}" text-anchor="middle" font-size="10" fill="{style.colour}" '
            f'stroke="none">{style.badge}</text>'
        )
    return (
        f'<g class="edge {name}" data-edge="{source}-{target}" data-state="{name}" '
        f'data-ends="n{source} n{target}">{path}{badge}</g>'
    )


def _curve(a: Place, b: Place, centre):
    """Start, control point and end of a bent arrow from a to b, on the circles' rims.

    Topic-to-topic arrows bend towards the centre, so they bundle inside the
    ellipse instead of crossing the labels; arrows to or from the pillar bend
    a little sideways, so a→b and b→a are drawn side by side.
    """
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    mx, my = (a.x + b.x) / 2, (a.y + b.y) / 2
    if (a.x, a.y) == centre or (b.x, b.y) == centre:
        bend = 0.12 * length
        control = (mx - dy / length * bend, my + dx / length * bend)
    else:
        control = (mx + (centre[0] - mx) * 0.55, my + (centre[1] - my) * 0.55)
    return _towards(a, control, a.r), control, _towards(b, control, b.r + 2)


def _towards(place: Place, q, distance):
    d = math.hypot(q[0] - place.x, q[1] - place.y) or 1.0
    return place.x + (q[0] - place.x) / d * distance, place.y + (q[1] - place.y) / d * distance


# A white halo drawn under the glyphs keeps labels readable over the edges.
HALO = 'stroke="#fff" stroke-width="3" paint-order="stroke" stroke-linejoin="round"'


def _node(page: PageStatus, place: Place, health: ClusterHealth, is_pillar: bool) -> str:
    status = node_status(page, health.version)
    # A dashed rim marks a page that is not published.
    dashes = ' stroke-dasharray="3 2"' if page.state not in VISIBLE else ""
    body = (
        f"<title>{escape(node_name(page, health.version))}</title>"
        f'<circle cx="{place.x:.1f}" cy="{place.y:.1f}" r="{place.r}" fill="{NODE_COLOURS[status]}" '
        f'stroke="#1d1d1d" stroke-width="{2 if is_pillar else 1}"{dashes}/>'
        f'<text x="{place.x:.1f}" y="{place.y + 4:.1f}" text-anchor="middle" fill="#fff" aria-hidden="true" '
        f'font-size="{11 if place.r < 12 else 12}">{NODE_GLYPHS[status]}</text>'
        f"{_label(place, is_pillar)}"
    )
    attributes = f'class="node" data-node="{page.id}" data-status="{status}"'
    if page.edit_url:
        return f'<a href="{escape(page.edit_url)}" {attributes}>{body}</a>'
    # A deleted page has nothing to edit; it stays focusable for its name and its edges.
    return f'<g {attributes} tabindex="0" role="img">{body}</g>'


def _label(place: Place, is_pillar: bool) -> str:
    box = place.label_box()
    if box is None:
        return ""
    weight = ' font-weight="bold"' if is_pillar else ""
    if place.anchor == "middle":
        x, y = place.x, box[3] - 3
    else:
        x, y = (box[0] if place.anchor == "start" else box[2]), place.y + 4
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{place.anchor}" fill="#1d1d1d"{weight} {HALO} '
        f'aria-hidden="true">{escape(place.label)}</text>'
    )
