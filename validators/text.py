"""Turn page blocks into plain prose units and sentences, with offsets.

textstat's own sentence splitter merges any text without end punctuation into
the next sentence, so a heading, a list item or a question would be glued onto
its neighbour and produce one giant "sentence". We therefore split structure
first (each <p>, <li>, heading and <br>-separated line is its own unit), then
split sentences inside a unit ourselves, and only then hand single sentences
(with a "." appended where the unit lacked end punctuation) to textstat.

The plain text of a block is its units joined by "\n"; every offset in a
finding's location points into that string. For a block without HTML it is
the block's `text` (sanitized character-for-character, so offsets match).
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from functools import lru_cache

from bs4 import (
    BeautifulSoup,
    MarkupResemblesLocatorWarning,
    NavigableString,
    Tag,
    XMLParsedAsHTMLWarning,
)

from .document import FAQ, LEAD, PARAGRAPH, Block, FAQItem, PageDocument

# Elements that start a new unit of prose (cluster/stored/reader.py reads by the same rules).
BLOCK_TAGS = frozenset(
    "p div li dt dd h1 h2 h3 h4 h5 h6 blockquote pre td th caption figcaption "
    "section article header footer aside ul ol dl table tr address body html".split()
)
_HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
SKIP_TAGS = frozenset("script style template head noscript title".split())

_END_PUNCT = ".!?…。！？؟\u037e"  # U+037E: Greek question mark
_CLOSERS = "\"'”’»)]}"
# A sentence ends at end punctuation (plus closing quotes/brackets) followed by
# whitespace; requiring the whitespace keeps "3.5" and "e.g.," intact. CJK full
# stops need no following space.
_SENTENCE_END = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=\s)|[。！？]+")
_ABBREVIATIONS = frozenset("e.g i.e vs cf dr mr mrs ms prof st jr sr fig approx ca al".split())
# Abbreviations that stand before a number ("No. 5", "vol. 3"): their "." ends
# no sentence when a digit follows, and does otherwise ("Is it? No. It is not.").
_NUMBER_ABBREVIATIONS = frozenset("no nos nr vol vols pp ch sec art".split())
# Letters joined by dots ("U.S", "a.m", "e.u"). Their final "." ends no
# sentence, except that a time ("at 9 a.m. We left") ends one before a capital.
_INITIALISM = re.compile(r"[^\W\d_](?:\.[^\W\d_])+")
_TIMES = frozenset({"a.m", "p.m"})
# English words a same-start comparison passes over to reach a sentence's
# opening word: articles, demonstratives and cardinal numerals ("The body ...
# The mind ..." do not start alike). Written for this project; digits are
# skipped too.
OPENING_FILLERS = frozenset(
    "a an the this that these those one two three four five six seven eight nine ten "
    "eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty "
    "thirty forty fifty sixty seventy eighty ninety hundred thousand million".split()
)
# Skipped after a mark to reach the next word: space, then opening quotes and brackets.
_OPENERS = "\"'“‘«([{"
# The start of a whitespace-delimited token that holds a letter or digit: any
# leading punctuation, then the first word character. One match per such token.
_WORD_TOKEN = re.compile(r"(?<!\S)[^\s\w]*\w")
# Characters that would break parsers or offsets: lone surrogates become U+FFFD
# and NUL becomes a space, one for one, so offsets stay aligned with the input.
_BAD_CHARS = re.compile("[\ud800-\udfff\x00]")


@dataclass(frozen=True)
class Unit:
    """One structural piece of a block: a paragraph, list item or heading."""

    kind: str  # "p", "li" or "heading"
    text: str
    start: int  # offset of `text` in the block's plain text


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offsets into the block's plain text
    end: int
    words: int


@dataclass(frozen=True)
class Segment:
    """A run of prose the readability check reads: a block or a FAQ answer."""

    block: int
    faq_item: int | None
    kind: str  # LEAD, PARAGRAPH or FAQ
    units: tuple[Unit, ...]


def sanitize(text: str) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return _BAD_CHARS.sub(lambda m: " " if m.group() == "\x00" else "\ufffd", text)


def plural(count: int, noun: str) -> str:
    """'1 question', '2 questions' (regular English plurals only)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def count_words(text: str) -> int:
    """Whitespace tokens that contain at least one letter or digit.

    Stand-alone punctuation ("—", "-", "...") is not a word, matching what
    textstat counts after it strips punctuation.
    """
    return len(_WORD_TOKEN.findall(text))


