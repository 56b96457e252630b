"""The plain-text page format of `shared/seeds/intimacy-pillar.txt`.

    line 1   category
    line 2   title
    line 3   lead question (ends with "?"), line 4 its direct answer
    ...      body: one heading or paragraph per line
    ...      FAQ: a title line, then alternating "- question" / "- answer" lines
    last     call to action: heading line and label line (after the FAQ)

A body line is a heading when it is short, one sentence without a closing
full stop, and followed by a paragraph; that includes headings ending in "?".
Blank lines are tolerated on import and dropped: the canonical file has none.
A file whose paragraphs are hard-wrapped across lines is refused (`_hard_wrapped`).
"""

from __future__ import annotations

import re
from itertools import pairwise

from cluster.content_io.formats.source import FormatError, SourceBlock, SourcePage

ITEM_PREFIX = "- "
MAX_HEADING_WORDS = 16
MAX_HEADING_CHARS = 120
# A sentence boundary inside the line: terminator, space, then a capital.
INNER_SENTENCE_RE = re.compile(r"[.!?][\"')\]]*\s+[\"'(\[]*[A-Z0-9]")


def is_heading_shaped(line: str) -> bool:
    stripped = line.strip()
    if not stripped or _is_item(stripped):
        return False
    if len(stripped) > MAX_HEADING_CHARS or len(stripped.split()) > MAX_HEADING_WORDS:
        return False
    if stripped.endswith((".", ":", ";", ",")):
        return False
    return not INNER_SENTENCE_RE.search(stripped)


# A finished line ends a sentence: terminator, then any closing quotes or brackets.
FINISHED_RE = re.compile(r"[.!?:;\u2026][\"'\u201d\u2019)\]]*$")
OPENERS = "\"'\u201c\u2018([\u00bf\u00a1"
# A run this long proves the file hard-wrapped; shorter runs are reported with it.
MIN_WRAPPED_RUN = 3


def continues(line: str, following: str) -> bool:
    """Does `following` read as the rest of `line`'s sentence?

    A paragraph never ends with a comma, and a new paragraph or heading never
    starts in lower case after an unfinished line; a hard-wrapped paragraph
    does both at most of its breaks.
    """
    if _is_item(following):
        return False
    if line.endswith(","):
        return True
    return not FINISHED_RE.search(line) and following.lstrip(OPENERS)[:1].islower()


def _wrapped_runs(lines) -> list[tuple[int, int]]:
    """(first, last) line numbers of each run of adjacent lines that continue one another."""
    runs, start = [], None
    for (number, line), (next_number, following) in pairwise(lines):
        if next_number == number + 1 and continues(line, following):
            start = number if start is None else start
            continue
        if start is not None:
            runs.append((start, number))
        start = None
    if start is not None:
        runs.append((start, lines[-1][0]))
    return runs


