"""Where a finding is, in the words an editor uses.

The Publish form's errors (cluster/gate/forms.py) and the validation report
(cluster/editor/panels.py) both say where a finding is and quote the text it
points at; they use these functions, so both say it the same way.
"""

from __future__ import annotations

from validators.findings import Location
from validators.places import where
from validators.text import block_segments, plain_text

EXCERPT_CHARS = 160


def block_of(doc, index):
    return doc.blocks[index] if index is not None and 0 <= index < len(doc.blocks) else None


def describe(doc, location: Location) -> str:
    """Where a finding is, as the editor sees it: 'FAQ "How is fear of intimacy…", question 2'.

    The engine's one wording (validators.places), so the admin says what
    `validate_content` and the API say.
    """
    return where(doc, location)


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
