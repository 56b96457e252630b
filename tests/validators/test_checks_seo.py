"""The seo family: metadata, the focus keyphrase, cannibalization and pillar coverage."""

from __future__ import annotations

from dataclasses import replace

from tests.validators.factories import cluster_map, context, heading, lead, loc, page, paragraph
from validators.document import PILLAR, TOPIC
from validators.engine import validate_cluster, validate_page
from validators.keyphrases import occurs, words

DESCRIPTION = "A" * 130  # within 120-160 characters


def seo_page(*, id=2, type=TOPIC, slug="fear-of-intimacy", keyphrase="fear of intimacy", **fields):
    blocks = (
        lead(
            0, question="What is fear of intimacy?", answer="Fear of intimacy is pulling back from closeness."
        ),
        heading(1, "Where it comes from"),
        paragraph(2, "It often grows from early experiences."),
    )
    doc = page(blocks, id=id, type=type, slug=slug)
    values = {"title": "Fear of Intimacy", "search_description": DESCRIPTION, "focus_keyphrase": keyphrase}
    return replace(doc, **{**values, **fields})


def seo(doc, ctx=None):
    return [
        (f.id, f.location, f.value) for f in validate_page(doc, ctx or context(), families=["seo"]).findings
    ]


def test_a_page_that_uses_its_keyphrase_everywhere_has_no_finding():
    assert seo(seo_page()) == []


def test_metadata_lengths():
    long_title = "Fear of Intimacy: " + "x" * 50  # 68 characters
    assert seo(seo_page(seo_title=long_title, search_description="")) == [
        ("seo.W001", loc(field="seo_title"), 68),
        ("seo.W002", loc(field="search_description"), None),
    ]
    # Without an SEO title the <title> is the title, and the finding points at it.
    assert seo(seo_page(title=long_title, search_description="Too short.")) == [
        ("seo.W001", loc(field="title"), 68),
        ("seo.W003", loc(field="search_description"), 10),
    ]
    assert seo(seo_page(search_description="d" * 161)) == [("seo.W003", loc(field="search_description"), 161)]
    assert seo(seo_page(search_description="d" * 160)) == []


def test_thresholds_are_overridable():
    doc = seo_page(search_description="d" * 100)
    assert seo(doc, context(config={"search_description_min_chars": 90})) == []


def test_no_keyphrase_is_one_warning():
    assert seo(seo_page(keyphrase="  ")) == [("seo.W004", loc(field="focus_keyphrase"), None)]


def test_keyphrase_missing_from_title_opening_and_slug():
    doc = seo_page(keyphrase="attachment styles")
    assert seo(doc) == [
        ("seo.W005", loc(field="title"), "attachment styles"),
        ("seo.W006", loc(block=0), "attachment styles"),
        ("seo.W007", loc(field="slug"), "attachment styles"),
    ]


def test_keyphrase_matching_is_case_plural_and_hyphen_tolerant():
    doc = seo_page(
        keyphrase="Attachment Styles",
        title="Attachment style basics",
        slug="attachment-style",
        blocks=(lead(0, question="What is an attachment style?"),),
    )
    assert seo(doc) == []
    assert occurs(words("rebuilding intimacy"), words("How do couples rebuild intimacy?"))
    assert not occurs(words("attachment style"), words("styles of attachment"))


def test_the_first_paragraph_counts_when_there_is_no_lead():
    doc = seo_page(blocks=(heading(0), paragraph(1, "Fear of intimacy is common.")))
    assert seo(doc) == []
    doc = seo_page(blocks=(heading(0), paragraph(1, "It is common.")))
    assert seo(doc) == [("seo.W006", loc(block=1), "fear of intimacy")]


def _cluster(
    pillar_phrase,
    *topic_phrases,
    pillar_text="It covers the fear of intimacy and responsive desire.",
    scoped: dict | None = None,
):
    pillar = seo_page(
        id=1,
        type=PILLAR,
        slug="intimacy",
        keyphrase=pillar_phrase,
        title="Intimacy",
        blocks=(
            lead(0, question="What is intimacy?", answer="Intimacy is closeness."),
            paragraph(1, pillar_text),
        ),
    )
    topics = [
        seo_page(
            id=2 + n,
            slug=phrase.replace(" ", "-"),
            keyphrase=phrase,
            title=phrase.title(),
            blocks=(lead(0, question=f"What is {phrase}?"),),
        )
        for n, phrase in enumerate(topic_phrases)
    ]
    cmap = cluster_map(pillar=1, topics=tuple(t.id for t in topics))
    report = validate_cluster([pillar, *topics], cmap, families=["seo"], **(scoped or {}))
    return [(f.page_slug, f.id, f.value) for f in report.findings]


def test_a_clean_cluster_has_no_finding():
    assert _cluster("intimacy", "fear of intimacy", "responsive desire") == []


def test_a_page_scoped_run_names_the_page_a_whole_run_names():
    # Three topics share a keyphrase: each names the smallest-keyed other,
    # whether the others come from `shared` (kept between runs) or not.
    phrases = ("fear of intimacy", "fears of intimacy", "intimacy fears", "responsive desire")
    whole = _cluster("intimacy", *phrases)
    kept: dict = {2: {}, 3: {}, 4: {}, 5: {}}  # `shared` belongs to one set of subjects (scoped.py)
    for _ in range(2):  # the second run reads the others' index from `shared`
        for topic_id, shared in kept.items():
            found = _cluster("intimacy", *phrases, scoped={"only": {topic_id}, "shared": shared})
            assert found == [row for row in whole if row[0] == phrases[topic_id - 2].replace(" ", "-")]
    assert len(whole) == 3


def test_two_topics_with_the_same_keyphrase_name_each_other():
    found = _cluster("intimacy", "fear of intimacy", "fears of intimacy")
    assert found == [
        ("fear-of-intimacy", "seo.W008", "fears-of-intimacy"),
        ("fears-of-intimacy", "seo.W008", "fear-of-intimacy"),
    ]


def test_a_topic_with_the_pillars_keyphrase_is_flagged_not_the_pillar():
    found = _cluster("intimacy", "Intimacy", pillar_text="It covers intimacy.")
    assert found == [("Intimacy", "seo.W009", "intimacy")]


def test_a_pillar_that_never_introduces_a_topic():
    found = _cluster(
        "intimacy", "fear of intimacy", "responsive desire", pillar_text="Fear of intimacy is common."
    )
    assert found == [("intimacy", "seo.W010", "responsive-desire")]


def test_a_topic_without_keyphrase_is_not_a_coverage_finding():
    found = _cluster("intimacy", "", pillar_text="Nothing here.")
    assert found == [("page-2", "seo.W004", None)]
