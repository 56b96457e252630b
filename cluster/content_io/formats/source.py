"""The neutral, format-independent shape of an imported page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LINK_RE = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]+)\)")


class FormatError(Exception):
    """Bad input: carries every problem as (line, message) so all are reported at once."""

    def __init__(self, path, problems):
        self.path = str(path)
        self.problems = sorted(problems, key=lambda p: (p[0] or 0, p[1]))
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(
            f"{self.path}:{line}: {message}" if line else f"{self.path}: {message}"
            for line, message in self.problems
        )


@dataclass
class SourceBlock:
    kind: str  # lead | heading | paragraph | faq | cta
    line: int  # 1-based line where the block starts in the source file
    text: str = ""  # heading / paragraph text; lead question; CTA label
    answer: str = ""  # lead answer
    paragraphs: list[str] = field(default_factory=list)  # unused except FAQ answers
    items: list[tuple[str, str, int]] = field(default_factory=list)  # FAQ (question, answer, line)
    title: str = ""  # FAQ title; CTA heading
    link: str = ""  # CTA target


_TAKEN = "the file names no parent, so its folder's name was taken, and the folder has no index file"


def _folder_fix(page) -> str:
    if page.format == "text":  # no front matter: the place decides everything
        return (
            "a plain-text file cannot name its parent; add the pillar's index file to the folder, "
            "or write the page as Markdown"
        )
    if page.type == "page":
        return (
            "a 'type: page' file is a page under the home page only directly in a folder the command "
            "names; name that folder, or write 'parent: <slug>'"
        )
    if page.folder_parent == "top":
        return "write 'parent: <pillar slug>', or 'type: page' for a page under the home page"
    return "write 'parent: <pillar slug>', or add the pillar's index.md to the folder"


@dataclass
class SourcePage:
    path: str
    title: str
    category: str = ""
    slug: str = ""
    type: str = ""
    parent: str = ""
    language: str = "en"
    seo_title: str = ""
    focus_keyphrase: str = ""
    search_description: str = ""
    related: list[tuple[str, bool]] = field(default_factory=list)
    required_questions: list[str] = field(default_factory=list)
    blocks: list[SourceBlock] = field(default_factory=list)
    # Line numbers of front-matter keys, so errors about a field name its line.
    field_lines: dict[str, int] = field(default_factory=dict)
    # "text" sources cannot express SEO fields, related topics, required
    # questions or a CTA target; an --update keeps the page's existing ones.
    format: str = "markdown"
    # Where the parent came from when the front matter named none: "top" when
    # it was taken from the name of a folder named on the command line,
    # "below" from any other folder (content_io.tree.apply_place); "" when
    # the file, the command line or no one named it. Only for error messages.
    folder_parent: str = ""

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, 1)

    def parent_problem(self, message: str) -> str:
        """An error about an unknown parent, with how the file came by it when it never named one.

        A file at the top of a tree without `type: page` is read as a topic
        of a pillar named after the folder, and "unknown parent 'content'"
        alone did not tell its author that one line fixes it. The fix offered
        is one that works for this file, in this place and format.
        """
        if not self.folder_parent:
            return message
        return f"{message} ({_TAKEN}): {_folder_fix(self)}"

    def links(self):
        """Every inline link as (target, anchor, line) in page order."""
        for block in self.blocks:
            texts = [(block.text, block.line), (block.answer, block.line)]
            texts += [(answer, line) for _, answer, line in block.items]
            for text, line in texts:
                for match in LINK_RE.finditer(text or ""):
                    yield match.group(2), match.group(1), line
            if block.kind == "cta" and block.link:
                yield block.link, block.text, block.line


# A long page is a few dozen kilobytes; the demo pillar is about 20 KB. The
# cap stops a runaway file (or a generated one) before it is parsed at all.
MAX_SOURCE_BYTES = 1024 * 1024


def decode_source(path, data: bytes) -> str:
    """Decode UTF-8 text, rejecting empty, oversized and binary files with the place named."""
    if len(data) > MAX_SOURCE_BYTES:
        raise FormatError(
            path, [(1, f"the file is {len(data):,} bytes; a page file may be at most {MAX_SOURCE_BYTES:,}")]
        )
    if not data.strip():
        raise FormatError(path, [(1, "the file is empty")])
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise FormatError(path, [(line, "binary data (NUL byte): expected a UTF-8 text file")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FormatError(
            path, [(line, f"not valid UTF-8 (byte {exc.start}): expected a UTF-8 text file")]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
