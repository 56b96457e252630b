"""The cluster map selector: one pillar, its topics, and the links they owe.

Templates, the validators and the API all read the map from here.

A declared edge becomes due only when its target is live: a page cannot be
asked to link to a draft (links.E004 forbids exactly that), so an edge to a
draft, scheduled, private or withdrawn page is left out until it goes live.
"""

from __future__ import annotations

from cluster.models import PillarPage
from cluster.stored.paths import site_path, site_root_path
from cluster.validation.states import UNSAVED_ID, page_states
from validators.document import (
    ADJACENT,
    DRAFT,
    LIVE,
    MISSING,
    PILLAR,
    PILLAR_TO_TOPIC,
    PRIVATE,
    RELATED,
    TOPIC,
    TOPIC_TO_PILLAR,
    ClusterMap,
    Edge,
    Node,
)


def cluster_map(*, version: str, snapshots, states=None, root: str | None = None) -> ClusterMap:
    """Nodes and due edges of a cluster in `version` ("live" or "draft"); `snapshots` has the pillar first.

    An edge is due when its target is live. In the live version its source must
    be published too: a page that is not live has no live content, so it owes
    no link there, and counting its edges would make the live coverage count
    edges no visitor can follow (issue 11, defect 2).

    Validation runs pass the page states they looked up, so each is read once.
    """
    root = root or site_root_path()
    head, topics = snapshots[0], snapshots[1:]
    if states is None:
        related_ids = {target for t in topics for target, _ in t.related}
        states = page_states({s.id for s in snapshots} | set(head.adjacent) | related_ids)
        states[UNSAVED_ID] = DRAFT
    nodes = [_node(s, head, states[s.id], root) for s in snapshots]
    edges, pending = [], []
    for edge in _declared(head, topics):
        (edges if _due(edge, version, states) else pending).append(Edge(*edge))
    return ClusterMap(pillar_id=head.id, nodes=tuple(nodes), edges=tuple(edges), pending=tuple(pending))


def _due(edge, version: str, states) -> bool:
    source, target = edge[0], edge[1]
    if states.get(target) != LIVE:
        return False
    return version == DRAFT or states.get(source) in PUBLISHED


# Published pages have a live version; a private one is published behind a view restriction.
PUBLISHED = (LIVE, PRIVATE)


def scoped_map(*, version: str, snapshots: dict, head, pages, states, root: str, also=()) -> ClusterMap:
    """The map as a few topic `pages` of the cluster see it.

    `snapshots` holds every page of the cluster by id. The map keeps only the
    edges leaving `pages`, and the nodes of the pillar, of `pages` and of the
    members they point at (or name in `also`); `member_ids` keeps membership
    exact. It answers what the checks ask about those pages exactly as the
    full map does, without building thousands of nodes and edges per run.
    """
    edges = [Edge(*edge) for edge in _declared(head, pages, with_pillar=False) if _due(edge, version, states)]
    wanted = {head.id, *(p.id for p in pages), *(e.target for e in edges), *also}
    by_id = {**snapshots, **{p.id: p for p in pages}}
    nodes = [_node(by_id[i], head, states.get(i, MISSING), root) for i in sorted(wanted) if i in by_id]
    members = frozenset(by_id)
    return ClusterMap(pillar_id=head.id, nodes=tuple(nodes), edges=tuple(edges), member_ids=members)


def _node(snap, head, status: str, root: str) -> Node:
    kind = PILLAR if snap.id == head.id else TOPIC
    return Node(snap.id, snap.slug, snap.title, kind, status, site_path(snap, root) if snap.url_path else "")


def _declared(head, topics, with_pillar: bool = True):
    """(source, target, kind, required) of every declared edge, whatever the target's state."""
    if with_pillar:
        for topic in topics:
            yield head.id, topic.id, PILLAR_TO_TOPIC, True
    for topic in topics:
        yield topic.id, head.id, TOPIC_TO_PILLAR, True
        for target, required in topic.related:
            yield topic.id, target, RELATED, required
    if with_pillar:
        for target in head.adjacent:
            yield head.id, target, ADJACENT, False


def pillar_of(page) -> PillarPage | None:
    """The pillar of a cluster page: the page itself or its parent; None outside clusters.

    The pillar comes back with its own fields deferred: callers need its place
    in the tree, and a pillar's body, which links to every topic, grows with
    its cluster (half a millisecond per lookup at 2,000 topics).
    """
    if isinstance(page, PillarPage):
        return page
    if _is_pillar(page):
        return page.specific_deferred
    parent = page.get_parent()
    return parent.specific_deferred if parent is not None and _is_pillar(parent) else None


def _is_pillar(page) -> bool:
    model = page.specific_class
    return model is not None and issubclass(model, PillarPage)
