"""The one reader of stored page content: StreamField JSON and rich text.

Wagtail stores a page's body as a list of `{"type", "value"}` blocks whose
rich-text values are Wagtail's database HTML (`<a linktype="page" id="7">`).
Everything that needs the prose, the blocks or the pages a body links to
reads it here: validator documents (cluster/validation/documents.py), the
API's computed fields and JSON-LD (cluster/api/), backlinks
(cluster/gate/backlinks.py) and the exporter (cluster/content_io/exporter.py).
Before this module there were seven such readers, and they disagreed (a line
break glued two words together in one of them and not in another).

It sits below both `validation` and `content_io`, which may not import each
other, and needs nothing from Django: it works on the raw data alone.

Reading rules, the same as the engine's own HTML path (`validators.text.html_units`,
which a test compares this with):
- text starts a new unit of prose, one per line with whitespace collapsed,
  wherever its nearest block-level element changes (a paragraph, list item,
  heading, quote, div ...) and at every `<br>` (Shift+Enter in the editor), so
  neither ever glues two words together;
- script, style and comments are not prose;
- an `<a linktype="page" id="N">` links page N; any other `<a>` is external;
- a CTA links its chosen page or its URL; a CTA is a button, not prose.
"""

from __future__ import annotations

import json
import re

from lxml import etree
from lxml import html as lxml_html

from validators.document import CTA, FAQ, LEAD, Block, FAQItem, Link
from validators.text import BLOCK_TAGS, SKIP_TAGS, sanitize

HEADING = "heading"
PARAGRAPH = "paragraph"

_PART = "data-cluster-part"
# huge_tree: without it libxml2 stops at 256 levels of nesting and the text is lost.
_PARSER = etree.HTMLParser(huge_tree=True)
_FRAGMENT_PARSER = lxml_html.HTMLParser(huge_tree=True)
_ANCHORS = etree.XPath(".//a")
_TEXT = etree.XPath("string()")

ParsedLink = tuple[str, str, "int | None"]  # (href, anchor text, page id of an internal link)


# --- StreamField structure -----------------------------------------------------


