"""Readability checks (family "readability") on the page's prose.

Measurements come from `validators.metrics`; this module only judges them.
Language policy (docs/checks.md): English gets every check; languages with a
recalibrated Flesch formula get FRE plus the structural checks; other
languages pyphen can hyphenate get the structural checks only; languages it
cannot (e.g. "ja") get a single "not assessed" warning.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..config import for_page
from ..document import PageDocument, ValidationContext
from ..findings import ERROR, WARNING, Finding, Location
from ..metrics import FK_LANGUAGES, FRE_LANGUAGES, Analysis, analyse
from ..registry import register
from ..text import plural


def _banded(value, warn, error, above: bool) -> tuple[str, object] | None:
    """(severity, threshold crossed) for a value against warn/error limits."""
    worse = (lambda v, t: v > t) if above else (lambda v, t: v < t)
    if worse(value, error):
        return ERROR, error
    if worse(value, warn):
        return WARNING, warn
    return None


def _finding(prefix, band, message, hint, location, value) -> Finding:
    severity, threshold = band
    fid = f"readability.{'E' if severity == ERROR else 'W'}{prefix}"
    return Finding(fid, severity, message, hint, location, value, threshold)


@register("readability", local=True)
def readability(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    cfg = for_page(doc.type, ctx.config)
    analysis = analyse(doc, cfg["same_start_run"])
    if not analysis.supported:
        yield Finding(
            "readability.W008",
            WARNING,
            f'Readability was not assessed: the language "{doc.language}" is not supported.',
            "Have a fluent editor review sentence and paragraph length by hand.",
            Location(field="language"),
            str(doc.language),
        )
        return
    if analysis.words >= cfg["readability_min_words"]:
        yield from _scores(analysis, cfg)
    yield from _sentences(analysis, cfg)
    yield from _paragraphs(analysis, cfg)
    yield from _sections(analysis, cfg)
    yield from _runs(analysis, cfg)


def _scores(analysis: Analysis, cfg: dict) -> Iterator[Finding]:
    page = Location(field="body")
    fre, fk = analysis.fre(), analysis.fk()
    band = _banded(fre, cfg["fre_warn"], cfg["fre_error"], above=False)
    if band and analysis.root in FRE_LANGUAGES:
        yield _finding(
            "001",
            band,
            f"Flesch reading ease is {fre:.1f} (threshold {band[1]}).",
            "Use shorter sentences and plainer words; see hardest_sentences in the metrics.",
            page,
            round(fre, 1),
        )
    band = _banded(fk, cfg["fk_warn"], cfg["fk_error"], above=True)
    if band and analysis.root in FK_LANGUAGES:
        yield _finding(
            "002",
            band,
            f"Flesch-Kincaid grade is {fk:.1f} (threshold {band[1]}).",
            "Split long sentences and prefer short words where they say the same.",
            page,
            round(fk, 1),
        )
    limit = cfg["long_sentence_words"]
    share = analysis.long_share(limit)
    band = _banded(share, cfg["long_sentence_share_warn"], cfg["long_sentence_share_error"], above=True)
    if band:
        yield _finding(
            "003",
            band,
            f"{share:.0%} of sentences are longer than {limit} words.",
            "Break the longest sentences in two; vary sentence length.",
            page,
            round(share, 3),
        )


def _too_long(items, code: str, limits: tuple[int, int], noun: str, hint: str) -> Iterator[Finding]:
    """Sentences or paragraphs over their word limits, located by offsets."""
    for item in items:
        band = _banded(item.words, limits[0], limits[1], True)
        if band:
            yield _finding(
                code,
                band,
                f"A {noun} is {plural(item.words, 'word')} long (limit {band[1]}).",
                hint,
                Location(block=item.block, faq_item=item.faq_item, start=item.start, end=item.end),
                item.words,
            )


def _sentences(analysis: Analysis, cfg: dict) -> Iterator[Finding]:
    limits = (cfg["sentence_words_warn"], cfg["sentence_words_error"])
    return _too_long(analysis.sentences, "004", limits, "sentence", "Split it where a new idea starts.")


def _paragraphs(analysis: Analysis, cfg: dict) -> Iterator[Finding]:
    limits = (cfg["paragraph_words_warn"], cfg["paragraph_words_error"])
    hint = "Break it into paragraphs of one idea each."
    return _too_long(analysis.paragraphs, "005", limits, "paragraph", hint)


def _sections(analysis: Analysis, cfg: dict) -> Iterator[Finding]:
    for block, words in analysis.sections:
        band = _banded(words, cfg["section_words_warn"], cfg["section_words_error"], True)
        if band:
            yield _finding(
                "006",
                band,
                f"{words} words run without a heading (limit {band[1]}).",
                "Add a subheading that names what the next part answers.",
                Location(block=block),
                words,
            )


def _runs(analysis: Analysis, cfg: dict) -> Iterator[Finding]:
    for run in analysis.runs:
        yield Finding(
            "readability.W007",
            WARNING,
            f'{run.length} sentences in a row start with "{run.word}".',
            "Vary how consecutive sentences begin.",
            Location(block=run.block, faq_item=run.faq_item, start=run.start, end=run.end),
            run.length,
            cfg["same_start_run"],
        )
