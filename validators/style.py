"""Passive voice and transition words, sentence by sentence (English only).

Measured on the sentences of `validators.metrics.analyse`, so the shares count
the same sentences as every other readability figure; the check in
`validators.checks.style` judges them. The word lists are ours
(`validators.wordlists.english`, docs/licences.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .metrics import Analysis, SentenceStat
from .wordlists.english import (
    AUXILIARIES,
    CLAUSE_BREAKS,
    DETERMINERS,
    IRREGULAR_PARTICIPLES,
    NOT_PARTICIPLES,
    TRANSITIONS,
)

# The lists are English; other languages are reported as not assessed.
LANGUAGES = frozenset({"en"})
# Passive sentences listed in the metrics; the share counts them all.
LISTED = 25
_SNIPPET = 120

# Words (apostrophes kept) and the punctuation that ends a clause.
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*|[,;:()\"\u2014\u2013]")


def _trie_pattern(words) -> str:
    """A regex matching exactly `words`, shaped as a trie.

    Python's `re` tries the branches of a flat alternation one by one at every
    word start; a trie picks the branch by the next character. On 62,000
    sentences the transition search took a quarter of the time (0.07 s against
    0.27 s): it runs on every sentence of every page.
    """
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def branch(node: dict) -> str:
        alternatives = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if "" in node:  # a word may end here or go on
            return body + "?" if len(alternatives) == 1 and len(body) == 1 else "(?:" + body + ")?"
        return body

    return branch(root)


# Cheap prefilter: only sentences holding an auxiliary are tokenized.
_AUX = re.compile(r"\b" + _trie_pattern(AUXILIARIES) + r"\b")
_TRANSITION = re.compile(r"\b" + _trie_pattern(TRANSITIONS) + r"\b")
# Second prefilter: a word that could be a participle (a token ending in "ed",
# or an irregular one). It finds every token is_participle accepts and some
# more; two thirds of the sentences with an auxiliary have none.
_PARTICIPLE_HINT = re.compile(r"ed(?![a-z])|(?<![a-z])" + _trie_pattern(IRREGULAR_PARTICIPLES) + r"(?![a-z])")


@dataclass
class Style:
    assessed: bool
    sentences: int = 0
    passive: list[SentenceStat] = field(default_factory=list)
    transitions: int = 0

    @property
    def passive_share(self) -> float | None:
        return len(self.passive) / self.sentences if self.assessed and self.sentences else None

    @property
    def transition_share(self) -> float | None:
        return self.transitions / self.sentences if self.assessed and self.sentences else None


def _lower(text: str) -> str:
    return text.lower().replace("\u2019", "'")


def is_participle(word: str) -> bool:
    if word in IRREGULAR_PARTICIPLES:
        return True
    return len(word) > 3 and word.endswith("ed") and word not in NOT_PARTICIPLES


def is_passive(sentence: str) -> bool:
    """A form of "be"/"get" followed, in the same clause, by a past participle."""
    lowered = _lower(sentence)
    if not _AUX.search(lowered) or not _PARTICIPLE_HINT.search(lowered):
        return False
    in_clause, previous = False, ""
    for token in _TOKEN.findall(lowered):
        if token in AUXILIARIES:
            in_clause = True
        elif not token[0].isalpha() or token in CLAUSE_BREAKS:
            in_clause = False
        elif in_clause and previous not in DETERMINERS and is_participle(token):
            return True
        previous = token
    return False


def has_transition(sentence: str) -> bool:
    return _TRANSITION.search(_lower(sentence)) is not None


_MEMO: dict[int, tuple[Analysis, Style]] = {}


def measure(analysis: Analysis) -> Style:
    """The page's style figures. Memoized by analysis: the check and the metrics both read them."""
    entry = _MEMO.get(id(analysis))
    if entry is not None and entry[0] is analysis:
        return entry[1]
    style = _measure(analysis)
    if len(_MEMO) >= 8:
        _MEMO.clear()
    _MEMO[id(analysis)] = (analysis, style)
    return style


def _measure(analysis: Analysis) -> Style:
    if analysis.root not in LANGUAGES:
        return Style(assessed=False)
    sentences = analysis.sentences
    return Style(
        assessed=True,
        sentences=len(sentences),
        passive=[s for s in sentences if is_passive(s.text)],
        transitions=sum(1 for s in sentences if has_transition(s.text)),
    )


def style_metrics(analysis: Analysis) -> dict:
    """JSON-friendly figures, merged into the page's readability metrics."""
    style = measure(analysis)
    passive, transition = style.passive_share, style.transition_share
    return {
        "style_assessed": style.assessed,
        "passive_share": None if passive is None else round(passive, 3),
        "transition_share": None if transition is None else round(transition, 3),
        "passive_sentences": [_located(s) for s in style.passive[:LISTED]],
    }


def _located(s: SentenceStat) -> dict:
    return {
        "block": s.block,
        **({"faq_item": s.faq_item} if s.faq_item is not None else {}),
        "start": s.start,
        "end": s.end,
        "text": s.text if len(s.text) <= _SNIPPET else s.text[: _SNIPPET - 1] + "…",
    }


def clear_caches() -> None:
    _MEMO.clear()
