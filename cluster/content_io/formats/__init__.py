"""Plain-text and Markdown page formats, parsed to and from `SourcePage`.

This package is pure Python: it knows the file formats, not Wagtail. Inline
links stay in `[anchor](target)` markup here; `cluster.importer` resolves them
to Wagtail page links and `cluster.exporter` writes them back.
"""

from cluster.content_io.formats.markdown import parse_markdown, render_markdown
from cluster.content_io.formats.source import FormatError, SourceBlock, SourcePage, decode_source
from cluster.content_io.formats.text import parse_text, render_text

__all__ = [
    "FormatError",
    "SourceBlock",
    "SourcePage",
    "decode_source",
    "parse_markdown",
    "parse_text",
    "render_markdown",
    "render_text",
    "parse_file",
]


def parse_file(path, data: bytes, fmt: str | None = None) -> SourcePage:
    """Parse raw bytes in the format named, or guessed from the name and content."""
    text = decode_source(path, data)
    if fmt is None:
        fmt = "markdown" if str(path).endswith((".md", ".markdown")) or text.startswith("---\n") else "text"
    return parse_markdown(path, text) if fmt == "markdown" else parse_text(path, text)
