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

from .models import PillarPage, TopicPage
from .paths import site_path, site_root_path
from .states import UNSAVED_ID, page_states


def cluster_pages(pillar: PillarPage, state: str = "live"):
    """The pillar and its topics, as their live rows or latest revisions."""
    topics = list(TopicPage.objects.child_of(pillar).order_by("path"))
    pages = [pillar, *topics]
    if state == "draft":
        pages = [p.get_latest_revision_as_object() if p.latest_revision_id else p for p in pages]
    return pages


def cluster_map(pillar: PillarPage, state: str = "live", pages=None) -> ClusterMap:
    pages = pages or cluster_pages(pillar, state)
    root = site_root_path()
    adjacent = [a.target for a in pages[0].adjacent_clusters.all()]
    states = page_states([p.id for p in pages] + [a.id for a in adjacent])
    states.setdefault(UNSAVED_ID, DRAFT)
    nodes = [
        Node(
            p.id or UNSAVED_ID,
            p.slug,
            p.title,
            PILLAR if p.id == pillar.id else TOPIC,
            states[p.id or UNSAVED_ID],
            site_path(p, root) if p.url_path else "",
        )
        for p in pages
    ]
    edges = []

    def declare(source, target, kind, required=True):
        if states.get(target) == LIVE:
            edges.append(Edge(source, target, kind, required))

    topic_pages = pages[1:]
    for topic in topic_pages:
        declare(pillar.id, topic.id or UNSAVED_ID, PILLAR_TO_TOPIC)
    related_ids = {r.target_id for t in topic_pages for r in t.related_topics.all()}
    states.update(page_states(related_ids - set(states)))
    for topic in topic_pages:
        declare(topic.id or UNSAVED_ID, pillar.id, TOPIC_TO_PILLAR)
        for related in topic.related_topics.all():
            declare(topic.id or UNSAVED_ID, related.target_id, RELATED, related.required)
    for target in adjacent:
        declare(pillar.id, target.id, ADJACENT, required=False)
    return ClusterMap(pillar_id=pillar.id, nodes=tuple(nodes), edges=tuple(edges))


def pillar_of(page) -> PillarPage | None:
    page = page.specific
    if isinstance(page, PillarPage):
        return page
    parent = page.get_parent()
    return parent.specific if parent and isinstance(parent.specific, PillarPage) else None