def _hard_wrapped(lines) -> list:
    """Paragraphs broken across lines, named by their lines.

    The format holds one paragraph per line, so a hard-wrapped file would
    turn each line into its own block: fragments become headings and the
    readability checks measure half-sentences. Refusing it (rather than
    reflowing) keeps the round trip exact. One run of `MIN_WRAPPED_RUN`
    lines proves the file hard-wrapped; then every shorter run is named too.
    """
    runs = _wrapped_runs(lines)
    if not any(last - first + 1 >= MIN_WRAPPED_RUN for first, last in runs):
        return []
    return [
        (
            first,
            f"lines {first}-{last} look like one paragraph hard-wrapped across lines: "
            "join them into one line (the text format holds one paragraph per line)",
        )
        for first, last in runs
    ]


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their 1-based numbers, trailing whitespace dropped."""
    return [(n, line.rstrip()) for n, line in enumerate(text.split("\n"), 1) if line.strip()]


def _is_item(line: str) -> bool:
    """Whether a line is a FAQ item: "- text", or a bare "-" (an empty item).

    Lines are read with trailing whitespace dropped, so an item left empty
    ("- ") arrives as "-"; it must still read as an item, or an empty
    question is reported as stray text after the FAQ.
    """
    return line.startswith(ITEM_PREFIX) or line == ITEM_PREFIX.rstrip()


def _faq_start(lines, begin):
    """Index of the FAQ title: the first line followed by a "- " item line."""
    for i in range(begin, len(lines) - 1):
        if not _is_item(lines[i][1]) and _is_item(lines[i + 1][1]):
            return i
    return None


def _parse_body(lines) -> list[SourceBlock]:
    blocks = []
    for i, (number, line) in enumerate(lines):
        following = lines[i + 1][1] if i + 1 < len(lines) else None
        heading = following is not None and is_heading_shaped(line) and not is_heading_shaped(following)
        blocks.append(SourceBlock("heading" if heading else "paragraph", number, text=line))
    return blocks


def _parse_faq(path, lines, problems) -> tuple[SourceBlock, int]:
    """Parse the FAQ title and items; return the block and the index after it."""
    title_number, title = lines[0]
    block = SourceBlock("faq", title_number, title=title)
    i = 1
    while i < len(lines) and _is_item(lines[i][1]):
        q_number, question = lines[i]
        answered = i + 1 < len(lines) and _is_item(lines[i + 1][1])
        if not question[2:].strip():
            problems.append((q_number, "a '- ' question with no text: write the question after '- '"))
        elif not answered or not lines[i + 1][1][2:].strip():
            problems.append((q_number, f"question has no answer: {question[2:].strip()!r}"))
        if not answered:
            i += 1
            continue
        block.items.append((question[2:], lines[i + 1][1][2:], q_number))
        i += 2
    return block, i


def _parse_cta(lines, problems) -> SourceBlock | None:
    if not lines:
        return None
    if len(lines) > 2:
        problems.append(
            (
                lines[0][0],
                "unexpected text after the FAQ: expected at most a call-to-action "
                "heading line and label line",
            )
        )
        return None
    if len(lines) == 1:
        return SourceBlock("cta", lines[0][0], text=lines[0][1])
    return SourceBlock("cta", lines[0][0], title=lines[0][1], text=lines[1][1])


def _indented(lines) -> list:
    """Lines that start with whitespace: the format has no indentation.

    A block is stored as rich text, which cannot keep leading spaces, so an
    indented line would come back from export without them. Refusing it with
    the line named keeps the round trip exact.
    """
    return [
        (number, "line starts with spaces or a tab: remove the indentation (the text format has none)")
        for number, line in lines
        if line[:1].isspace()
    ]


def parse_text(path, text: str) -> SourcePage:
    lines = _numbered_lines(text)
    problems = _indented(lines) + _hard_wrapped(lines)
    if not lines:
        raise FormatError(path, [(1, "the file is empty")])
    if len(lines) < 2:
        raise FormatError(path, [(lines[0][0] + 1, "missing title: line 2 must hold the page title")])
    (_, category), (_, title) = lines[0], lines[1]
    if _is_item(title):
        problems.append((lines[1][0], "missing title: line 2 must hold the page title"))
    page = SourcePage(
        path=str(path),
        title=title.strip(),
        category=category.strip(),
        format="text",
        field_lines={"category": lines[0][0], "title": lines[1][0]},
    )
    rest = lines[2:]
    if len(rest) >= 2 and rest[0][1].rstrip().endswith("?") and not _is_item(rest[1][1]):
        page.blocks.append(SourceBlock("lead", rest[0][0], text=rest[0][1], answer=rest[1][1]))
        rest = rest[2:]
    faq_at = _faq_start(rest, 0)
    body = rest if faq_at is None else rest[:faq_at]
    for number, line in body:
        if _is_item(line):
            problems.append((number, "a '- ' item line outside the FAQ section"))
    page.blocks.extend(_parse_body(body))
    if faq_at is not None:
        faq, end = _parse_faq(path, rest[faq_at:], problems)
        page.blocks.append(faq)
        cta = _parse_cta(rest[faq_at + end :], problems)
        if cta:
            page.blocks.append(cta)
    if problems:
        raise FormatError(path, problems)
    return page


def _single_line(text: str) -> str:
    # The text format holds one block per line: paragraphs written elsewhere
    # with line breaks are joined with a space (the only lossy step, and it
    # cannot happen to content that came from a text file).
    return " ".join(part.strip() for part in text.split("\n") if part.strip())


def render_text(page: SourcePage) -> str:
    out = [page.category, page.title]
    for block in page.blocks:
        if block.kind == "lead":
            out += [_single_line(block.text), _single_line(block.answer)]
        elif block.kind in ("heading", "paragraph"):
            out.append(_single_line(block.text))
        elif block.kind == "faq":
            out.append(_single_line(block.title))
            for question, answer, _ in block.items:
                out += [ITEM_PREFIX + _single_line(question), ITEM_PREFIX + _single_line(answer)]
        elif block.kind == "cta":
            if block.title:
                out.append(_single_line(block.title))
            out.append(_single_line(block.text))
    return "\n".join(out) + "\n"
