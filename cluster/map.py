"""The cluster map selector: one pillar, its topics, and the links they owe.

Templates, the validators and the API all read the map from here.

A declared edge becomes due only when its target is live: a page cannot be
asked to link to a draft (links.E004 forbids exactly that), so an edge to a
draft, scheduled, private or withdrawn page is left out until it goes live.
"""

from __future__ import annotations

from validators.document import (
    ADJACENT,
    DRAFT,
    LIVE,
    PILLAR,
    PILLAR_TO_TOPIC,
    RELATED,
    TOPIC,
    TOPIC_TO_PILLAR,
    ClusterMap,
    Edge,
    Node,
)

from .models import PillarPage
from .paths import site_path, site_root_path
from .states import UNSAVED_ID, page_states


def cluster_map(
    pillar: PillarPage | None, state: str = "live", snapshots=None, states=None, root: str | None = None
) -> ClusterMap:
    """Nodes and declared edges of the pillar's cluster, in `state` ("live" or "draft").

    Callers that already hold the snapshots and the page states pass them in,
    so one validation run reads each only once.
    """
    if snapshots is None:
        from .documents import load_cluster  # documents imports flatten, which needs no map

        snapshots = load_cluster(pillar, state)[0]
    root = root or site_root_path()
    head, topics = snapshots[0], snapshots[1:]
    if states is None:
        related_ids = {target for t in topics for target, _ in t.related}
        states = page_states({s.id for s in snapshots} | set(head.adjacent) | related_ids)
        states[UNSAVED_ID] = DRAFT
    nodes = [
        Node(
            s.id,
            s.slug,
            s.title,
            PILLAR if s is head else TOPIC,
            states[s.id],
            site_path(s, root) if s.url_path else "",
        )
        for s in snapshots
    ]
    edges = []

    def declare(source, target, kind, required=True):
        if states.get(target) == LIVE:
            edges.append(Edge(source, target, kind, required))

    for topic in topics:
        declare(head.id, topic.id, PILLAR_TO_TOPIC)
    for topic in topics:
        declare(topic.id, head.id, TOPIC_TO_PILLAR)
        for target, required in topic.related:
            declare(topic.id, target, RELATED, required)
    for target in head.adjacent:
        declare(head.id, target, ADJACENT, required=False)
    return ClusterMap(pillar_id=head.id, nodes=tuple(nodes), edges=tuple(edges))


def pillar_of(page) -> PillarPage | None:
    page = page.specific
    if isinstance(page, PillarPage):
        return page
    parent = page.get_parent()
    return parent.specific if parent and isinstance(parent.specific, PillarPage) else None
