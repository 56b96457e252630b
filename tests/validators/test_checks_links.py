"""Link checks against the cluster map: whole finding lists per case."""

from __future__ import annotations

import pytest

from tests.validators.factories import (
    clean_topic,
    cluster_map,
    context,
    cta,
    findings,
    good_faq,
    lead,
    link,
    loc,
    page,
    paragraph,
)
from validators import validate_page
from validators.document import (
    ADJACENT,
    DRAFT,
    LIVE,
    PILLAR,
    PRIVATE,
    RELATED,
    SCHEDULED,
    UNPUBLISHED,
    Edge,
    Link,
)

CLUSTER = cluster_map(pillar=1, topics=(2, 3))


def run(doc, ctx):
    return findings(doc, ctx, families=["links"])


def pillar(links=(), blocks=None):
    blocks = blocks or [lead(0), paragraph(1), good_faq(2)]
    return page(blocks, id=1, type=PILLAR, links=links)


def linked_cluster():
    """Pillar 1 <-> topics 2 and 3, every hub link realized."""
    docs = {
        1: pillar(links=(link(2), link(3))),
        2: clean_topic(id=2, links=(link(1, anchor="intimacy psychology"),)),
        3: clean_topic(id=3, links=(link(1, anchor="intimacy psychology"),)),
    }
    return docs


def ctx_for(docs, cluster=CLUSTER, states=None):
    return context(cluster, documents=docs.values(), states=states)


def test_fully_linked_cluster_has_no_link_findings():
    docs = linked_cluster()
    ctx = ctx_for(docs)
    assert [run(doc, ctx) for doc in docs.values()] == [[], [], []]


def test_e001_pillar_missing_a_topic_link():
    docs = linked_cluster()
    docs[1] = pillar(links=(link(2),))
    result = validate_page(docs[1], ctx_for(docs), families=["links"])
    # The message names the topic by its title; `value` keeps its slug for machines.
    assert [(f.id, f.location, f.value, f.message) for f in result.findings] == [
        ("links.E001", loc(field="body"), "page-3", 'The pillar does not link to its topic "Topic 3".')
    ]


def test_e001_cta_and_faq_question_do_not_count_but_faq_answers_do():
    docs = linked_cluster()
    docs[1] = pillar(
        links=(link(2, field="faq", block=2, faq_item=0), link(3, field="cta", block=3)),
        blocks=[lead(0), paragraph(1), good_faq(2), cta(3, target_id=3)],
    )
    assert run(docs[1], ctx_for(docs)) == [("links.E001", loc(field="body"))]


def test_e001_not_required_for_topics_that_are_not_live():
    docs = linked_cluster()
    docs[1] = pillar(links=(link(2),))
    ctx = ctx_for(docs, states={1: LIVE, 2: LIVE, 3: DRAFT})
    assert run(docs[1], ctx) == []


def test_e002_topic_missing_pillar_link():
    docs = linked_cluster()
    docs[2] = clean_topic(id=2)
    result = validate_page(docs[2], ctx_for(docs), families=["links"])
    assert [(f.id, f.location, f.value, f.message) for f in result.findings] == [
        ("links.E002", loc(field="body"), "page-1", 'The topic does not link to its pillar "Pillar".')
    ]


def test_e003_and_w001_declared_related_links():
    cluster = cluster_map(
        topics=(2, 3, 4),
        extra_edges=(Edge(2, 3, RELATED, required=True), Edge(2, 4, RELATED, required=False)),
    )
    docs = linked_cluster()
    docs[1] = pillar(links=(link(2), link(3), link(4)))
    docs[4] = clean_topic(id=4, links=(link(1, anchor="intimacy psychology"),))
    result = validate_page(docs[2], ctx_for(docs, cluster), families=["links"])
    assert [(f.id, f.location, f.value, f.message) for f in result.findings] == [
        ("links.E003", loc(field="body"), "page-3", 'The declared related link to "Topic 3" is missing.'),
        (
            "links.W001",
            loc(field="body"),
            "page-4",
            'The optional related link to "Topic 4" is not in the content.',
        ),
    ]
    realized = clean_topic(id=2, links=(link(1, anchor="intimacy psychology"), link(3), link(4)))
    assert run(realized, ctx_for(docs, cluster)) == []


def test_e003_adjacent_pillar_edge():
    cluster = cluster_map(extra_edges=(Edge(1, 50, ADJACENT),))
    docs = linked_cluster()
    states = {1: LIVE, 2: LIVE, 3: LIVE, 50: LIVE}
    assert run(docs[1], ctx_for(docs, cluster, states)) == [("links.E003", loc(field="body"))]
    docs[1] = pillar(links=(link(2), link(3), link(50)))
    assert run(docs[1], ctx_for(docs, cluster, states)) == []


@pytest.mark.parametrize("state", [DRAFT, UNPUBLISHED, SCHEDULED, PRIVATE])
def test_e004_link_to_page_that_is_not_live(state):
    docs = linked_cluster()
    docs[2] = clean_topic(id=2, links=(link(1, anchor="intimacy psychology"), link(9, block=2)))
    result = validate_page(docs[2], ctx_for(docs, states={1: LIVE, 2: LIVE, 3: LIVE, 9: state}))
    links_only = [(f.id, f.location, f.value, f.message) for f in result.findings if f.family == "links"]
    # Page 9 is outside the cluster map: named by its URL.
    message = f'The link "emotional intimacy" points to /page-9/, which is {state}.'
    assert links_only == [("links.E004", loc(block=2), state, message)]