def stored_body(value) -> list:
    """A StreamField's raw data as a revision stores it: a JSON string (or a list in old data)."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value else []
        except ValueError:
            value = []
    return list(value) if isinstance(value, list | tuple) else []


def blocks_of(raw_body) -> list[dict]:
    """The stored blocks that have a type; anything else in the list is skipped."""
    return [item for item in raw_body or () if isinstance(item, dict) and isinstance(item.get("type"), str)]


def faq_items(value) -> list[dict]:
    """The items of a stored FAQ block value.

    ListBlock items are stored as {"type": "item", "value": {...}} since
    Wagtail 2.16; older plain dicts are read too.
    """
    items = (value or {}).get("items", []) if isinstance(value, dict) else []
    found = []
    for item in items:
        if isinstance(item, dict) and "type" in item and isinstance(item.get("value"), dict):
            item = item["value"]
        if isinstance(item, dict):
            found.append(item)
    return found


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _field(value, name: str) -> str:
    return _text(value.get(name)) if isinstance(value, dict) else ""


def rich_texts(raw_body):
    """Every stored rich-text value of a body, in page order."""
    for item in blocks_of(raw_body):
        kind, value = item["type"], item.get("value")
        if kind == LEAD:
            yield _field(value, "answer")
        elif kind == FAQ:
            yield from (_text(faq.get("answer")) for faq in faq_items(value))
        elif kind == PARAGRAPH:
            yield _text(value)


def cta_page_id(value) -> int | None:
    page = value.get("page") if isinstance(value, dict) else None
    if isinstance(page, int) and not isinstance(page, bool):
        return page
    return int(page) if isinstance(page, str) and page.isdigit() else None


# --- Rich text -------------------------------------------------------------------


def _units(root) -> list[str]:
    """The prose units under `root`, in document order (see the module's reading rules).

    lxml's iterwalk reports each element's start and end from C; text inside
    an element belongs to it, a tail to its parent, and a unit ends wherever
    the block element owning the text changes or at a <br>.
    """
    units: list[str] = []
    buffer: list[str] = []
    blocks = [root]  # the open block elements, innermost last
    owner = root  # the block element the buffered text belongs to

    def flush():
        if buffer:
            text = " ".join("".join(buffer).split())
            if text:
                units.append(text)
            buffer.clear()

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if tag == "br":
                flush()
            elif not isinstance(tag, str) or tag in SKIP_TAGS:
                walker.skip_subtree()  # comments, scripts: not prose (their tail is handled at "end")
                continue
            elif tag in BLOCK_TAGS and el is not root:
                blocks.append(el)
            text = el.text if tag != "br" else None
            if text:
                if blocks[-1] is not owner:
                    flush()
                    owner = blocks[-1]
                buffer.append(text)
        else:
            if isinstance(tag, str) and tag in BLOCK_TAGS and el is not root:
                blocks.pop()
            tail = el.tail if el is not root else None
            if tail:
                if blocks[-1] is not owner:
                    flush()
                    owner = blocks[-1]
                buffer.append(tail)
    flush()
    return units


def _read(root) -> tuple[str, list[ParsedLink]]:
    links = []
    for a in _ANCHORS(root):
        page_id = a.get("id", "")
        # Stored pages have positive ids; pages read from files negative ones
        # (cluster/content_io/tree_pages.py), which no stored page can have.
        internal = a.get("linktype") == "page" and page_id.removeprefix("-").isdigit()
        links.append((a.get("href", ""), " ".join(_TEXT(a).split()), int(page_id) if internal else None))
    return "\n".join(_units(root)), links


def read_rich_text(html: str) -> tuple[str, list[ParsedLink]]:
    """(prose, links) of one stored rich-text value."""
    if not isinstance(html, str) or not html.strip():
        return "", []
    try:
        root = lxml_html.fragment_fromstring(sanitize(html), create_parent="div", parser=_FRAGMENT_PARSER)
    except (etree.ParserError, ValueError):
        return "", []  # nothing lxml can read (no HTML ever stored by Wagtail)
    return _read(root)


def read_rich_texts(pieces) -> dict[str, tuple[str, list[ParsedLink]]]:
    """`read_rich_text` of many values, in one parser call.

    A page has a few dozen rich-text values, and starting the parser costs
    more than parsing a paragraph. The values are wrapped in numbered divs
    and parsed together; if any value's markup breaks out of its wrapper (a
    stray `</div>`, an unclosed `<div>`), the wrappers do not come back
    intact and each value is parsed on its own.
    """
    todo = list(dict.fromkeys(p for p in pieces if isinstance(p, str) and p.strip()))
    if not todo:
        return {}
    # sanitize once over the whole batch: it keeps every character's place.
    joined = sanitize("".join(f'<div {_PART}="{n}">{html}</div>' for n, html in enumerate(todo)))
    try:
        # lxml.html's element classes cost a Python lookup per node; the plain
        # parser builds the same tree without them.
        page = etree.fromstring(f"<html><body><div>{joined}</div></body></html>", _PARSER)
        root = page.find("body/div") if page is not None else None
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    wrappers = list(root) if root is not None else []
    intact = (
        len(wrappers) == len(todo)
        and not (root.text or "").strip()
        and all(
            el.tag == "div" and el.get(_PART) == str(n) and not (el.tail or "").strip()
            for n, el in enumerate(wrappers)
        )
    )
    if not intact:
        return {html: read_rich_text(html) for html in todo}
    return {html: _read(el) for html, el in zip(todo, wrappers, strict=True)}


# --- Blocks ----------------------------------------------------------------------


def _links(parsed, block_index: int, field: str, faq_item=None) -> list[Link]:
    return [
        Link(href=h, anchor=a, block_index=block_index, field=field, faq_item=faq_item, target_id=target)
        for h, a, target in parsed
    ]


def _faq_block(index: int, value, parse) -> tuple[Block, list[Link]]:
    items, links = [], []
    for n, item in enumerate(faq_items(value)):
        text, found = parse(_text(item.get("answer")))
        items.append(FAQItem(_text(item.get("question")), text))
        links += _links(found, index, "faq", n)
    return Block(index, FAQ, title=_field(value, "title"), faq_items=tuple(items)), links


def _cta_block(index: int, value) -> tuple[Block, list[Link]]:
    target = cta_page_id(value)
    url, label = _field(value, "url"), _field(value, "label")
    block = Block(index, CTA, text=label, title=_field(value, "heading"), url=url, target_id=target)
    link = Link(href=url, anchor=label, block_index=index, field="cta", target_id=target)
    return block, [link] if target or url else []


def _block(index: int, kind: str, value, parse) -> tuple[Block, list[Link]]:
    if kind == LEAD:
        text, found = parse(_field(value, "answer"))
        return Block(index, LEAD, text=text, title=_field(value, "question")), _links(found, index, "lead")
    if kind == FAQ:
        return _faq_block(index, value, parse)
    if kind == CTA:
        return _cta_block(index, value)
    if kind == HEADING:
        return Block(index, HEADING, text=_text(value)), []
    text, found = parse(_text(value))
    return Block(index, PARAGRAPH, text=text), _links(found, index, "body")


def read_blocks(raw_body) -> tuple[tuple[Block, ...], tuple[Link, ...]]:
    """The body as the validators see it: flattened blocks and every link, in page order."""
    raw = blocks_of(raw_body)
    parsed = read_rich_texts(rich_texts(raw))

    def parse(html):
        return parsed.get(html) or read_rich_text(html)

    blocks, links = [], []
    for index, item in enumerate(raw):
        block, block_links = _block(index, item["type"], item.get("value"), parse)
        blocks.append(block)
        links += block_links
    return tuple(blocks), tuple(links)


def link_targets(raw_body) -> set[int]:
    """Ids of every page a body links to: rich-text page links and CTA page choosers."""
    return {link.target_id for link in read_blocks(raw_body)[1] if link.target_id}


def rich_text_targets(html: str) -> set[int]:
    """Ids of the pages one rich-text value links to."""
    return {target for _, _, target in read_rich_text(html)[1] if target}


# Wagtail's database HTML for a page link; attributes in any order.
PAGE_LINK_RE = re.compile(r"<a\b(?=[^>]*\blinktype=\"page\")(?=[^>]*\bid=\"(\d+)\")[^>]*>")


def unlink_pages(html: str, hidden: set[int]) -> str:
    """Database HTML with links to `hidden` page ids reduced to a bare `<a>`.

    The link text stays; the page id goes, as the front-end handler
    (cluster/site/link_handlers.py) drops the href of a hidden page.
    """
    return PAGE_LINK_RE.sub(lambda m: "<a>" if int(m.group(1)) in hidden else m.group(0), html)