def _nearest_block(node) -> Tag | None:
    parent = node.parent
    while parent is not None and parent.name not in BLOCK_TAGS:
        parent = parent.parent
    return parent


def _skipped(node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.name in SKIP_TAGS:
            return True
        parent = parent.parent
    return False


def html_units(html: str) -> list[tuple[str, str]]:
    """(kind, text) pieces of an HTML fragment, in document order.

    Walks the parse tree iteratively (pasted HTML can nest deeply) and starts
    a new piece whenever the nearest block-level ancestor changes or a <br>
    appears, so list items and headings never run into each other.
    """
    with warnings.catch_warnings():
        # Pasted fragments trip bs4's "looks like a URL/file/XML" heuristics;
        # we always want HTML parsing, so the warnings are noise.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(sanitize(html), "lxml")
    pieces: list[tuple[str, str]] = []
    buffer: list[str] = []
    current: Tag | None = None

    def flush() -> None:
        text = " ".join("".join(buffer).split())
        if text:
            name = current.name if current is not None else "p"
            kind = "heading" if name in _HEADING_TAGS else ("li" if name == "li" else "p")
            pieces.append((kind, text))
        buffer.clear()

    for node in soup.descendants:
        if isinstance(node, Tag):
            if node.name == "br":
                flush()
            continue
        # Exact type: bs4 subclasses NavigableString for comments, CDATA,
        # doctypes, processing instructions and script/style text.
        if type(node) is not NavigableString or _skipped(node):
            continue
        block = _nearest_block(node)
        if block is not current:
            flush()
            current = block
        buffer.append(str(node))
    flush()
    return pieces


# A line that is a Markdown list item ("- ", "* ", "+ ", "• ", "1. ", "1) "):
# imported lists arrive as one line per item (cluster/content_io/richtext.py).
_LIST_LINE = re.compile(r"(?:[-*+•]|\d{1,9}[.)])\s")


def _kind(kind: str, text: str) -> str:
    return "li" if kind == "p" and _LIST_LINE.match(text) else kind


def _layout(pieces: list[tuple[str, str]]) -> tuple[Unit, ...]:
    units, offset = [], 0
    for kind, text in pieces:
        units.append(Unit(_kind(kind, text), text, offset))
        offset += len(text) + 1
    return tuple(units)


def units_for(text: str, html: str = "") -> tuple[Unit, ...]:
    """Units of one piece of content, preferring its HTML when there is any.

    Memoized: the readability analysis and several FAQ checks read the same
    answers, and the result is an immutable tuple.
    """
    if not isinstance(text, str) or not isinstance(html, str):
        return _units_for(text, html)
    return _cached_units_for(text, html)


@lru_cache(maxsize=1024)  # a page's answers are read again right after its analysis
def _cached_units_for(text: str, html: str) -> tuple[Unit, ...]:
    return _units_for(text, html)


def _units_for(text, html) -> tuple[Unit, ...]:
    html = sanitize(html)
    if html.strip():
        return _layout(html_units(html))
    # Keep plain text verbatim (after one-for-one sanitizing) so offsets match
    # the block's own `text`.
    clean = sanitize(text)
    units, offset = [], 0
    for line in clean.split("\n"):
        stripped = line.strip()
        if stripped:
            units.append(Unit(_kind("p", stripped), stripped, offset + line.index(stripped[0])))
        offset += len(line) + 1
    return tuple(units)


def answer_words(item: FAQItem) -> int:
    """Words in a FAQ answer (its HTML when it has any).

    Memoized: several FAQ checks ask about every item, and an item is immutable.
    """
    try:
        return _answer_words(item)
    except TypeError:  # an unhashable item built by hand
        return _answer_words.__wrapped__(item)


@lru_cache(maxsize=8192)
def _answer_words(item: FAQItem) -> int:
    return sum(count_words(u.text) for u in units_for(item.answer, item.answer_html))


def plain_text(units: tuple[Unit, ...]) -> str:
    return "\n".join(u.text for u in units)


def block_segments(block: Block) -> list[Segment]:
    """The prose of one block: a lead answer, a paragraph, or FAQ answers."""
    if block.kind in (LEAD, PARAGRAPH):
        return [Segment(block.index, None, block.kind, units_for(block.text, block.html))]
    if block.kind == FAQ:
        return [
            Segment(block.index, n, FAQ, units_for(item.answer, item.answer_html))
            for n, item in enumerate(block.faq_items)
        ]
    return []


def prose_segments(doc: PageDocument) -> list[Segment]:
    """The page's prose: lead answer, paragraphs and FAQ answers.

    Headings, FAQ questions and the CTA are left out: they are labels, not
    prose, and their missing end punctuation would distort every formula.
    """
    return [segment for block in doc.blocks for segment in block_segments(block)]


# Longest token the abbreviation test reads from a short window; any longer
# token is walked back to its start as before (see `_token_before`).
_ABBREVIATION_WINDOW = 24


# Eight characters before a "." that are neither whitespace nor an opening
# bracket or quote: the token is longer than any abbreviation even after
# stripping, so the "." ends a sentence (most full stops, decided in C).
_LONG_TOKEN_END = re.compile(r"[^\s" + re.escape(_CLOSERS) + r"(]{8}\.")


def _token_before(text: str, end: int) -> str:
    """The whitespace-delimited token that ends at `end`."""
    low = end - _ABBREVIATION_WINDOW if end > _ABBREVIATION_WINDOW else 0
    window = text[low:end]
    parts = window.rsplit(None, 1)
    token = parts[-1] if parts else ""
    if len(token) < len(window) or not low:
        return token
    start = low  # no whitespace in the window: the token may start before it
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _maybe_abbreviation(text: str, end: int) -> bool:
    if end >= 9 and _LONG_TOKEN_END.match(text, end - 9):
        return False
    return _is_abbreviation(text, end)


def _is_abbreviation(text: str, end: int) -> bool:
    """Whether the "." ending at `end` closes an abbreviation, an initial or an initialism."""
    token = _token_before(text, end).rstrip(".").lstrip(_CLOSERS + "(").lower()
    if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return True
    if token in _NUMBER_ABBREVIATIONS:
        return _next_char(text, end).isdigit()
    if _INITIALISM.fullmatch(token):
        return token not in _TIMES or not _next_char(text, end).isupper()
    return False


def _next_char(text: str, end: int) -> str:
    """The first character of the next word after `end` ("" at the end of the text)."""
    rest = text[end : end + _ABBREVIATION_WINDOW].lstrip().lstrip(_OPENERS)
    return rest[:1]


def _is_end(text: str, match: re.Match) -> bool:
    """Whether an end mark ends its sentence.

    A lone "." after an abbreviation does not, and neither does an ellipsis
    the sentence runs on from in lower case ("Wait… what"): that is a pause.
    """
    mark, end = match.group(), match.end()
    if mark == ".":
        # "1. Keep it short": the number of a list item (see `_LIST_LINE`).
        if match.start() <= 9 and text[: match.start()].isdigit():
            return False
        return not _maybe_abbreviation(text, end)
    if mark.rstrip(_CLOSERS) in ("…", "..."):
        return not _next_char(text, end).islower()
    return True


def sentence_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped text) of each non-blank sentence of a unit's text.

    A unit never shares a sentence with its neighbours: whatever trails after
    the last end mark is a sentence of its own.
    """
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if not _is_end(text, match):
            continue
        end = match.end()
        _add_span(spans, text, start, end)
        start = end
    _add_span(spans, text, start, len(text))
    return spans


def _add_span(spans: list, text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = start + chunk.index(stripped[0])
        spans.append((lead, lead + len(stripped), stripped))


def split_sentences(unit: Unit) -> list[Sentence]:
    """Sentences (with at least one word) of one unit, with offsets into the block's plain text."""
    sentences = []
    for start, end, stripped in sentence_spans(unit.text):
        words = count_words(stripped)
        if words:
            sentences.append(Sentence(stripped, unit.start + start, unit.start + end, words))
    return sentences


def for_textstat(sentence: str) -> str:
    """The sentence with a final "." if it lacks end punctuation."""
    trimmed = sentence.rstrip(_CLOSERS + " ")
    if trimmed and trimmed[-1] in _END_PUNCT:
        return sentence
    return sentence + "."


def token_word(token: str) -> str:
    """A token's letters and digits, normalized for comparing sentence openings."""
    return unicodedata.normalize("NFKC", "".join(ch for ch in token if ch.isalnum())).casefold()


def clear_caches() -> None:
    _cached_units_for.cache_clear()
    _answer_words.cache_clear()
