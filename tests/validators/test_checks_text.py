"""HTML-to-prose units and sentence splitting used by the readability checks."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validators.text import (
    Unit,
    count_words,
    for_textstat,
    html_units,
    sanitize,
    split_sentences,
    units_for,
)


def sentences(text: str) -> list[str]:
    return [s.text for s in split_sentences(Unit("p", text, 0))]


def test_html_units_keep_structure_apart():
    html = (
        "<h2>Why it matters</h2><p>First point. <b>Bold</b> text<br>new line</p>"
        "<ul><li>item one<ul><li>nested</li></ul>tail</li><li>two</li></ul>"
        "<script>var x = 1;</script><style>p{}</style><!-- note --><p>end"
    )
    assert html_units(html) == [
        ("heading", "Why it matters"),
        ("p", "First point. Bold text"),
        ("p", "new line"),
        ("li", "item one"),
        ("li", "nested"),
        ("li", "tail"),
        ("li", "two"),
        ("p", "end"),
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("plain words, no tags", [("p", "plain words, no tags")]),
        ("<p>unclosed <b>bold <i>x</p></div></div>more", [("p", "unclosed bold x"), ("p", "more")]),
        ("<p></p><p>   </p>", []),
        ("", []),
        ("<" * 50, [("p", "<" * 50)]),
    ],
)
def test_html_units_survive_malformed_markup(html, expected):
    assert html_units(html) == expected


def test_deeply_nested_markup_does_not_recurse():
    html = "<span>" * 5000 + "deep text" + "</span>" * 5000
    assert html_units(html) == [("p", "deep text")]


def test_units_for_plain_text_keeps_offsets_of_the_original():
    text = "  line one\n\n   line two  "
    units = units_for(text)
    assert [(u.text, u.start) for u in units] == [("line one", 2), ("line two", 15)]
    assert all(text[u.start : u.start + len(u.text)] == u.text for u in units)


def test_units_for_prefers_html():
    units = units_for("stale text", "<p>One.</p><p>Two.</p>")
    assert [(u.text, u.start) for u in units] == [("One.", 0), ("Two.", 5)]


def test_sentence_splitting():
    assert sentences(
        'He said, "I want this." That is e.g. fine. Dr. Smith paid 3.5 dollars... '
        "Really?! Yes 日本語です。次の文。"
    ) == [
        'He said, "I want this."',
        "That is e.g. fine.",
        "Dr. Smith paid 3.5 dollars...",
        "Really?!",
        "Yes 日本語です。",
        "次の文。",
    ]


def test_abbreviations_initialisms_numbers_and_pauses_end_no_sentence():
    # Issue 15: each of these was split in two.
    assert sentences(
        "The U.S. Army came at 9 a.m. and left. See No. 5 on the list. Wait… what happened? "
        "Is it late? No. We met at 9 p.m. Then we left... Later we slept."
    ) == [
        "The U.S. Army came at 9 a.m. and left.",
        "See No. 5 on the list.",
        "Wait… what happened?",
        "Is it late?",
        "No.",  # "No." without a number after it is an answer
        "We met at 9 p.m.",  # a time before a capital ends its sentence
        "Then we left...",
        "Later we slept.",
    ]
    assert sentences("12. Keep it short. 3. Not an item number here.") == [
        "12. Keep it short.",
        "3.",
        "Not an item number here.",
    ]


def test_sentence_offsets_are_into_the_block_text():
    unit = Unit("p", "First one. Second one without stop", 7)
    assert [(s.text, s.start, s.end, s.words) for s in split_sentences(unit)] == [
        ("First one.", 7, 17, 2),
        ("Second one without stop", 18, 41, 4),
    ]


def test_punctuation_only_is_not_a_sentence():
    assert sentences("— ... !!") == []
    assert count_words("— a-b ... 42 don't") == 3


def test_for_textstat_appends_stop_only_when_missing():
    assert for_textstat("A heading") == "A heading."
    assert for_textstat("Done.") == "Done."
    assert for_textstat('She asked "why?"') == 'She asked "why?"'


def test_sanitize_is_length_preserving():
    raw = "a\x00b\ud800c"
    assert sanitize(raw) == "a b\ufffdc"
    assert len(sanitize(raw)) == len(raw)
    assert sanitize(None) == ""


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1_ -—.,\t\n\u00a0\u2003'\"é中😀\x1c")), max_size=40))
def test_count_words_counts_whitespace_tokens_holding_a_word_character(text):
    # The regex counter must agree with the plain definition on any
    # whitespace, punctuation and script mix.
    assert count_words(text) == sum(1 for token in text.split() if re.search(r"\w", token))


def reference_spans(text):
    """The splitting rule written plainly: every end mark, then a Python test per lone "."."""
    from validators.text import _ABBREVIATIONS, _CLOSERS, _NUMBER_ABBREVIATIONS, _SENTENCE_END

    def next_char(end):
        return text[end:].lstrip().lstrip("\"'“‘«([{")[:1]

    def abbreviation(end):
        start = end
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        token = text[start:end].rstrip(".").lstrip(_CLOSERS + "(").lower()
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            return True
        if token in _NUMBER_ABBREVIATIONS:
            return next_char(end).isdigit()
        parts = token.split(".")
        if len(token) < 8 and len(parts) > 1 and all(len(p) == 1 and p.isalpha() for p in parts):
            return token not in ("a.m", "p.m") or not next_char(end).isupper()
        return False

    def pause(match):
        return match.group().rstrip(_CLOSERS) in ("…", "...") and next_char(match.end()).islower()

    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        item_number = text[: match.start()].isdigit() and match.start() <= 9
        if match.group() == "." and (item_number or abbreviation(match.end())) or pause(match):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    found = []
    for a, b in spans:
        chunk = text[a:b]
        if chunk.strip():
            lead = a + chunk.index(chunk.strip()[0])
            found.append((lead, lead + len(chunk.strip()), chunk.strip()))
    return found


TRICKY = list("aZ1_ .!?…。！？\"'”’»)]}(\n\u00a0İſ½中") + [
    "e.g",
    "Dr",
    "MRS",
    "approx",
    "i.e",
    "vs",
    "x",
    "No",
    "vol",
    "U.S",
    "a.m",
    "P.M",
    "...",
    "5",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from([*TRICKY, "partnership", "  ", "\t"]), max_size=80).map("".join))
def test_sentence_spans_equal_the_plain_rule(text):
    from validators.text import sentence_spans

    assert sentence_spans(text) == reference_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "He met Dr. Smith, e.g. at 3.5 p.m. today.",
        "(" * 30 + "e.g. this stays one sentence. Next one.",
        "A. B. Initials. İ. ½. x.",
        "Partnerships. Longwordhere. Closeness. (((((((((dr. Who",
    ],
)
def test_abbreviations_and_initials_do_not_end_sentences(text):
    from validators.text import sentence_spans

    assert sentence_spans(text) == reference_spans(text)


@pytest.mark.parametrize("length", range(1, 40))
def test_tokens_of_every_length_around_the_look_back_window(length):
    # Tokens shorter than, as long as and longer than the window the fast path reads.
    text = f"Lead words (dr.x {'a' * length}. Then\te.g. {'b' * length}. End."
    from validators.text import sentence_spans

    assert sentence_spans(text) == reference_spans(text)
