"""Readability measurements of a page's prose (the checks judge them).

Everything is computed block by block and aggregated: textstat memoizes per
text in small LRU caches, and formulas on one giant concatenation would both
thrash them and hide where the hard passages are. textstat supplies syllable
counts (CMU dictionary for English via `validators.offline`, pyphen
hyphenation elsewhere) and the per-language Flesch constants; we supply the
sentences, because its splitter merges unpunctuated units (see `text`).
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from . import text as T
from . import textstat_seam
from .document import LEAD, PARAGRAPH, PageDocument
from .offline import ensure_offline_textstat
from .openings import FIRST_WORDS, Openings, Run, first_word, opening_word

# Languages whose Flesch Reading Ease has a published recalibration in
# textstat's LANG_CONFIGS (Amstad de, Fernandez-Huerta es, Kandel-Moles fr,
# Flesch-Vacca it, Flesch-Douma nl, Oborneva ru, hu); for these the 0-100 scale
# is meant to read like English, so FRE thresholds apply. Flesch-Kincaid grade
# is an English-only regression and is judged for English only.
FRE_LANGUAGES = frozenset({"en", "de", "es", "fr", "it", "nl", "ru", "hu"})
FK_LANGUAGES = frozenset({"en"})

_SNIPPET = 120


class SentenceStat(NamedTuple):
    # A tuple, not a frozen dataclass: a large cluster has hundreds of
    # thousands of sentences, and tuples are several times cheaper to build.
    block: int
    faq_item: int | None
    start: int
    end: int
    words: int
    syllables: int
    text: str

    @property
    def score(self) -> float:
        # Flesch-Kincaid grade of the sentence alone: long AND polysyllabic
        # sentences rank first, which is what an editor should rewrite.
        if not self.words:
            return 0.0
        return 0.39 * self.words + 11.8 * self.syllables / self.words - 15.59


class Paragraph(NamedTuple):
    block: int
    faq_item: int | None
    start: int
    end: int
    words: int


@dataclass
class Analysis:
    language: str  # as the document gave it
    lang: str | None  # normalized code textstat/pyphen understand, None if unsupported
    sentences: list[SentenceStat] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[tuple[int, int]] = field(default_factory=list)  # (first block, words)
    runs: list[Run] = field(default_factory=list)

    @property
    def supported(self) -> bool:
        return self.lang is not None

    @property
    def root(self) -> str:
        return (self.lang or "").split("_")[0]

    # Totals are read by every formula and report; an analysis is complete
    # before anything reads it, so each is summed once.
    @cached_property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)

    @cached_property
    def syllables(self) -> int:
        return sum(s.syllables for s in self.sentences)

    def fre(self) -> float | None:
        if not self.supported or not self.words:
            return None
        base, sentence_weight, syllable_weight = textstat_seam.fre_constants(self.root)
        per_sentence = self.words / len(self.sentences)
        per_word = self.syllables / self.words
        return base - sentence_weight * per_sentence - syllable_weight * per_word

    def fk(self) -> float | None:
        if not self.supported or not self.words:
            return None
        per_sentence = self.words / len(self.sentences)
        return 0.39 * per_sentence + 11.8 * self.syllables / self.words - 15.59

    def long_share(self, limit: int) -> float:
        if not self.sentences:
            return 0.0
        return sum(1 for s in self.sentences if s.words > limit) / len(self.sentences)

    def hardest(self, n: int = 3) -> list[SentenceStat]:
        """The n hardest real sentences: an editor starts rewriting from these.

        Fragments, list stubs ("Readability counts.") and bare URLs score high
        on a per-sentence formula but are nothing to rewrite, so they are not ranked.
        """
        # Ranked first, URLs looked for after: most sentences have none, and
        # searching every sentence of a page for one cost more than the ranking.
        long_enough = (s for s in self.sentences if s.words >= HARDEST_MIN_WORDS)
        ranked = heapq.nsmallest(n + _URL_SPARE, long_enough, key=_hardness)
        found = [s for s in ranked if not _URL.search(s.text)][:n]
        if len(found) < n < len(ranked):  # URLs among the top: rank them all
            found = heapq.nsmallest(n, (s for s in self.sentences if _rankable(s)), key=_hardness)
        return found


# A sentence ranked among the hardest has at least this many words (a clause
# with a subject, a verb and something more) and no bare URL.
HARDEST_MIN_WORDS = 5
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S", re.IGNORECASE)


_URL_SPARE = 3


def _hardness(sentence: SentenceStat) -> tuple:
    return (-sentence.score, sentence.block, sentence.start)


def _rankable(sentence: SentenceStat) -> bool:
    return sentence.words >= HARDEST_MIN_WORDS and not _URL.search(sentence.text)


def normalize_language(language: object) -> str | None:
    """A code pyphen has hyphenation patterns for, or None.

    "en-GB" -> "en_GB", "DE" -> "de". Without patterns textstat cannot count
    syllables at all (it would raise), so such languages are "unsupported".
    """
    import pyphen

    if not isinstance(language, str):
        return None
    parts = language.strip().replace("-", "_").split("_")
    if not parts[0] or not parts[0].isascii() or not parts[0].isalpha():
        return None
    code = parts[0].lower()
    if len(parts) > 1 and parts[1].isascii() and parts[1].isalnum():
        code += "_" + parts[1].upper()
    try:
        return code if pyphen.language_fallback(code) else None
    except Exception:  # pyphen raises on odd locale strings; treat as unsupported
        return None


# Every whitespace token of a sentence, looked up once per language as
# (syllables << 32) | is_word, so that one C-level `sum(map(...))` per sentence
# gives both its word count and its syllables. Tokens repeat across sentences
# and pages, so nearly every lookup is a hit. The rules are textstat's and ours,
# applied token by token, which is exact because both are token-local:
#   - a word is a token holding a letter or digit (`text.count_words`);
#   - syllables are textstat's count_syllables: drop punctuation except
#     contraction apostrophes, lowercase, then the CMU dictionary's vowel
#     phones, or pyphen's hyphenation points + 1 for words it lacks.
_SYLLABLE_SHIFT = 32
_WORD_MASK = (1 << _SYLLABLE_SHIFT) - 1
_TABLE_MAX = 500_000
_PUNCTUATION = re.compile(r"[^\w\s']")
_HAS_WORD = re.compile(r"\w")


class _TokenTable(dict):
    def __init__(self, lang: str | None) -> None:
        super().__init__()
        self.lang = lang
        self.cmu = self.hyphenator = None
        # textstat's own pattern and data, read through the seam (which
        # imports textstat only now, after `offline` has patched it).
        self.noncontraction = re.compile(textstat_seam.noncontraction_apostrophe())
        if lang is not None:
            self.cmu, self.hyphenator = textstat_seam.syllable_sources(lang)

    def __missing__(self, token: str) -> int:
        value = self._syllables(token) << _SYLLABLE_SHIFT | (1 if _HAS_WORD.search(token) else 0)
        if len(self) >= _TABLE_MAX:
            self.clear()
        self[token] = value
        return value

    def _syllables(self, token: str) -> int:
        word = _PUNCTUATION.sub("", self.noncontraction.sub("", token)).lower()
        if self.lang is None or not word:
            return 0
        try:
            return sum(1 for phone in self.cmu[word][0] if phone[-1].isdigit())
        except (TypeError, IndexError, KeyError):
            return len(self.hyphenator.positions(word)) + 1


_TABLES: dict[str | None, _TokenTable] = {}


def _table(lang: str | None) -> _TokenTable:
    table = _TABLES.get(lang)
    if table is None:
        table = _TABLES[lang] = _TokenTable(lang)
    return table


def preload(languages) -> None:
    """Build the token tables of `languages` now, loading their syllable data (see local.preload)."""
    for language in languages:
        lang = normalize_language(language)
        if lang is not None:
            ensure_offline_textstat()
            _table(lang)


def _syllables(sentence: str, lang: str | None) -> int:
    """textstat's count_syllables(sentence, lang), token-cached."""
    return sum(map(_table(lang).__getitem__, sentence.split())) >> _SYLLABLE_SHIFT


