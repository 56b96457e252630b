"""validators.places.where: a finding's location in the editor's words (no Django)."""

from __future__ import annotations

import pytest

from validators.document import CTA, FAQ, HEADING, LEAD, PARAGRAPH, TOPIC, Block, FAQItem, PageDocument
from validators.findings import Location
from validators.places import first_words, where

JAPANESE = "親密さへの恐れは、知られることで何かを失うという不安です。多くの人が感じます。"
BLOCKS = (
    Block(0, LEAD, text="It is the fear of being known.", title="What is fear of intimacy?"),
    Block(1, HEADING, text="Why it matters"),
    Block(2, PARAGRAPH, text="Fear of intimacy is the worry that closeness\nwill cost you."),
    Block(
        3,
        FAQ,
        title="Common questions",
        faq_items=(
            FAQItem("How is fear of intimacy treated?", "With time."),
            FAQItem("Can it go away?", "Often."),
        ),
    ),
    Block(4, CTA, text="Take the quiz", title="Find your intimacy style"),
    Block(5, CTA, text="Take the quiz"),
    Block(6, PARAGRAPH, text=""),
    Block(7, FAQ, title="Common questions"),
    Block(8, PARAGRAPH, text=JAPANESE),
    Block(9, HEADING, text="Love 👨‍👩‍👧‍👦 and trust 🏳️‍🌈 go together always"),
)
DOC = PageDocument(id=1, type=TOPIC, slug="fear-of-intimacy", title="Fear of intimacy", blocks=BLOCKS)


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (Location(block=0), 'Lead "What is fear of intimacy?"'),
        (Location(block=1), 'Heading "Why it matters"'),
        (Location(block=2, start=0, end=20), 'Paragraph "Fear of intimacy is the…"'),
        (Location(block=3), 'FAQ "How is fear of intimacy…"'),
        (Location(block=3, faq_item=0), 'FAQ "How is fear of intimacy…", question 1'),
        (Location(block=3, faq_item=1), 'FAQ "How is fear of intimacy…", question 2'),
        (Location(block=4), 'Call to action "Find your intimacy style"'),
        (Location(block=5), 'Call to action "Take the quiz"'),
        (Location(block=6), "Paragraph (empty)"),
        (Location(block=7), "FAQ (empty)"),
        # No spaces: 32 characters at most.
        (Location(block=8), 'Paragraph "親密さへの恐れは、知られることで何かを失うという不安です。多くの…"'),
        (Location(block=9), 'Heading "Love 👨‍👩‍👧‍👦 and trust 🏳️‍🌈…"'),
        (Location(field="required_questions"), "Required questions"),
        (Location(field="language"), "Language"),
        (Location(field="lead"), "Lead"),
        (Location(field="body"), "Body"),
        (Location(field="meta_description"), "Meta description"),
        (Location(), "Whole page"),
        (Location(block=42), "Body"),
        (Location(block=42, field="body"), "Body"),
    ],
)
def test_where_names_the_place_as_the_editor_sees_it(location, expected):
    assert where(DOC, location) == expected


def test_an_empty_lead_and_a_cta_without_heading_fall_back_to_their_other_words():
    doc = PageDocument(
        id=2,
        type=TOPIC,
        slug="p",
        title="P",
        blocks=(Block(0, LEAD, text="A short answer.", title="  "), Block(1, CTA, text="", title="")),
    )
    assert [where(doc, Location(block=n)) for n in (0, 1)] == [
        'Lead "A short answer."',
        "Call to action (empty)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One two three four five", "One two three four five"),
        ("One two three four five six", "One two three four five…"),
        ("One, two, three, four, five, six", "One, two, three, four, five…"),
        ("  spaced\n\tout   words  ", "spaced out words"),
        ("https://example.org/a/very/long/address/that/goes/on", "https://example.org/a/very/long/…"),
        # A flag is two regional indicators: the cut never leaves half of one.
        ("x" * 31 + "🇫🇷 and more", "x" * 31 + "🇫🇷…"),
        # Nor splits an emoji joined with zero-width joiners (a family).
        ("x" * 30 + "👨‍👩‍👧 rest", "x" * 30 + "👨‍👩‍👧…"),
        # Combining accents stay on their letter.
        ("e" * 31 + "e\u0301\u0301 tail", "e" * 31 + "e\u0301\u0301…"),
        ("", ""),
    ],
)
def test_first_words(text, expected):
    assert first_words(text) == expected
