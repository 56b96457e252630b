"""Where a finding is, named the way the editor sees the page.

One wording for every consumer (the admin, `validate_content`'s reports, the
API): the block's kind and its first words, then the FAQ question's number,
or the page field, or the whole page::

    FAQ "How is fear of intimacy…", question 1
    Paragraph "Fear of intimacy is the…"
    Heading "Why it matters"
    Call to action (empty)
    Required questions
    Whole page

Blocks are named by their words, not by a number, because the engine counts
blocks from 0 and editors count from 1; words read the same to both. FAQ
questions count from 1 within their FAQ block, as the editor's list shows them.
"""

from __future__ import annotations

import unicodedata

from .document import CTA, FAQ, HEADING, LEAD, PARAGRAPH, Block, PageDocument
from .findings import Location

KIND_LABELS = {
    LEAD: "Lead",
    HEADING: "Heading",
    PARAGRAPH: "Paragraph",
    FAQ: "FAQ",
    CTA: "Call to action",
}
FIELD_LABELS = {
    "body": "Body",
    "lead": "Lead",
    "language": "Language",
    "required_questions": "Required questions",
}
WHOLE_PAGE = "Whole page"
EMPTY = "(empty)"
ELLIPSIS = "…"
FIRST_WORDS = 5
# Text without spaces (Japanese, Chinese, a long URL) is one "word": cap it too.
FIRST_CHARS = 32

# Characters that belong to the character before them: cutting in front of one
# would split what the reader sees as one letter or one emoji.
_ZWJ = "\u200d"
_ATTACHED_RANGES = (
    (0xFE00, 0xFE0F),  # variation selectors (emoji vs text presentation)
    (0x1F3FB, 0x1F3FF),  # skin tone modifiers
    (0xE0020, 0xE007F),  # tag characters (subdivision flags)
)
_REGIONAL_INDICATORS = (0x1F1E6, 0x1F1FF)  # two of them make one flag
_TRAILING_PUNCTUATION = " ,;:-–—"


def where(doc: PageDocument, location: Location) -> str:
    """The place `location` names on `doc`, in the editor's words (module docstring)."""
    block = _block(doc, location.block)
    if block is not None:
        place = block_name(block)
        if location.faq_item is not None:
            place += f", question {location.faq_item + 1}"
        return place
    if location.field:
        return field_label(location.field)
    # A block index the document does not have still points into the body.
    return FIELD_LABELS["body"] if location.block is not None else WHOLE_PAGE


def block_name(block: Block) -> str:
    """'Paragraph "Fear of intimacy is the…"', or 'Paragraph (empty)'."""
    label = KIND_LABELS.get(block.kind, block.kind.replace("_", " ").capitalize())
    words = first_words(_block_words(block))
    return f'{label} "{words}"' if words else f"{label} {EMPTY}"


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def first_words(text: str, words: int = FIRST_WORDS, chars: int = FIRST_CHARS) -> str:
    """The first `words` words of `text` (at most `chars` characters), '…' when shortened."""
    parts = str(text).split()
    short = " ".join(parts[:words])
    cut = len(parts) > words
    if len(short) > chars:
        short, cut = short[: _safe_end(short, chars)], True
    if not cut:
        return short
    return short.rstrip(_TRAILING_PUNCTUATION) + ELLIPSIS


def _block(doc: PageDocument, index: int | None) -> Block | None:
    if not isinstance(index, int) or not 0 <= index < len(doc.blocks):
        return None
    return doc.blocks[index]


def _block_words(block: Block) -> str:
    """The words an editor recognises a block by (what its collapsed form shows)."""
    if block.kind == FAQ:
        return next((item.question for item in block.faq_items if item.question.strip()), "")
    if block.kind in (LEAD, CTA):  # the question, the CTA's heading; else the answer, the label
        return block.title if block.title.strip() else block.text
    return block.text


def _attached(char: str) -> bool:
    code = ord(char)
    return (
        char == _ZWJ
        or unicodedata.combining(char) != 0
        or unicodedata.category(char) == "Me"
        or any(low <= code <= high for low, high in _ATTACHED_RANGES)
    )


def _regional(char: str) -> bool:
    return _REGIONAL_INDICATORS[0] <= ord(char) <= _REGIONAL_INDICATORS[1]


def _safe_end(text: str, end: int) -> int:
    """`end`, moved forward past anything that would split a letter or an emoji."""
    while end < len(text):
        joined = text[end - 1] == _ZWJ
        half_flag = _regional(text[end]) and _regional_run(text, end) % 2 == 1
        if not (joined or half_flag or _attached(text[end])):
            break
        end += 1
    return end


def _regional_run(text: str, end: int) -> int:
    """How many regional indicators come right before `end`."""
    start = end
    while start > 0 and _regional(text[start - 1]):
        start -= 1
    return end - start
