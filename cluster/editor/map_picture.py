"""The cluster map as a picture (SVG), for Cluster health: drawn on the server, no JavaScript."""

from __future__ import annotations

import math

from django.utils.html import escape

from cluster.editor.health import BROKEN, DECLARED, MISSING, PRESENT, VISIBLE, ClusterHealth, PageStatus

NODE_COLOURS = {"pass": "#2e7d32", "fail": "#c62828", "not-live": "#9e9e9e"}
EDGE_STYLES = {
    PRESENT: ("#2e7d32", ""),
    MISSING: ("#c62828", "6 4"),
    "missing-optional": ("#ef6c00", "6 4"),
    DECLARED: ("#9e9e9e", "2 4"),
    BROKEN: ("#6a1b9a", "1 3"),
}
LABEL_LIMIT = 40  # beyond this many topics, names are tooltips only


def node_status(page: PageStatus, version: str) -> str:
    result = page.live if version == "live" else page.draft
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
        f"({health.version})</title>",
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
        cell, _ = health.cell(source, target)
        style = "missing-optional" if cell == MISSING and not required else cell
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
        status = node_status(page, health.version)
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
