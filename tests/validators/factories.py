"""Small builders for PageDocument fixtures (pure Python, no Django)."""

from __future__ import annotations

from tests.paths import SEED  # noqa: F401  (re-exported for the validator tests)
from validators.document import (
    CTA,
    FAQ,
    HEADING,
    LEAD,
    LIVE,
    PARAGRAPH,
    PILLAR,
    PILLAR_TO_TOPIC,
    TOPIC,
    TOPIC_TO_PILLAR,
    Block,
    ClusterMap,
    Edge,
    FAQItem,
    Link,
    Node,
    PageDocument,
    ValidationContext,
)
from validators.findings import Location

# A 40-word answer of ordinary sentences, long enough for every FAQ check,
# in the active voice and with transition words (readability.W009, W010).
ANSWER = (
    "Closeness works best when both people feel safe enough to open up. "
    "It grows from small moments of attention, repeated over weeks and months. "
    "Trust follows when each partner responds to the other with care, "
    "patience and a little curiosity."
)
LEAD_ANSWER = "Intimacy is the felt sense that someone who knows you will stay."

QUESTIONS = (
    "What is emotional intimacy?",
    "How does trust grow between partners?",
    "Why does closeness sometimes feel frightening?",
    "Can intimacy be rebuilt after a rupture?",
    "How long does rebuilding closeness usually take?",
    "Does physical affection always follow emotional closeness?",
)


def loc(block=None, faq_item=None, start=None, end=None, field=None) -> Location:
    return Location(block=block, faq_item=faq_item, start=start, end=end, field=field)


def lead(index=0, question="What is intimacy?", answer=LEAD_ANSWER) -> Block:
    return Block(index=index, kind=LEAD, text=answer, title=question)


def heading(index, text="A section") -> Block:
    return Block(index=index, kind=HEADING, text=text)


def paragraph(index, text=ANSWER, html="") -> Block:
    return Block(index=index, kind=PARAGRAPH, text=text, html=html)


def faq(index, *pairs) -> Block:
    items = tuple(FAQItem(question=q, answer=a) for q, a in pairs)
    return Block(index=index, kind=FAQ, title="Common questions", faq_items=items)


def good_faq(index, count=5, questions=QUESTIONS) -> Block:
    return faq(index, *[(q, ANSWER) for q in questions[:count]])


def cta(index, label="Find your intimacy style", target_id=None, url="") -> Block:
    return Block(index=index, kind=CTA, text=label, title="Curious?", target_id=target_id, url=url)


def link(target_id, block=1, anchor="emotional intimacy", field="body", faq_item=None) -> Link:
    return Link(
        href=f"/page-{target_id}/",
        anchor=anchor,
        block_index=block,
        field=field,
        faq_item=faq_item,
        target_id=target_id,
    )


def page(blocks, *, id=1, type=TOPIC, slug=None, language="en", links=(), required=()):
    return PageDocument(
        id=id,
        type=type,
        slug=slug or f"page-{id}",
        title=f"Page {id}",
        language=language,
        blocks=tuple(blocks),
        links=tuple(links),
        required_questions=tuple(required),
    )


# Distinct questions per page id, so pages of one cluster never share one
# (that would be faq.W001).
QUESTION_BANK = {
    2: (
        "What does fear of intimacy look like?",
        "Is fear of intimacy common?",
        "Can therapy reduce fear of intimacy?",
        "Who tends to avoid closeness?",
    ),
    3: (
        "How does trauma shape adult closeness?",
        "Why do survivors freeze during touch?",
        "Which therapies help after relational trauma?",
        "When should a survivor seek help?",
    ),
    4: (
        "What is responsive desire?",
        "Why does spontaneous desire fade?",
        "Are desire mismatches a sign of trouble?",
        "How can partners talk about wanting?",
    ),
}


def clean_topic(id=2, links=(), count=3, **kwargs) -> PageDocument:
    """A topic that passes every FAQ and readability check."""
    questions = QUESTION_BANK.get(id, QUESTIONS)
    blocks = [lead(0), heading(1), paragraph(2), good_faq(3, count=count, questions=questions)]
    return page(blocks, id=id, type=TOPIC, links=links, **kwargs)


def cluster_map(pillar=1, topics=(2, 3), extra_edges=(), status=LIVE) -> ClusterMap:
    nodes = [Node(pillar, f"page-{pillar}", "Pillar", PILLAR, status)]
    nodes += [Node(t, f"page-{t}", f"Topic {t}", TOPIC, status) for t in topics]
    edges = [Edge(pillar, t, PILLAR_TO_TOPIC) for t in topics]
    edges += [Edge(t, pillar, TOPIC_TO_PILLAR) for t in topics]
    return ClusterMap(pillar_id=pillar, nodes=tuple(nodes), edges=tuple(edges) + tuple(extra_edges))


def context(cluster=None, documents=(), states=None, config=None) -> ValidationContext:
    docs = {d.id: d for d in documents}
    if states is None:
        states = {n.id: n.status for n in cluster.nodes} if cluster else {}
    return ValidationContext(cluster=cluster, documents=docs, page_states=states, config=config)


def parse_seed(text: str, *, id=1, type=PILLAR, slug="intimacy") -> PageDocument:
    """Build a PageDocument from the plain-text page format of the seed."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    _category, title, question, answer = lines[:4]
    body, cta_heading, cta_label = lines[4:-2], lines[-2], lines[-1]
    blocks = [Block(index=0, kind=LEAD, text=answer, title=question)]
    faq_at = body.index("Common questions") if "Common questions" in body else len(body)
    for n, line in enumerate(body[:faq_at]):
        follows_paragraph = n + 1 < faq_at and body[n + 1].endswith((".", "?", "!", '"'))
        is_heading = len(line.split()) <= 15 and not line.endswith(".") and follows_paragraph
        kind = HEADING if is_heading else PARAGRAPH
        blocks.append(Block(index=len(blocks), kind=kind, text=line))
    pairs = body[faq_at + 1 :]
    items = tuple(
        FAQItem(question=q.removeprefix("- "), answer=a.removeprefix("- "))
        for q, a in zip(pairs[::2], pairs[1::2], strict=True)
    )
    if items:
        blocks.append(Block(index=len(blocks), kind=FAQ, title=body[faq_at], faq_items=items))
    blocks.append(Block(index=len(blocks), kind=CTA, text=cta_label, title=cta_heading))
    return PageDocument(id=id, type=type, slug=slug, title=title, language="en", blocks=tuple(blocks))


def seed_document(**kwargs) -> PageDocument:
    return parse_seed(SEED.read_text(encoding="utf-8"), **kwargs)


def findings(doc, ctx=None, families=None):
    """[(id, location)] of one page, in the engine's deterministic order."""
    from validators import validate_page

    return [(f.id, f.location) for f in validate_page(doc, ctx, families).findings]


def words(n: int, word: str = "closeness") -> str:
    return " ".join([word] * n)
