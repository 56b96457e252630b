"""Link checks (family "links") against the declared cluster map.

Only links in the page's own prose (lead, body, FAQ answers) realize a
declared edge: that is what passes topical relevance between pages. A CTA is
a button, not an editorial link, so it does not count towards coverage; it
must still never point at a page a visitor cannot open.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import (
    ADJACENT,
    CTA,
    LIVE,
    MISSING,
    RELATED,
    UNCHECKED,
    ClusterMap,
    Link,
    PageDocument,
    ValidationContext,
)
from ..findings import ERROR, WARNING, EdgeResult, Finding, Location, coverage_of
from ..registry import register

CONTENT_FIELDS = frozenset({"lead", "body", "faq"})
GENERIC_ANCHORS = frozenset(
    {
        "click here",
        "read more",
        "here",
        "this page",
        "learn more",
        "link",
        "more",
        "this link",
        "this article",
    }
)
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S*$", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def content_targets(doc: PageDocument) -> set[int]:
    """Ids of internal pages this page links to from its prose."""
    return {
        link.target_id for link in doc.links if link.target_id is not None and link.field in CONTENT_FIELDS
    }


def in_cluster(doc: PageDocument, cluster: ClusterMap | None) -> bool:
    return cluster is not None and doc.id is not None and cluster.is_member(doc.id)


def slug_of(cluster: ClusterMap | None, page_id: int) -> str:
    """The page's slug, for machines (a finding's `value`)."""
    node = cluster.node(page_id) if cluster is not None else None
    return node.slug if node is not None and node.slug else str(page_id)


def title_of(cluster: ClusterMap | None, page_id: int) -> str:
    """The page as editors name it, for messages: its title, else its slug."""
    node = cluster.node(page_id) if cluster is not None else None
    return node.title if node is not None and node.title else slug_of(cluster, page_id)


def page_coverage(doc: PageDocument, cluster: ClusterMap | None) -> dict:
    """Declared edges leaving this page vs those its prose realizes."""
    edges = cluster.edges_from(doc.id) if in_cluster(doc, cluster) else ()
    targets = content_targets(doc)
    # The same count as ClusterResult.page_coverage, by the same function.
    return coverage_of([EdgeResult(edge=e, realized=e.target in targets) for e in edges])


def _missing(fid, message, hint, value, severity=ERROR) -> Finding:
    return Finding(fid, severity, message, hint, Location(field="body"), value)


@register("links")
def cluster_membership(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    if not in_cluster(doc, ctx.cluster):
        yield Finding(
            "links.W003",
            WARNING,
            "The page is not in any cluster map; link coverage was not assessed.",
            "Attach the page to a pillar (or make it one) so its links can be checked.",
            Location(),
        )


@register("links")
def hub_links(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    """Pillar -> every live topic, topic -> its live pillar."""
    cluster = ctx.cluster
    if not in_cluster(doc, cluster):
        return
    targets = content_targets(doc)
    if doc.id == cluster.pillar_id:
        for topic in cluster.topic_ids:
            if topic != doc.id and topic not in targets and ctx.state_of(topic) == LIVE:
                yield _missing(
                    "links.E001",
                    f'The pillar does not link to its topic "{title_of(cluster, topic)}".',
                    "Link to the topic from the body where the pillar introduces its subject.",
                    slug_of(cluster, topic),
                )
    elif doc.id in cluster.topic_ids:
        pillar = cluster.pillar_id
        if pillar not in targets and ctx.state_of(pillar) == LIVE:
            yield _missing(
                "links.E002",
                f'The topic does not link to its pillar "{title_of(cluster, pillar)}".',
                "Link back to the pillar early in the body, with descriptive anchor text.",
                slug_of(cluster, pillar),
            )


@register("links")
def declared_links(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    """Related and adjacent edges the editor declared for this page."""
    cluster = ctx.cluster
    if not in_cluster(doc, cluster):
        return
    targets = content_targets(doc)
    for edge in cluster.edges_from(doc.id):
        if edge.kind not in (RELATED, ADJACENT) or edge.target in targets:
            continue
        if ctx.state_of(edge.target) != LIVE:
            continue  # linking it now would be a dead link (links.E004)
        slug, title = slug_of(cluster, edge.target), title_of(cluster, edge.target)
        if edge.required:
            yield _missing(
                "links.E003",
                f'The declared {edge.kind} link to "{title}" is missing.',
                "Add the link in the body, or remove the declaration from the cluster map.",
                slug,
            )
        else:
            yield _missing(
                "links.W001",
                f'The optional {edge.kind} link to "{title}" is not in the content.',
                "Consider linking it where the subjects touch.",
                slug,
                severity=WARNING,
            )


def _outbound(doc: PageDocument) -> list[Link]:
    """Every internal link, including CTA targets not already in `links`."""
    links = [link for link in doc.links if link.target_id is not None]
    for block in doc.blocks:
        if block.kind == "cta" and block.target_id is not None:
            seen = any(
                link.field == "cta" and link.block_index == block.index and link.target_id == block.target_id
                for link in links
            )
            if not seen:
                links.append(Link(block.url, block.text, block.index, "cta", None, block.target_id))
    return links


@register("links")
def dead_links(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    for link in _outbound(doc):
        if link.target_id == doc.id:
            continue  # a page can always reach itself
        state = ctx.state_of(link.target_id)
        if state == LIVE:
            continue
        where = Location(block=link.block_index, faq_item=link.faq_item)
        if state == UNCHECKED:
            yield Finding(
                "links.W004",
                WARNING,
                f"{_link_name(link)} points to a page outside the files validated; it was not checked.",
                "Validate with --against-db, or name the folder that holds the target too.",
                where,
                state,
            )
        elif state == MISSING:
            yield Finding(
                "links.E005",
                ERROR,
                f"{_link_name(link)} points to a page that does not exist.",
                "Remove the link or point it at a live page.",
                where,
                state,
            )
        else:
            yield Finding(
                "links.E004",
                ERROR,
                f"{_link_name(link)} points to {_target_name(ctx.cluster, link, state)}.",
                "Publish the target first, or remove the link until it is live.",
                where,
                state,
            )


def _link_name(link: Link) -> str:
    """'The link "fear of intimacy"', by the words the reader clicks (a CTA's label)."""
    words = link.anchor.strip() if isinstance(link.anchor, str) else ""
    kind = "The call to action" if link.field == "cta" else "The link"
    return f'{kind} "{words}"' if words else kind


def _target_name(cluster: ClusterMap | None, link: Link, state: str) -> str:
    """'"Title", which is draft': the linked page's title when the cluster map knows it, else its URL."""
    node = cluster.node(link.target_id) if cluster is not None else None
    if node is not None and node.title:
        return f'"{node.title}", which is {state}'
    return f"{link.href}, which is {state}" if link.href else f"a page that is {state}"


@register("links")
def orphan_topic(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    cluster = ctx.cluster
    if not in_cluster(doc, cluster) or doc.id not in cluster.topic_ids:
        return
    members = cluster.members
    if not any(d.id != doc.id and d.id in members for d in ctx.documents.values()):
        return  # without the other pages we cannot tell; never guess an orphan
    if ctx.inbound_links is None:
        return  # nor without the engine's map of who links where (validators.indexes)
    if not ctx.inbound_links.get(doc.id, frozenset()) - {doc.id}:
        yield Finding(
            "links.E006",
            ERROR,
            "No other page of the cluster links to this topic: it is an orphan.",
            "Link to it from the pillar or from a related topic's body.",
            Location(),
        )


def generic_anchor(link: Link) -> bool:
    anchor = link.anchor if isinstance(link.anchor, str) else ""
    stripped = anchor.strip()
    if not stripped or stripped == (link.href or "").strip() or _BARE_URL.match(stripped):
        return True
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).split()) in GENERIC_ANCHORS


@register("links", local=True)
def anchor_text(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    # CTA labels are buttons with their own heading for context; not judged here.
    for link in doc.links:
        if link.field in CONTENT_FIELDS and generic_anchor(link):
            yield Finding(
                "links.W002",
                WARNING,
                f'The link text "{link.anchor}" does not say where it leads.',
                "Use the target's subject as anchor text, e.g. 'fear of intimacy'.",
                Location(block=link.block_index, faq_item=link.faq_item),
                link.anchor,
            )


@register("links", local=True)
def cta_without_link(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    """A call to action is a button; one that opens nothing is a dead end on the page."""
    for block in doc.blocks:
        if block.kind != CTA or block.target_id is not None:
            continue
        if isinstance(block.url, str) and block.url.strip():
            continue
        label = block.text.strip() if isinstance(block.text, str) else ""
        yield Finding(
            "links.E007",
            ERROR,
            f'The call to action "{label}" has no link.' if label else "The call to action has no link.",
            "Choose the page it opens or enter its URL, or remove the call to action. "
            "(A page imported from a text file has none: the text format cannot say where it leads.)",
            Location(block=block.index),
        )
