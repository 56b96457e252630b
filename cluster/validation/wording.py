"""Where a finding is, in the words an editor uses.

The Publish form's errors (cluster/gate/forms.py) and the validation report
(cluster/editor/panels.py) both say where a finding is and quote the text it
points at; they use these functions, so both say it the same way.
"""

from __future__ import annotations

from validators.findings import Location
from validators.text import block_segments, plain_text

KIND_LABELS = {
    "lead": "Lead",
    "heading": "Heading",
    "paragraph": "Paragraph",
    "faq": "FAQ",
    "cta": "Call to action",
}
FIELD_LABELS = {
    "body": "Body",
    "lead": "Lead",
    "language": "Language",
    "required_questions": "Required questions",
}
EXCERPT_CHARS = 160


def block_of(doc, index):
    return doc.blocks[index] if index is not None and 0 <= index < len(doc.blocks) else None


def describe(doc, location: Location) -> str:
    """Where a finding is, as an editor counts: 'Block 5 (FAQ), item 2'.

    Blocks and FAQ items are numbered from 1, in the order the editor shows
    them (the engine's indexes are 0-based).
    """
    parts = []
    block = block_of(doc, location.block)
    if location.block is not None:
        kind = KIND_LABELS.get(block.kind, block.kind) if block else "block"
        parts.append(f"Block {location.block + 1} ({kind})")
    if location.faq_item is not None:
        parts.append(f"item {location.faq_item + 1}")
    if not parts and location.field:
        parts.append(FIELD_LABELS.get(location.field, location.field.replace("_", " ").capitalize()))
    return ", ".join(parts) or "Whole page"


def excerpt(doc, location: Location) -> str:
    """The text a sentence- or paragraph-level finding points at, shortened.

    Offsets index the block's plain prose (for FAQ blocks, the item's answer),
    built exactly as the readability check built it (validators.text).
    """
    block = block_of(doc, location.block)
    if block is None or location.start is None:
        return ""
    segments = [s for s in block_segments(block) if s.faq_item == location.faq_item]
    if not segments:
        return ""
    text = plain_text(segments[0].units)[location.start : location.end].strip()
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
