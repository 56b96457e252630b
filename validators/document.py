"""The plain page document the checks run on.

Nothing here knows about Django or Wagtail: `cluster/adapter.py` builds these
objects from a page revision (what would be published) or from the live page,
and `cluster/map.py` builds the `ClusterMap`. Keeping the engine framework-free
lets the admin gate, the CLI and the API share one implementation, and lets the
checks be tested and fuzzed without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the engine's side; importing it here would be circular
    from .indexes import KeyphraseIndex, QuestionIndexes

PILLAR = "pillar"
TOPIC = "topic"

# Block kinds, in the order they appear on a page.
LEAD = "lead"
HEADING = "heading"
PARAGRAPH = "paragraph"
FAQ = "faq"
CTA = "cta"

# Node states in the cluster map and in `ValidationContext.page_states`.
LIVE = "live"
DRAFT = "draft"  # never published
UNPUBLISHED = "unpublished"  # was live once, now withdrawn
SCHEDULED = "scheduled"  # has a go-live date in the future
PRIVATE = "private"  # live, but behind a Wagtail view restriction
MISSING = "missing"  # deleted, or never existed
# A page outside the files a run read, whose state nobody looked up
# (validate_content PATH without --against-db): its links are not judged.
UNCHECKED = "unchecked"

# Edge kinds in the cluster map.
PILLAR_TO_TOPIC = "pillar-topic"
TOPIC_TO_PILLAR = "topic-pillar"
RELATED = "related"
ADJACENT = "adjacent"  # pillar -> another pillar


# Pickling, for the cache and for worker processes (validate_content --jobs):
# a 2,000-page cluster's documents are some 80,000 of these objects. The
# state dataclasses gives a frozen slotted class calls `fields()` for every
# object, pickled and unpickled, which made pickling documents twice as slow
# as before they were slotted. These pickle as a call of the class with the
# slots' values, read in one C call. Entries pickled the other way still load
# (by the state functions dataclasses keeps), and these load where those did.
_VALUES_OF: dict[type, attrgetter] = {}


def _reduce(self) -> tuple:
    return type(self), _VALUES_OF[type(self)](self)


def _fast_pickling(cls):
    _VALUES_OF[cls] = attrgetter(*cls.__slots__)  # several names: it returns a tuple
    cls.__reduce__ = _reduce
    return cls


@_fast_pickling
@dataclass(frozen=True, slots=True)
class Link:
    """A link realized in the page's own content (never template navigation)."""

    href: str
    anchor: str
    block_index: int
    # Where the link sits: "lead", "body", "faq" (then `faq_item` is set) or "cta".
    field: str = "body"
    faq_item: int | None = None
    # The target page's id for internal links, None for external ones.
    target_id: int | None = None

    @property
    def internal(self) -> bool:
        return self.target_id is not None


@_fast_pickling
@dataclass(frozen=True, slots=True)
class FAQItem:
    question: str
    answer: str  # plain text
    answer_html: str = ""


@_fast_pickling
@dataclass(frozen=True, slots=True)
class Block:
    """One StreamField block, flattened for the checks.

    `text` is the block's prose as plain text. For a lead it is the answer
    (the question is in `title`); for a heading it is the heading text; for a
    FAQ block it is empty and the items are in `faq_items`; for a CTA it is the
    label and `title` holds its heading.
    """

    index: int
    kind: str
    text: str = ""
    html: str = ""
    title: str = ""
    faq_items: tuple[FAQItem, ...] = ()
    url: str = ""  # CTA target URL, resolved
    target_id: int | None = None  # CTA target page


@_fast_pickling
@dataclass(frozen=True, slots=True)
class PageDocument:
    id: int | None
    type: str  # PILLAR or TOPIC
    slug: str
    title: str
    url: str = ""
    language: str = "en"
    state: str = DRAFT  # which version this document was built from: "draft" or "live"
    blocks: tuple[Block, ...] = ()
    links: tuple[Link, ...] = ()
    required_questions: tuple[str, ...] = ()
    # Search metadata (the seo checks): the <title> is seo_title or, when it is
    # empty, title; the meta description is search_description.
    seo_title: str = ""
    search_description: str = ""
    focus_keyphrase: str = ""
    # The content hash of the revision this document came from; the
    # re-validation cache keys on it.
    content_hash: str = ""
    # Where the page lives outside the engine, for reports that point at it:
    # the admin's edit URL of a stored page, or the file a page was read from.
    edit_url: str = ""
    source_path: str = ""

    def without_content(self) -> PageDocument:
        """The page's name and addresses without its blocks and links: what a report prints.

        A batch run keeps every page's result until it renders the report; the
        content is what the checks needed, and most of a document's memory.
        """
        return replace(self, blocks=(), links=(), required_questions=())

    @property
    def title_tag(self) -> str:
        """The text of the page's <title>: what search results show."""
        return self.seo_title.strip() or self.title.strip()

    @property
    def lead(self) -> Block | None:
        return next((b for b in self.blocks if b.kind == LEAD), None)

    @property
    def faq_blocks(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == FAQ)

    @property
    def faq_items(self) -> tuple[tuple[int, int, FAQItem], ...]:
        """Every FAQ item as (block index, item index, item), in page order."""
        return tuple(
            (block.index, n, item) for block in self.faq_blocks for n, item in enumerate(block.faq_items)
        )


