"""Convert between `[anchor](target)` markup and Wagtail's stored rich text.

Stored rich text keeps internal links as `<a linktype="page" id="N">`, so a
link survives its target being moved or renamed; only export turns it back
into the target's current site path.
"""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup, NavigableString

from cluster.content_io.formats.source import LINK_RE


def markup_to_html(text: str, resolve) -> str:
    """Render markup paragraphs (blank-line separated) as rich-text HTML.

    `resolve(target)` returns a page id for internal targets, or None for
    external URLs (the caller has already rejected unresolvable ones).
    """
    paragraphs = text.split("\n\n") if text else []
    return "".join(f"<p>{_paragraph_html(p, resolve)}</p>" for p in paragraphs)


# The line break before a Markdown list item ("- ", "* ", "+ ", "1. ", "1) ").
LIST_ITEM_BREAK_RE = re.compile(r"\n(?=[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t])")


def _paragraph_html(text: str, resolve) -> str:
    """One paragraph; each item of a tight list (no blank lines) starts a new line.

    Rich text collapses a bare newline into a space, so nine items would read
    as one 55-word sentence. A `<br/>` before each item keeps it a line of
    its own for readers, the site and the one reader (`cluster/stored/reader.py`
    starts a unit at every `<br>`), and exports back to the same newline.
    Other line breaks (hard-wrapped prose) stay spaces.
    """
    return "<br/>".join(_inline_html(line, resolve) for line in LIST_ITEM_BREAK_RE.split(text))


def _inline_html(text: str, resolve) -> str:
    out, pos = [], 0
    for match in LINK_RE.finditer(text):
        out.append(html.escape(text[pos : match.start()], quote=False))
        anchor, target = html.escape(match.group(1), quote=False), match.group(2)
        page_id = resolve(target)
        if page_id is not None:
            out.append(f'<a linktype="page" id="{page_id}">{anchor}</a>')
        else:
            out.append(f'<a href="{html.escape(target)}">{anchor}</a>')
        pos = match.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def html_to_markup(value: str, page_path) -> str:
    """Rich-text HTML back to markup; `page_path(id)` gives a link's target."""
    soup = BeautifulSoup(value or "", "html.parser")
    paragraphs, loose = [], []
    for node in soup.contents:
        if getattr(node, "name", None) == "p":
            if loose:
                paragraphs.append("".join(loose))
                loose = []
            paragraphs.append(_inline_markup(node, page_path))
        elif isinstance(node, NavigableString):
            if str(node).strip():
                loose.append(str(node))
        else:
            loose.append(_inline_markup(node, page_path))
    if loose:
        paragraphs.append("".join(loose))
    return "\n\n".join(paragraphs)


def _inline_markup(node, page_path) -> str:
    parts = []
    for child in node.children:
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif child.name == "a":
            anchor = child.get_text()
            if child.get("linktype") == "page" and child.get("id"):
                target = page_path(int(child["id"])) if child["id"].isdigit() else None
                parts.append(f"[{anchor}]({target})" if target else anchor)
            elif child.get("href"):
                parts.append(f"[{anchor}]({child['href']})")
            else:
                parts.append(anchor)
        elif child.name == "br":
            parts.append("\n")
        else:
            # Emphasis and other inline markup have no syntax in our formats.
            parts.append(_inline_markup(child, page_path))
    return "".join(parts)