def _unit_sentences(unit: T.Unit, block: int, faq_item, table: _TokenTable, skip) -> tuple[list, list, int]:
    """(sentence stats, their opening words, word total) of one unit, in one pass over its tokens.

    `skip` holds the words passed over to reach a sentence's opening word
    (articles, numerals, demonstratives; empty outside English).
    """
    stats, firsts, total = [], [], 0
    base = unit.start
    lookup, first_words = table.__getitem__, FIRST_WORDS
    for start, end, text in T.sentence_spans(unit.text):
        tokens = text.split()
        packed = sum(map(lookup, tokens))
        words = packed & _WORD_MASK
        if words:
            total += words
            syllables = packed >> _SYLLABLE_SHIFT
            stats.append(SentenceStat(block, faq_item, base + start, base + end, words, syllables, text))
            # Most sentences open with a word; only the rest need the scan.
            first = first_words[tokens[0]] or first_word(tokens)
            if skip and (first in skip or first.isdigit()):
                first = opening_word(tokens, skip)
            firsts.append(first)
    return stats, firsts, total


def _analyse_units(units, block: int, faq_item, analysis: Analysis, openings: Openings) -> int:
    """Add the units' sentences, paragraphs and openings; return their word count."""
    total = 0
    table = _table(analysis.lang)
    skip = T.OPENING_FILLERS if analysis.root == "en" else frozenset()
    for unit in units:
        if unit.kind == "heading":
            continue  # a heading inside rich text is a label, not prose
        stats, firsts, words = _unit_sentences(unit, block, faq_item, table, skip)
        total += words
        analysis.sentences.extend(stats)
        if unit.kind == "li":
            # A list repeats its items' first word by design: an item is a run of its own.
            openings.close()
            openings.add(stats, firsts)
            openings.close()
        else:
            openings.add(stats, firsts)
        end = unit.start + len(unit.text)
        analysis.paragraphs.append(Paragraph(block, faq_item, unit.start, end, words))
    return total