@dataclass(frozen=True)
class Node:
    id: int
    slug: str
    title: str
    type: str
    status: str
    url: str = ""


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    kind: str
    required: bool = True


@dataclass(frozen=True)
class ClusterMap:
    """Declared structure of one cluster: its pages and the links they owe.

    A map made to check a few pages of a large cluster may hold only the
    nodes and edges those pages need; `member_ids` then names every page of
    the cluster, so membership (and so orphans and topics) stays exact.
    """

    pillar_id: int
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()  # the links owed now: their targets are live
    member_ids: frozenset[int] | None = None
    # Declared edges that are not due yet (the target, or in the live state the
    # source, is not live). No check asks for them; Cluster health draws them.
    pending: tuple[Edge, ...] = ()

    # Lookups are indexed once per map (cached_property writes to the
    # instance dict, which a frozen dataclass allows): checks ask per page,
    # and a linear scan each time is quadratic in the cluster's size.
    @cached_property
    def _nodes_by_id(self) -> dict[int, Node]:
        return {n.id: n for n in self.nodes}

    @cached_property
    def _edges_by_source(self) -> dict[int, tuple[Edge, ...]]:
        grouped: dict[int, list[Edge]] = {}
        for edge in self.edges:
            grouped.setdefault(edge.source, []).append(edge)
        return {source: tuple(edges) for source, edges in grouped.items()}

    def node(self, page_id: int) -> Node | None:
        return self._nodes_by_id.get(page_id)

    def edges_from(self, page_id: int) -> tuple[Edge, ...]:
        return self._edges_by_source.get(page_id, ())

    @cached_property
    def members(self) -> frozenset[int]:
        if self.member_ids is not None:
            return self.member_ids
        return frozenset(n.id for n in self.nodes)

    def is_member(self, page_id: int) -> bool:
        return page_id in self.members

    @cached_property
    def topic_ids(self) -> frozenset[int]:
        if self.member_ids is not None:  # a cluster's pages are its pillar and its topics
            return self.member_ids - {self.pillar_id}
        return frozenset(n.id for n in self.nodes if n.type == TOPIC)


@dataclass
class ValidationContext:
    """Everything a check may look at beyond the page itself.

    `documents` holds the other pages of the cluster (keyed by id) in the same
    state as the page under test, so cross-page checks (orphans, questions
    repeated across the cluster) see a consistent picture. `page_states` gives
    the state of every page any link points at, including pages outside the
    cluster; an id absent from it is treated as MISSING.
    """

    cluster: ClusterMap | None = None
    documents: dict[int, PageDocument] = field(default_factory=dict)
    page_states: dict[int, str] = field(default_factory=dict)
    config: dict | None = None  # resolved thresholds, see validators.config
    # Per-run scratch space of the engine, shared by every page's context
    # (dataclasses.replace keeps the same dict). Checks do not write to it.
    memo: dict = field(default_factory=dict, repr=False, compare=False)
    # The pages being validated in this run when only some are (the rest are
    # context): lets the engine reuse work about the unchanged others.
    subjects: frozenset | None = None
    # The run's result cache (any object with get/set), for cross-page
    # answers keyed by the content of every page involved.
    cache: object = field(default=None, repr=False, compare=False)
    # With `subjects`: scratch space for what the engine derives from the
    # OTHER documents alone. The caller keeps one per set of unchanged other
    # documents, so checking one edited page in a large cluster does not
    # re-derive the rest of the cluster on every run.
    shared: dict | None = field(default=None, repr=False, compare=False)
    # Cross-page indexes, built by the engine once per run (validators.indexes)
    # so that checks stay pure functions; checks only read them. None means
    # the engine did not provide one (no cluster, or no check that needs it).
    # target id -> frozenset of ids of the cluster pages whose prose links to it
    # (a page linking to itself included).
    inbound_links: dict[int, frozenset[int]] | None = field(default=None, repr=False, compare=False)
    # Every FAQ question of `documents`, indexed on first use (faq.W001).
    question_indexes: QuestionIndexes | None = field(default=None, repr=False, compare=False)
    # The topic pages' focus keyphrases, indexed on first use (seo.W008).
    keyphrase_indexes: KeyphraseIndex | None = field(default=None, repr=False, compare=False)

    def state_of(self, page_id: int) -> str:
        return self.page_states.get(page_id, MISSING)
