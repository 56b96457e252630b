"""Same-start runs (readability.W007): sentences in a row that open with the same word.

`validators.metrics` measures the sentences and feeds their opening words
here section by section; docs/checks.md describes the rule.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from . import text as T

# Entries kept before a cache starts over (tokens repeat across pages).
_CACHE_MAX = 500_000


class Stat(Protocol):
    """What a run needs of a sentence (`metrics.SentenceStat` has it)."""

    block: int
    faq_item: int | None
    start: int
    end: int


class Run(NamedTuple):
    """Consecutive sentences starting with the same word."""

    block: int
    faq_item: int | None
    start: int
    end: int
    word: str
    length: int


class _FirstWords(dict):
    def __missing__(self, token: str) -> str:
        if len(self) >= _CACHE_MAX:
            self.clear()
        word = self[token] = T.token_word(token)
        return word


FIRST_WORDS = _FirstWords()


def first_word(tokens: list[str]) -> str:
    """The normalized first word of a sentence already split into tokens, token-cached."""
    for word in map(FIRST_WORDS.__getitem__, tokens):
        if word:
            return word
    return ""


def opening_word(tokens: list[str], skip) -> str:
    """The first word not in `skip` ("The body ..." -> "body"); the first word if all are."""
    words = [word for word in map(FIRST_WORDS.__getitem__, tokens) if word]
    return next((word for word in words if word not in skip and not word.isdigit()), words[0])


class Openings:
    """Sentence openings since the last section boundary, for same-start runs.

    A run may cross paragraphs and blocks; a heading (block or inside rich
    text), a FAQ block, a CTA, each FAQ answer and each list item close it.
    """

    def __init__(self, runs: list[Run], min_run: int) -> None:
        self.runs, self.min_run = runs, min_run
        self.stats: list[Stat] = []
        self.firsts: list[str] = []

    def add(self, stats: list[Stat], firsts: list[str]) -> None:
        self.stats += stats
        self.firsts += firsts

    def close(self) -> None:
        if self.stats:
            self.runs.extend(_same_start_runs(self.stats, self.firsts, self.min_run))
        self.stats, self.firsts = [], []


def _same_start_runs(stats: list[Stat], firsts: list[str], min_run: int) -> list[Run]:
    if len(firsts) < min_run or len(set(firsts)) == len(firsts):
        return []  # no word opens two sentences: nothing to scan
    runs, i = [], 0
    while i < len(stats):
        word = firsts[i]
        j = i + 1
        while j < len(stats) and word and firsts[j] == word:
            j += 1
        if word and j - i >= min_run:
            runs.append(_run(stats[i:j], word))
        i = j
    return runs


def _run(stats: list[Stat], word: str) -> Run:
    """A run located in its first sentence's block: from that sentence to the
    last sentence of the run in the same block (offsets are per block)."""
    first = stats[0]
    end = max(s.end for s in stats if (s.block, s.faq_item) == (first.block, first.faq_item))
    return Run(first.block, first.faq_item, first.start, end, word, len(stats))
