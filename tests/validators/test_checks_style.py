"""Passive voice (readability.W009), transition words (W010) and W011 (not assessed)."""

from __future__ import annotations

import re

import pytest

from tests.validators.factories import heading, loc, page, paragraph, seed_document
from validators import validate_page
from validators.config import resolve, validate_overrides
from validators.document import ValidationContext
from validators.findings import WARNING
from validators.style import _trie_pattern, has_transition, is_passive
from validators.wordlists.english import AUXILIARIES, TRANSITIONS

PASSIVE = "However, the old fear was learned in childhood."  # 8 words, passive, transition
ACTIVE = "Therefore partners can practise new habits together each week."  # 9 words, transition
PLAIN = (  # no transition word, active
    "Partners practise new habits together each week.",
    "Small rituals make the evenings feel calm.",
    "Couples share a meal and talk about the day.",
)


def body(sentences, language="en"):
    return page([heading(0), paragraph(1, " ".join(sentences))], language=language)


def spans(sentences):
    """(start, end) of each sentence in the paragraph `body` builds."""
    out, start = [], 0
    for s in sentences:
        out.append((start, start + len(s)))
        start += len(s) + 1
    return out


def result(doc, config=None):
    ctx = ValidationContext(config=resolve("topic", config)) if config else None
    return validate_page(doc, ctx, families=["readability"])


def test_passive_page_gets_one_page_level_warning_and_located_sentences():
    sentences = [PASSIVE, ACTIVE, ACTIVE] * 4  # 12 sentences, 104 words, 4 passive
    doc = body(sentences)
    res = result(doc)
    assert [(f.id, f.severity, f.location, f.value, f.threshold) for f in res.findings] == [
        ("readability.W009", WARNING, loc(field="body"), 0.333, 0.1),
    ]
    assert res.findings[0].message == "33% of sentences are in the passive voice (limit 10%)."
    metrics = res.metrics["readability"]
    assert (metrics["passive_share"], metrics["transition_share"]) == (0.333, 1.0)
    located = [(p["block"], p["start"], p["end"], p["text"]) for p in metrics["passive_sentences"]]
    passive_spans = spans(sentences)[::3]
    assert located == [(1, start, end, PASSIVE) for start, end in passive_spans]


def test_active_page_with_transitions_has_no_style_finding():
    doc = body([ACTIVE, PLAIN[1]] * 7)  # 112 words
    res = result(doc)
    assert res.findings == []
    assert res.metrics["readability"]["passive_share"] == 0.0
    assert res.metrics["readability"]["passive_sentences"] == []


def test_few_transitions_warn_below_thirty_percent():
    sentences = [ACTIVE, *PLAIN, *PLAIN, ACTIVE, *PLAIN, *PLAIN, ACTIVE]  # 3 of 15
    res = result(body(sentences))
    assert [(f.id, f.location, f.value, f.threshold) for f in res.findings] == [
        ("readability.W010", loc(field="body"), 0.2, 0.3),
    ]
    # 3 of 10 is not below 30%: no finding at the threshold itself.
    at_threshold = result(
        body([ACTIVE, *PLAIN, *PLAIN, ACTIVE, ACTIVE, PLAIN[0]]), {"readability_min_words": 0}
    )
    assert at_threshold.metrics["readability"]["transition_share"] == 0.3
    assert at_threshold.findings == []


def test_short_pages_are_not_judged():
    res = result(body([PASSIVE, *PLAIN]))  # 31 words, 1 of 4 passive, 1 of 4 transition
    assert res.findings == []
    assert res.metrics["readability"]["passive_share"] == 0.25


def test_thresholds_are_overridable():
    passive_page = body([PASSIVE, ACTIVE, ACTIVE] * 4)
    assert result(passive_page, {"passive_share_warn": 0.5}).findings == []
    plain_page = body([ACTIVE, *PLAIN, *PLAIN, ACTIVE, *PLAIN, *PLAIN, ACTIVE])
    assert result(plain_page, {"transition_share_warn": 0.1}).findings == []
    assert [f.id for f in result(plain_page, {"transition_share_warn": 0.5}).findings] == ["readability.W010"]
    assert validate_overrides({"passive_share_warn": 1.5}) == [
        "'passive_share_warn' is a fraction and must be between 0 and 1, got 1.5"
    ]


@pytest.mark.parametrize("language", ["de", "fr-CA", "pl"])
def test_other_languages_are_not_assessed(language):
    res = result(body([PASSIVE, *PLAIN], language=language))
    assert [(f.id, f.location, f.value, f.message) for f in res.findings] == [
        (
            "readability.W011",
            loc(field="language"),
            language,
            "Passive voice and transition words were not assessed: they are measured in English "
            f'only, and the page is "{language}".',
        )
    ]
    metrics = res.metrics["readability"]
    assert (metrics["style_assessed"], metrics["passive_share"], metrics["transition_share"]) == (
        False,
        None,
        None,
    )


def test_unsupported_language_gets_w008_only():
    assert [f.id for f in result(body([PASSIVE, *PLAIN], language="ja")).findings] == ["readability.W008"]


def test_seed_pillar_is_passive_above_ten_percent():
    res = result(seed_document())
    [finding] = [f for f in res.findings if f.id.startswith("readability.W0") and f.id >= "readability.W009"]
    assert (finding.id, finding.value) == ("readability.W009", 0.177)
    assert res.metrics["readability"]["transition_share"] == 0.481


@pytest.mark.parametrize(
    ("sentence", "passive"),
    [
        ("The window was broken.", True),
        ("They got hurt during the move.", True),
        ("She is tired after work.", True),  # an adjective in -ed counts, as for Yoast
        ("It is so often mistaken for rejection.", True),  # adverbs between
        ("You let yourself be known.", True),
        ("It’s done.", True),  # curly apostrophe
        ("We walked home together.", False),  # -ed without be/get
        ("There is no fixed order.", False),  # a determiner makes it a noun phrase
        ("It is a split between longing and memory.", False),
        ("It is normal to feel guarded.", False),  # "to" ends the clause
        ("The need is real and the seed is small.", False),  # -ed words that are no participles
        ("She is kind, and he walked away.", False),  # "and" ends the clause
    ],
)
def test_is_passive(sentence, passive):
    assert is_passive(sentence) is passive


@pytest.mark.parametrize(
    ("sentence", "transition"),
    [
        ("However, it helps.", True),
        ("For example, a walk helps.", True),
        ("On the other hand, rest helps.", True),
        ("Rest helps because the body settles.", True),
        ("The first step helps.", False),  # "first" as an adjective is no transition
        ("Therapists often help.", False),
        ("Thusly is not a word.", False),  # whole words only
    ],
)
def test_has_transition(sentence, transition):
    assert has_transition(sentence) is transition


@pytest.mark.parametrize("words", [TRANSITIONS, AUXILIARIES])
def test_trie_pattern_matches_exactly_the_list(words):
    """The trie-shaped regex (a speed-up) accepts each listed word or phrase and nothing else."""
    pattern = re.compile(_trie_pattern(words))
    assert all(pattern.fullmatch(w) for w in words)
    near = {w + "s" for w in words} | {w[:-1] for w in words} | {"x" + w for w in words}
    assert [w for w in sorted(near - words) if pattern.fullmatch(w)] == []