def analyse(doc: PageDocument, min_run: int = 3) -> Analysis:
    """Measure the page's prose. Memoized: the check and the engine's metrics
    both need it, and a large page should be read once."""
    # By identity, not equality: hashing a frozen document walks all of its
    # blocks, and that cost 1% of a cold run; the checks and the engine pass
    # the same object.
    key = (id(doc), min_run)
    entry = _ANALYSES.get(key)
    if entry is not None and entry[0] is doc:
        return entry[1]
    analysis = _analyse(doc, min_run)
    if len(_ANALYSES) >= 4:
        _ANALYSES.pop(next(iter(_ANALYSES)))
    _ANALYSES[key] = (doc, analysis)  # holds the document, so its id is not reused meanwhile
    return analysis


_ANALYSES: dict[tuple[int, int], tuple[PageDocument, Analysis]] = {}


def _analyse(doc: PageDocument, min_run: int) -> Analysis:
    lang = normalize_language(doc.language)
    if lang is not None:
        ensure_offline_textstat()
    analysis = Analysis(language=str(doc.language), lang=lang)
    openings = Openings(analysis.runs, min_run)
    # Words between headings: a heading block, a FAQ block (each question is a
    # heading) or a CTA closes the running section; so does a heading inside
    # rich text, which the unit walk reports as kind "heading".
    section_start, section_words = None, 0
    for block in doc.blocks:
        if block.kind not in (LEAD, PARAGRAPH):
            _close(analysis, section_start, section_words)
            openings.close()
            section_start, section_words = None, 0
            for segment in T.block_segments(block):  # FAQ answers, if any
                _analyse_units(segment.units, segment.block, segment.faq_item, analysis, openings)
                openings.close()
            continue
        for segment in T.block_segments(block):
            for unit in segment.units:
                if unit.kind == "heading":
                    _close(analysis, section_start, section_words)
                    openings.close()
                    section_start, section_words = None, 0
                    continue
                section_words += _analyse_units((unit,), segment.block, None, analysis, openings)
                if section_start is None:
                    section_start = block.index
    _close(analysis, section_start, section_words)
    openings.close()
    return analysis


def _close(analysis: Analysis, start: int | None, words: int) -> None:
    if start is not None and words:
        analysis.sections.append((start, words))


def page_metrics(analysis: Analysis, long_sentence_words: int = 20) -> dict:
    """JSON-friendly readability metrics for reports and the admin panel."""
    fre, fk = analysis.fre(), analysis.fk()
    return {
        "language": analysis.language,
        "assessed": analysis.supported,
        "words": analysis.words,
        "sentences": len(analysis.sentences),
        "flesch_reading_ease": None if fre is None else round(fre, 1),
        "flesch_kincaid_grade": None if fk is None else round(fk, 1),
        "long_sentence_share": round(analysis.long_share(long_sentence_words), 3),
        "longest_paragraph_words": max((p.words for p in analysis.paragraphs), default=0),
        "max_words_between_headings": max((w for _, w in analysis.sections), default=0),
        "same_start_runs": len(analysis.runs),
        "hardest_sentences": [
            {
                "block": s.block,
                **({"faq_item": s.faq_item} if s.faq_item is not None else {}),
                "start": s.start,
                "end": s.end,
                "words": s.words,
                "text": s.text if len(s.text) <= _SNIPPET else s.text[: _SNIPPET - 1] + "…",
                "score": round(s.score, 1),
            }
            for s in analysis.hardest()
        ],
    }


def clear_caches() -> None:
    """Forget memoized analyses and syllable counts (benchmarks measure cold runs)."""
    _ANALYSES.clear()
    _TABLES.clear()
    FIRST_WORDS.clear()
    T.clear_caches()
