"""Property tests: no input makes a check raise (engine.E001 never appears)."""

from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.validators.factories import heading, page, paragraph, seed_document
from validators import validate_cluster, validate_page
from validators.document import (
    ADJACENT,
    CTA,
    DRAFT,
    FAQ,
    HEADING,
    LEAD,
    LIVE,
    MISSING,
    PARAGRAPH,
    PILLAR,
    PILLAR_TO_TOPIC,
    PRIVATE,
    RELATED,
    SCHEDULED,
    TOPIC,
    TOPIC_TO_PILLAR,
    UNPUBLISHED,
    Block,
    ClusterMap,
    Edge,
    FAQItem,
    Link,
    Node,
    PageDocument,
)

# FUZZ_EXAMPLES=2000 for a deeper local run; CI keeps the default bounded.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Every code point, lone surrogates and control characters included.
any_char = st.characters(exclude_categories=())
any_text = st.text(alphabet=any_char, max_size=300)
emoji_rtl_cjk = st.sampled_from(
    ["😀", "👩‍❤️‍👨", "שלום עולם.", "مرحبا؟", "日本語の文章。", "\u200f", "\u202e", "é", "ﬁ"]
)
markup = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<li>",
        "</li>",
        "<ul>",
        "<h2>",
        "</h2>",
        "<br>",
        "<b>",
        "</div>",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "<![CDATA[",
        "]]>",
        "<",
        ">",
        "&amp;",
        "&#0;",
        "&#xD800;",
        "&nbsp;",
        "\x00",
        "<a href='x'>",
        "<table><tr><td>",
        "?",
        ". ",
        '<p class="',
        "<?xml version='1.0'?>",
        "<!DOCTYPE html>",
        "<svg><title>",
    ]
)
prose_words = st.sampled_from(
    ["closeness", "trust", "psychological", "we", "the", "rest.", "Why?", "fear", "e.g.", "3.5"]
)
htmlish = st.lists(st.one_of(markup, any_text, emoji_rtl_cjk, prose_words), max_size=40).map("".join)
texty = st.one_of(any_text, htmlish, st.lists(prose_words, max_size=80).map(" ".join))
languages = st.one_of(
    st.sampled_from(
        [
            "en",
            "en-GB",
            "en_US",
            "de",
            "es",
            "fr",
            "it",
            "nl",
            "pl",
            "ru",
            "hu",
            "pt_BR",
            "ja",
            "zh",
            "ar",
            "he",
            "xx",
            "",
            "EN",
            "de-",
            "_",
            "x" * 40,
        ]
    ),
    st.text(alphabet=any_char, max_size=12),
)
states = st.sampled_from([LIVE, DRAFT, UNPUBLISHED, SCHEDULED, PRIVATE, MISSING, "weird"])
ids = st.integers(min_value=-3, max_value=12)

faq_items = st.builds(FAQItem, question=texty, answer=texty, answer_html=st.one_of(st.just(""), htmlish))
kinds = st.sampled_from([LEAD, HEADING, PARAGRAPH, FAQ, CTA, "unknown"])


@st.composite
def blocks(draw):
    count = draw(st.integers(min_value=0, max_value=8))
    return tuple(
        Block(
            index=i,
            kind=draw(kinds),
            text=draw(texty),
            html=draw(st.one_of(st.just(""), htmlish)),
            title=draw(texty),
            faq_items=tuple(draw(st.lists(faq_items, max_size=4))),
            url=draw(st.sampled_from(["", "/x/", "javascript:void(0)"])),
            target_id=draw(st.one_of(st.none(), ids)),
        )
        for i in range(count)
    )


links = st.builds(
    Link,
    href=texty,
    anchor=texty,
    block_index=ids,
    field=st.sampled_from(["lead", "body", "faq", "cta", "nav", ""]),
    faq_item=st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
    target_id=st.one_of(st.none(), ids),
)

documents = st.builds(
    PageDocument,
    id=st.one_of(st.none(), ids),
    type=st.sampled_from([PILLAR, TOPIC, "landing", ""]),
    slug=texty,
    title=texty,
    language=languages,
    blocks=blocks(),
    links=st.lists(links, max_size=6).map(tuple),
    required_questions=st.lists(texty, max_size=3).map(tuple),
)


@st.composite
def clusters(draw):
    node_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    nodes = tuple(
        Node(i, f"p{i}", "t", draw(st.sampled_from([PILLAR, TOPIC])), draw(states)) for i in node_ids
    )
    kinds_ = st.sampled_from([PILLAR_TO_TOPIC, TOPIC_TO_PILLAR, RELATED, ADJACENT])
    edges = draw(st.lists(st.builds(Edge, ids, ids, kinds_, st.booleans()), max_size=8))
    return ClusterMap(pillar_id=draw(st.sampled_from(node_ids)), nodes=nodes, edges=tuple(edges))


def assert_no_crash(result):
    crashed = [f for f in result.findings if f.id.startswith("engine.")]
    assert crashed == [], crashed[0].message if crashed else ""


@FUZZ
@given(documents)
def test_validate_page_never_raises(doc):
    result = validate_page(doc)
    assert_no_crash(result)
    assert "error" not in result.metrics["readability"]


@FUZZ
@given(
    st.lists(documents, max_size=4),
    st.one_of(st.none(), clusters()),
    st.dictionaries(ids, states, max_size=8),
)
def test_validate_cluster_never_raises(docs, cluster, page_states):
    report = validate_cluster(docs, cluster, page_states)
    for result in report.pages:
        assert_no_crash(result)
    for result in report.clusters:
        assert 0 <= result.coverage["ratio"] <= 1


@FUZZ
@given(texty, languages)
def test_any_paragraph_text_in_any_language(text, language):
    for block in (paragraph(1, text), paragraph(1, "", html=text)):
        assert_no_crash(validate_page(page([heading(0), block], language=language)))


def test_empty_and_heading_only_pages():
    for doc in (
        PageDocument(id=None, type="", slug="", title=""),
        page([]),
        page([heading(i, "Only a heading") for i in range(5)]),
        page([Block(index=0, kind=FAQ)]),
        page([Block(index=0, kind=LEAD)]),
    ):
        result = validate_page(doc)
        assert_no_crash(result)
        assert result.metrics["readability"]["words"] == 0


def test_huge_page_finishes_in_reasonable_time():
    seed = seed_document()
    paragraphs = [b.text for b in seed.blocks if b.kind == PARAGRAPH]
    blocks_ = [heading(0)] + [paragraph(i + 1, paragraphs[i % len(paragraphs)]) for i in range(3100)]
    for doc in (
        page(blocks_),  # ~200k words in many blocks
        page([heading(0), paragraph(1, " ".join(["closeness"] * 200_000))]),  # one sentence
    ):
        started = time.monotonic()
        result = validate_page(doc)
        assert time.monotonic() - started < 60
        assert_no_crash(result)
        assert result.metrics["readability"]["words"] >= 200_000
