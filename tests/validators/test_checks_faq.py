"""FAQ checks: one passing and one failing case per ID, whole finding lists."""

from __future__ import annotations

import pytest

from tests.validators.factories import (
    ANSWER,
    QUESTIONS,
    clean_topic,
    context,
    faq,
    findings,
    good_faq,
    heading,
    lead,
    loc,
    page,
    paragraph,
    words,
)
from validators import validate_page
from validators.config import resolve
from validators.document import FAQ, PILLAR, TOPIC, Block, FAQItem


def run(doc, ctx=None):
    return findings(doc, ctx, families=["faq"])


def topic_with(*pairs, **kwargs):
    """A clean topic whose FAQ (block 3) holds the two good items plus `pairs`."""
    items = [(q, ANSWER) for q in QUESTIONS[:2]] + list(pairs)
    return page([lead(0), heading(1), paragraph(2), faq(3, *items)], **kwargs)


def test_clean_topic_has_no_faq_findings():
    assert run(clean_topic()) == []


def test_e001_page_without_faq_section():
    doc = page([lead(0), heading(1), paragraph(2)])
    assert run(doc) == [("faq.E001", loc(field="body"))]


@pytest.mark.parametrize(
    ("type_", "count", "minimum", "message"),
    [
        (TOPIC, 2, 3, "The FAQ has 2 questions; a topic page needs at least 3."),
        (PILLAR, 4, 5, "The FAQ has 4 questions; a pillar page needs at least 5."),
        (TOPIC, 1, 3, "The FAQ has 1 question; a topic page needs at least 3."),
        (TOPIC, 0, 3, "The FAQ has 0 questions; a topic page needs at least 3."),
    ],
)
def test_e002_too_few_items_per_page_type(type_, count, minimum, message):
    doc = page([lead(0), good_faq(1, count=count)], type=type_)
    result = validate_page(doc, families=["faq"])
    assert [(f.id, f.location, f.value, f.threshold, f.message) for f in result.findings] == [
        ("faq.E002", loc(block=1), count, minimum, message)
    ]


def test_e002_passes_at_minimum_and_respects_overrides():
    assert run(page([lead(0), good_faq(1, count=5)], type=PILLAR)) == []
    doc = page([lead(0), good_faq(1, count=2)], type=TOPIC)
    ctx = context(config=resolve(TOPIC, {"topic": {"faq_min_items": 2}}))
    assert run(doc, ctx) == []


def test_e002_counts_items_across_several_faq_blocks():
    doc = page([lead(0), good_faq(1, count=2), good_faq(2, count=1, questions=QUESTIONS[4:])])
    assert run(doc) == []


def test_e003_question_without_question_mark():
    doc = topic_with(("Tell me what intimacy is", ANSWER))
    assert run(doc) == [("faq.E003", loc(block=3, faq_item=2))]


@pytest.mark.parametrize(
    "question",
    [
        "Is it normal to fear closeness?",
        "Is it normal to fear closeness? ",
        "«Is closeness risky?»",
        "¿Es normal temer la intimidad?",
        "親密さとは何ですか？",
    ],
)
def test_e003_accepts_question_marks(question):
    assert run(topic_with((question, ANSWER))) == []


def test_e003_empty_question():
    assert run(topic_with(("", ANSWER))) == [("faq.E003", loc(block=3, faq_item=2))]


def test_e004_two_questions_in_one_item():
    doc = topic_with(("What is intimacy? And why does it scare people?", ANSWER))
    assert run(doc) == [("faq.E004", loc(block=3, faq_item=2))]


def test_e004_not_raised_for_trailing_text_after_question():
    doc = topic_with(("What is intimacy? Explained", ANSWER))
    assert run(doc) == [("faq.E003", loc(block=3, faq_item=2))]


def test_e005_question_longer_than_25_words():
    question = words(25, "why") + "?"
    assert run(topic_with((question, ANSWER))) == []
    question = words(26, "why") + "?"
    assert run(topic_with((question, ANSWER))) == [("faq.E005", loc(block=3, faq_item=2))]


def test_e006_empty_answer():
    doc = topic_with(("Is closeness risky?", "   "))
    assert run(doc) == [("faq.E006", loc(block=3, faq_item=2))]


def test_e006_answer_with_only_markup_is_empty():
    items = tuple(FAQItem(q, ANSWER) for q in QUESTIONS[:2])
    items += (FAQItem("Is closeness risky?", "", answer_html="<p> <b></b> </p>"),)
    doc = page([lead(0), Block(index=1, kind=FAQ, faq_items=items)])
    assert run(doc) == [("faq.E006", loc(block=1, faq_item=2))]


def test_answer_html_is_preferred_over_plain_text():
    items = tuple(FAQItem(q, ANSWER) for q in QUESTIONS[:2])
    items += (FAQItem("Is closeness risky?", "stale", answer_html=f"<p>{ANSWER}</p>"),)
    doc = page([lead(0), Block(index=1, kind=FAQ, faq_items=items)])
    assert run(doc) == []


