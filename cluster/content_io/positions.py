"""Where a finding is in the page file it was read from: one place for every check.

The engine points at a block, a FAQ item, a character range of a block's
plain text, or a page field (`validators.findings.Location`). This module
turns that into a file position (`SourcePosition`), from the parsed file
(`SourcePage`: block and question lines, front-matter key lines) and its
text:

- a page field: its front-matter line; a field the file leaves out (or a
  plain-text file, which has no front matter) points at line 1, the
  opening `---`;
- a FAQ item: its question's line; a FAQ block: its `## ...` title line;
- a sentence (`start`/`end`): the line and column of its first character,
  found by walking the source text character by character against the
  block's plain text, so link markup (`[anchor](target)`), line breaks and
  list prefixes shift nothing;
- a link: the line and column of its `[` (matched by its anchor words);
- a block: its first line; a missing link the pillar or a topic owes: the
  `related` line when it is a declared related link, else the first block;
- anything else: line 1.
"""

from __future__ import annotations

import dataclasses

from cluster.content_io.formats.source import LINK_RE, SourcePage, decode_source
from validators.findings import Finding, Location, PageResult, SourcePosition

TEXT_ITEM_PREFIX = "- "  # the plain-text format's FAQ lines


class SourceText:
    """A page file's lines, with the parsed page, for locating findings."""

    def __init__(self, source: SourcePage, data: bytes):
        self.source = source
        self.lines = decode_source(source.path, data).split("\n")

    def position(self, line: int, column: int = 1) -> SourcePosition:
        return SourcePosition(self.source.path, max(line, 1), max(column, 1))

    # --- regions of prose ---------------------------------------------------

    def next_chunk(self, line: int) -> int:
        """The first line of the text after the chunk at `line` (a Markdown chunk ends at a blank line)."""
        n = line  # 1-based `line` is index line - 1; start after it
        if self.source.format == "markdown":
            while n < len(self.lines) and self.lines[n].strip():
                n += 1
        while n < len(self.lines) and not self.lines[n].strip():
            n += 1
        return n + 1

    def chars(self, line: int):
        """(character, line, column) of the prose from `line` on, without link markup.

        Stops at the next heading or question (`#`), so a search never runs
        into another block. A link yields its anchor's characters only.
        """
        for n in range(line, len(self.lines) + 1):
            text = self.lines[n - 1]
            if n > line and text.startswith("#"):
                return
            start = 0
            if self.source.format == "text" and text.startswith(TEXT_ITEM_PREFIX):
                start = len(TEXT_ITEM_PREFIX)
            elif text.startswith("## "):
                start = 3
            pos = start
            for match in LINK_RE.finditer(text, start):
                yield from ((c, n, i + 1) for i, c in enumerate(text[pos : match.start()], pos))
                yield from ((c, n, i + 1) for i, c in enumerate(match.group(1), match.start(1)))
                pos = match.end()
            yield from ((c, n, i + 1) for i, c in enumerate(text[pos:], pos))

    def offset(self, line: int, plain: str, start: int) -> SourcePosition:
        """The file position of `plain[start]`, in prose that begins at `line`.

        The plain text holds the source's characters in order with whitespace
        collapsed, so the k-th non-space character of one is the k-th of the
        other.
        """
        wanted = sum(1 for c in plain[:start] if not c.isspace())
        seen = 0
        for char, n, column in self.chars(line):
            if char.isspace():
                continue
            if seen == wanted:
                return self.position(n, column)
            seen += 1
        return self.position(line)

    def link(self, line: int, anchor: str) -> SourcePosition | None:
        """The `[` of the first link with these anchor words, from `line` to the next heading."""
        for n in range(line, len(self.lines) + 1):
            text = self.lines[n - 1]
            if n > line and text.startswith("#"):
                return None
            for match in LINK_RE.finditer(text):
                if " ".join(match.group(1).split()) == anchor:
                    return self.position(n, match.start() + 1)
        return None


def _prose_start(text: SourceText, location: Location) -> tuple[int, str] | None:
    """(first line, kind) of the prose a location's offsets count in."""
    blocks = text.source.blocks
    if location.block is None or not 0 <= location.block < len(blocks):
        return None
    block = blocks[location.block]
    if location.faq_item is not None and block.kind == "faq" and location.faq_item < len(block.items):
        return text.next_chunk(block.items[location.faq_item][2]), "answer"
    if block.kind == "lead":
        return text.next_chunk(block.line), "answer"
    return block.line, block.kind


def _anchor(finding: Finding) -> str | None:
    """The anchor words a link finding names in its message (`The link "words" ...`)."""
    if finding.family != "links":
        return None
    if isinstance(finding.value, str) and finding.id == "links.W002":
        return " ".join(finding.value.split())
    parts = finding.message.split('"')
    return parts[1] if len(parts) > 2 else None


def locate(text: SourceText, finding: Finding, plain: str) -> SourcePosition:
    """The file position of one finding of the page `text` holds."""
    source, location = text.source, finding.location
    if location.field and location.field != "body" and location.block is None:
        return text.position(source.field_lines.get(location.field, 1))
    if location.block is not None and 0 <= location.block < len(source.blocks):
        block = source.blocks[location.block]
        start = _prose_start(text, location)
        if location.start is not None and start is not None:
            return text.offset(start[0], plain, location.start)
        anchor = _anchor(finding)
        if anchor and start is not None and block.kind != "cta":
            found = text.link(start[0], anchor)
            if found is not None:
                return found
        if location.faq_item is not None and block.kind == "faq" and location.faq_item < len(block.items):
            return text.position(block.items[location.faq_item][2])
        return text.position(block.line)
    if finding.id in ("links.E003", "links.W001") and "related" in source.field_lines:
        return text.position(source.field_lines["related"])
    body = [b.line for b in source.blocks if b.kind != "cta"]  # a Markdown CTA sits in the front matter
    if location.field == "body" and body:
        return text.position(body[0])
    return text.position(1)


def block_text(doc, location: Location) -> str:
    """The plain text a location's `start`/`end` count in (docs/checks.md, "Locations")."""
    if location.block is None or not 0 <= location.block < len(doc.blocks):
        return ""
    block = doc.blocks[location.block]
    if location.faq_item is not None and location.faq_item < len(block.faq_items):
        return block.faq_items[location.faq_item].answer
    return block.text


def with_positions(page: PageResult, text: SourceText) -> PageResult:
    """The page's result with every finding's `source` filled in."""
    findings = [
        dataclasses.replace(f, source=locate(text, f, block_text(page.document, f.location)))
        for f in page.findings
    ]
    return dataclasses.replace(page, findings=findings)