def test_e004_names_a_cluster_page_by_its_title():
    docs = linked_cluster()
    docs[2] = clean_topic(id=2, links=(link(1, anchor="intimacy psychology"), link(3, block=2)))
    result = validate_page(docs[2], ctx_for(docs, states={1: LIVE, 2: LIVE, 3: DRAFT}), families=["links"])
    assert [(f.id, f.message) for f in result.findings] == [
        ("links.E004", 'The link "emotional intimacy" points to "Topic 3", which is draft.')
    ]


def test_e004_cta_to_draft_page_even_without_a_link_record():
    docs = linked_cluster()
    docs[2] = page(
        [*clean_topic().blocks, cta(4, target_id=9)],
        id=2,
        links=(link(1, anchor="intimacy psychology"),),
    )
    ctx = ctx_for(docs, states={1: LIVE, 2: LIVE, 3: LIVE, 9: DRAFT})
    assert run(docs[2], ctx) == [("links.E004", loc(block=4))]
    result = validate_page(docs[2], ctx, families=["links"])
    assert [(f.message, f.where) for f in result.findings] == [
        (
            'The call to action "Find your intimacy style" points to a page that is draft.',
            'Call to action "Curious?"',
        )
    ]


def test_e005_link_to_missing_page_and_external_links_ignored():
    external = Link(href="https://example.org/", anchor="a study on attachment", block_index=2)
    docs = linked_cluster()
    docs[2] = clean_topic(
        id=2,
        links=(
            link(1, anchor="intimacy psychology"),
            link(404, block=3, field="faq", faq_item=1),
            external,
        ),
    )
    result = validate_page(docs[2], ctx_for(docs), families=["links"])
    assert [(f.id, f.location, f.value, f.message) for f in result.findings] == [
        (
            "links.E005",
            loc(block=3, faq_item=1),
            "missing",
            'The link "emotional intimacy" points to a page that does not exist.',
        )
    ]


def test_e006_orphan_topic():
    docs = linked_cluster()
    docs[1] = pillar(links=(link(2),))
    assert run(docs[3], ctx_for(docs)) == [("links.E006", loc())]
    # Pillar's missing link is its own finding; topic 2 is linked, not an orphan.
    assert run(docs[2], ctx_for(docs)) == []


def test_e006_inbound_from_a_sibling_topic_counts():
    docs = linked_cluster()
    docs[1] = pillar(links=(link(2),))
    docs[2] = clean_topic(id=2, links=(link(1, anchor="intimacy psychology"), link(3)))
    assert run(docs[3], ctx_for(docs)) == []


def test_e006_not_guessed_without_the_other_pages():
    ctx = context(CLUSTER, documents=[])
    doc = clean_topic(id=3, links=(link(1, anchor="intimacy psychology"),))
    assert run(doc, ctx) == []


@pytest.mark.parametrize(
    "anchor",
    [
        "click here",
        "Read more…",
        "HERE",
        "this page",
        "Learn more",
        "link",
        "https://example.org/x",
        "www.example.org",
        "   ",
    ],
)
def test_w002_generic_anchor_text(anchor):
    docs = linked_cluster()
    docs[2] = clean_topic(id=2, links=(link(1, anchor=anchor, block=2),))
    result = validate_page(docs[2], ctx_for(docs), families=["links"])
    assert [(f.id, f.location, f.value, f.message) for f in result.findings] == [
        ("links.W002", loc(block=2), anchor, f'The link text "{anchor}" does not say where it leads.')
    ]


def test_w002_descriptive_anchor_and_cta_label_pass():
    docs = linked_cluster()
    docs[2] = page(
        [*clean_topic().blocks, cta(4, label="Learn more", target_id=1)],
        id=2,
        links=(
            link(1, anchor="why closeness feels dangerous"),
            link(1, field="cta", block=4, anchor="Learn more"),
        ),
    )
    assert run(docs[2], ctx_for(docs)) == []


def test_w003_page_outside_any_cluster():
    doc = clean_topic(id=2)
    assert run(doc, context()) == [("links.W003", loc())]
    # In a cluster map that does not list the page: still not assessed.
    assert run(clean_topic(id=42), ctx_for(linked_cluster())) == [("links.W003", loc())]


def test_page_coverage_metric():
    docs = linked_cluster()
    docs[1] = pillar(links=(link(2),))
    result = validate_page(docs[1], ctx_for(docs))
    assert result.metrics["coverage"] == {"declared": 2, "realized": 1, "ratio": 0.5}


# -- links.E007: a call to action without a link (issue 15, item 6) ----------


def test_e007_a_cta_without_link_is_an_error_on_pillars_and_topics():
    for doc in (
        pillar(links=(link(2), link(3)), blocks=[lead(0), paragraph(1), good_faq(2), cta(3)]),
        page([*clean_topic().blocks, cta(4)], id=2, type="topic", links=(link(1),)),
    ):
        result = validate_page(doc, ctx_for(linked_cluster()), families=["links"])
        block = len(doc.blocks) - 1
        assert [(f.id, f.severity, f.location, f.message) for f in result.findings] == [
            (
                "links.E007",
                "error",
                loc(block=block),
                'The call to action "Find your intimacy style" has no link.',
            )
        ]
        assert "Choose the page it opens or enter its URL" in result.findings[0].hint


@pytest.mark.parametrize(
    "block,expected",
    [
        (cta(4, target_id=1), []),
        (cta(4, url="https://example.org/quiz"), []),
        (cta(4, url="   "), [("links.E007", loc(block=4))]),
        (cta(4, label=""), [("links.E007", loc(block=4))]),
    ],
)
def test_e007_a_page_or_url_is_a_link_blank_is_not(block, expected):
    doc = page([*clean_topic().blocks, block], id=2, type="topic", links=(link(1),))
    assert run(doc, ctx_for(linked_cluster())) == expected


def test_e007_a_page_without_cta_needs_none():
    assert run(clean_topic(links=(link(1),)), ctx_for(linked_cluster())) == []
