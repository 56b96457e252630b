"""The cluster map picture (cluster/editor/map_picture.py), on made-up clusters: no database."""

import itertools

import pytest
from bs4 import BeautifulSoup

from cluster.editor.health import BROKEN, DECLARED, MISSING, PRESENT, ClusterHealth, PageStatus
from cluster.editor.map_picture import LABEL_CHARS, OPTIONAL_MISSING, cluster_svg, layout, short

LONG = "How attachment styles shape desire, distance and repair in long relationships, part"


def page(n: int, *, state="live", status="pass", kind="topic", title=None) -> PageStatus:
    result = {"status": status, "errors": [], "warnings": 0}
    return PageStatus(
        id=n,
        title=title or f"{LONG} {n}",
        slug=f"p{n}",
        kind=kind,
        state=state,
        edit_url=f"/admin/pages/{n}/edit/",
        live=result if state == "live" else None,
        draft=result,
    )


def made_up(topics: int, **pages) -> ClusterHealth:
    """Pillar 1 and topics 2..topics+1; every page links its declared edges unless told otherwise."""
    nodes = [page(1, kind="pillar"), *(pages.get(f"p{n}") or page(n) for n in range(2, topics + 2))]
    declared = {(1, p.id): True for p in nodes[1:]} | {(p.id, 1): True for p in nodes[1:]}
    return ClusterHealth(
        pillar_id=1,
        title="Pillar <&> page",
        slug="p1",
        version="live",
        pages=nodes,
        declared=declared,
        due=dict.fromkeys(declared, True),
        present={1: {p.id for p in nodes[1:]}, **{p.id: {1} for p in nodes[1:]}},
        coverage={},
        orphans={},
    )


def overlap(a, b, gap=0.0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


@pytest.mark.parametrize("topics", [10, 50])
def test_labels_and_nodes_do_not_overlap_and_fit_in_the_picture(topics):
    width, height, places = layout(made_up(topics))
    assert len(places) == topics + 1
    boxes = [p.label_box() for p in places.values()]
    assert all(boxes)  # every node is labelled, up to LABEL_LIMIT topics
    # Two pixels at least between any two labels (as wide as CHAR_WIDTH per character).
    assert not [(a, b) for a, b in itertools.combinations(boxes, 2) if overlap(a, b, gap=2)]
    assert all(0 <= box[0] and box[2] <= width and 0 <= box[1] and box[3] <= height for box in boxes)
    circles = list(places.values())
    closest = min(
        ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 - a.r - b.r
        for a, b in itertools.combinations(circles, 2)
    )
    assert closest >= 2
    # No node sits on another's label.
    node_boxes = [(p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r) for p in circles]
    assert not [(n, b) for n, b in itertools.product(node_boxes, boxes) if overlap(n, b) and n != b]


def test_labels_are_short_and_every_node_names_its_full_title_and_status():
    health = made_up(10, p3=page(3, status="fail"), p4=page(4, state="unpublished"))
    svg = BeautifulSoup(cluster_svg(health), "html.parser")
    nodes = svg.select("[data-node]")
    assert [n["data-node"] for n in nodes] == [str(p.id) for p in health.pages]
    assert [n.select_one("title").text for n in nodes[:4]] == [
        f"{LONG} 1 (pillar, live, passes)",
        f"{LONG} 2 (topic, live, passes)",
        f"{LONG} 3 (topic, live, fails)",
        f"{LONG} 4 (topic, unpublished, not published)",
    ]
    labels = [n.select("text")[-1].text for n in nodes]
    assert labels[0] == "How attachment styles shape desir…" and len(labels[0]) == LABEL_CHARS
    assert all(len(label) <= LABEL_CHARS for label in labels)
    # Each node is a link to its page's editor, and its status is a glyph too, not colour alone.
    assert [(n.name, n["href"]) for n in nodes[:2]] == [
        ("a", "/admin/pages/1/edit/"),
        ("a", "/admin/pages/2/edit/"),
    ]
    assert {n.name for n in nodes} == {"a"}
    assert [n.select("text")[0].text for n in nodes[1:5]] == ["✓", "✗", "–", "✓"]
    assert svg.select_one("svg > title").text == "Cluster map of Pillar <&> page (live)"


def test_a_label_is_the_titles_head_before_a_colon_and_never_longer_than_the_limit():
    assert [
        short(t) for t in ["Responsive Desire: When Wanting Follows Closeness", "Fear of Intimacy", LONG]
    ] == [
        "Responsive Desire",
        "Fear of Intimacy",
        "How attachment styles shape desir…",
    ]


def test_problem_edges_carry_their_state_badge_and_marker():
    health = made_up(4, p5=page(5, state="unpublished"))
    health.due[(2, 1)] = False  # required, not linked
    health.present[2] = set()
    health.declared[(3, 4)] = False  # optional related link ...
    health.due[(3, 4)] = False  # ... not linked
    health.declared[(4, 2)] = True  # declared, not due yet
    health.present[4] = {1, 5}  # and 4 links the unpublished 5 without declaring it
    for edge in [(1, 5), (5, 1)]:
        health.due.pop(edge)  # the unpublished page's edges are not due
    health.present[1].discard(5)  # the pillar no longer links it either
    health.present[5] = set()  # and it has no live prose
    svg = BeautifulSoup(cluster_svg(health), "html.parser")
    edges = {
        e["data-edge"]: (
            e["data-state"],
            e["class"],
            e.select_one("path")["marker-end"],
            [t.text for t in e.select("text")],
        )
        for e in svg.select("[data-edge]")
    }
    assert edges == {
        "1-2": (PRESENT, ["edge", PRESENT], "url(#arrow-present)", []),
        "1-3": (PRESENT, ["edge", PRESENT], "url(#arrow-present)", []),
        "1-4": (PRESENT, ["edge", PRESENT], "url(#arrow-present)", []),
        "3-1": (PRESENT, ["edge", PRESENT], "url(#arrow-present)", []),
        "4-1": (PRESENT, ["edge", PRESENT], "url(#arrow-present)", []),
        "1-5": (DECLARED, ["edge", DECLARED], "url(#arrow-declared)", []),
        "4-2": (DECLARED, ["edge", DECLARED], "url(#arrow-declared)", []),
        "5-1": (DECLARED, ["edge", DECLARED], "url(#arrow-declared)", []),
        "3-4": (OPTIONAL_MISSING, ["edge", OPTIONAL_MISSING], "url(#arrow-missing-optional)", ["✗"]),
        "2-1": (MISSING, ["edge", MISSING], "url(#arrow-missing)", ["✗"]),
        "4-5": (BROKEN, ["edge", BROKEN], "url(#arrow-broken)", ["⚠"]),
    }
    # Drawn in that order: problems last, on top of the rest.
    assert list(edges) == ["1-2", "1-3", "1-4", "3-1", "4-1", "1-5", "4-2", "5-1", "3-4", "2-1", "4-5"]
    assert [(s.id, t.id, state) for s, t, state, _ in health.problems()] == [
        (2, 1, MISSING),
        (3, 4, MISSING),
        (4, 5, BROKEN),
    ]
    # Hovering or focusing node 4 keeps exactly the edges at node 4 bright.
    assert svg.select('[data-ends~="n4"]') == [
        e for e in svg.select("[data-edge]") if "4" in e["data-edge"].split("-")
    ]
    assert (
        '[data-node="4"]:hover, [data-node="4"]:focus) .edge[data-ends~="n4"]' in svg.select_one("style").text
    )