def test_e007_short_answer():
    doc = topic_with(("Is closeness risky?", words(29, "sometimes")))
    result = validate_page(doc, families=["faq"])
    assert [(f.id, f.location, f.value, f.threshold) for f in result.findings] == [
        ("faq.E007", loc(block=3, faq_item=2), 29, 30)
    ]
    assert run(topic_with(("Is closeness risky?", words(30, "sometimes")))) == []


def test_e008_long_answer():
    assert run(topic_with(("Is closeness risky?", words(300, "sometimes")))) == []
    doc = topic_with(("Is closeness risky?", words(301, "sometimes")))
    assert run(doc) == [("faq.E008", loc(block=3, faq_item=2))]


def test_e009_answer_repeats_question():
    question = "Why does closeness sometimes feel frightening?"
    doc = topic_with((question, " ".join([question.rstrip("?")] * 6) + "."))
    assert run(doc) == [("faq.E009", loc(block=3, faq_item=2))]


def test_e009_short_echo_is_both_short_and_repetitive():
    doc = topic_with(("What is intimacy?", "Intimacy."))
    assert run(doc) == [
        ("faq.E007", loc(block=3, faq_item=2)),
        ("faq.E009", loc(block=3, faq_item=2)),
    ]


def test_e010_duplicate_and_near_duplicate_questions():
    doc = topic_with(
        ("what is EMOTIONAL intimacy?", ANSWER),  # same after normalizing
        ("What is emotional intimacy, really?", ANSWER),  # Jaccard 0.8
        ("How does trust grw between partners?", ANSWER),  # typo: difflib >= 0.9
    )
    assert run(doc) == [
        ("faq.E010", loc(block=3, faq_item=2)),
        ("faq.E010", loc(block=3, faq_item=3)),
        ("faq.E010", loc(block=3, faq_item=4)),
    ]


def test_e010_related_but_distinct_questions_pass():
    doc = topic_with(("What is physical intimacy?", ANSWER), ("How does trust break?", ANSWER))
    assert run(doc) == []


def test_w001_question_repeated_elsewhere_in_cluster():
    other = clean_topic(id=7)
    mine = clean_topic(id=8)  # ids outside QUESTION_BANK share the default questions
    ctx = context(documents=[mine, other])
    result = validate_page(mine, ctx, families=["faq"])
    # The message names the other page by its title; `value` keeps its slug for machines.
    assert [(f.id, f.location, f.value, f.message, f.where) for f in result.findings] == [
        (
            "faq.W001",
            loc(block=3, faq_item=n),
            "page-7",
            'This question is also asked on "Page 7" in the same cluster.',
            f'FAQ "What is emotional intimacy?", question {n + 1}',
        )
        for n in range(3)
    ]


def test_w001_distinct_questions_across_cluster_pass():
    other = clean_topic(id=7, count=3)
    mine = page([lead(0), good_faq(1, count=3, questions=QUESTIONS[3:])], id=2)
    assert run(mine, context(documents=[mine, other])) == []


def test_w002_lead_answer_missing_or_too_long():
    no_lead = page([heading(0), good_faq(1, count=3)])
    assert run(no_lead) == [("faq.W002", loc(field="lead"))]
    empty = page([lead(0, answer=""), good_faq(1, count=3)])
    assert run(empty) == [("faq.W002", loc(block=0))]
    long = page([lead(0, answer=words(81, "closeness")), good_faq(1, count=3)])
    assert run(long) == [("faq.W002", loc(block=0))]
    fine = page([lead(0, answer=words(80, "closeness")), good_faq(1, count=3)])
    assert run(fine) == []


def test_e011_required_question_not_answered():
    doc = clean_topic(id=9, required=("How do I know if I fear intimacy?", QUESTIONS[1]))
    result = validate_page(doc, families=["faq"])
    assert [(f.id, f.location, f.value, f.message, f.where) for f in result.findings] == [
        (
            "faq.E011",
            loc(field="required_questions"),
            "How do I know if I fear intimacy?",
            'The required question "How do I know if I fear intimacy?" is not answered on the page.',
            "Required questions",
        )
    ]


def test_e011_required_question_answered_by_near_duplicate_or_lead():
    doc = clean_topic(id=9, required=("what is emotional intimacy", "What is intimacy?", "  "))
    assert run(doc) == []


def test_e011_question_with_empty_answer_does_not_count():
    doc = topic_with(("Is closeness risky?", ""), required=("Is closeness risky?",))
    assert run(doc) == [
        ("faq.E006", loc(block=3, faq_item=2)),
        ("faq.E011", loc(field="required_questions")),
    ]


def test_seed_pillar_has_no_faq_errors():
    from tests.validators.factories import seed_document

    result = validate_page(seed_document(), families=["faq"])
    assert result.findings == []
    assert result.metrics["faq_items"] == 5
