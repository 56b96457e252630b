"""Flatten a page's stream data into the validators' plain `PageDocument`.

Together with cluster/adapter.py this is the only code that knows both worlds:
the engine in `validators/` sees nothing but these documents.
"""

from __future__ import annotations

import hashlib
import json
import re

from lxml import etree
from lxml import html as lxml_html

from cluster.content_io.exporter import _faq_items
from cluster.stored.paths import site_path, site_root_path
from cluster.validation.snapshot import PageSnapshot, snapshot_of
from validators.document import CTA, FAQ, LEAD, Block, FAQItem, Link, PageDocument

# Block-level elements whose text forms one prose unit.
_UNIT_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}


_PART = "data-cluster-part"
_PARSER = etree.HTMLParser()
_IS_UNIT = " or ".join(f"self::{tag}" for tag in sorted(_UNIT_TAGS))
# Unit elements with no unit element inside (a <li> holding a <p> reads as the <p>),
# in document order; text as XPath's string(), which is what text_content() returns.
_INNERMOST_UNITS = etree.XPath(f".//*[{_IS_UNIT}][not(.//*[{_IS_UNIT}])]")
_ANCHORS = etree.XPath(".//a")
_TEXT = etree.XPath("string()")


def _parse(html: str) -> tuple[str, list[tuple[str, str, int | None]]]:
    """Parse stored rich text once: (prose, [(href, anchor, page id)]).

    The prose holds one unit (paragraph, list item) per line with whitespace
    collapsed, exactly as the validators would split the HTML themselves, so
    the document carries text only and the engine never parses HTML again.
    """
    if not html or not html.strip():
        return "", []
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return " ".join(html.split()), []
    return _read(root)


def _parse_all(pieces: list[str]) -> dict[str, tuple]:
    """`_parse` of every rich-text value of a page, in one parser call.

    A page has a few dozen rich-text values, and starting the parser costs
    more than parsing a paragraph. The values are wrapped in numbered divs
    and parsed together; if any value's markup breaks out of its wrapper (a
    stray `</div>`, an unclosed `<div>`), the wrappers do not come back
    intact and that page falls back to parsing each value on its own.
    """
    todo = list(dict.fromkeys(p for p in pieces if p and p.strip()))
    if not todo:
        return {}
    joined = "".join(f'<div {_PART}="{n}">{html}</div>' for n, html in enumerate(todo))
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
        return {html: _parse(html) for html in todo}
    return {html: _read(el) for html, el in zip(todo, wrappers, strict=True)}


def _read(root) -> tuple[str, list[tuple[str, str, int | None]]]:
    units = [" ".join(_TEXT(el).split()) for el in _INNERMOST_UNITS(root)]
    if not units:
        units = [" ".join(_TEXT(root).split())]
    links = []
    for a in _ANCHORS(root):
        page_id = a.get("id", "")
        internal = a.get("linktype") == "page" and page_id.isdigit()
        links.append((a.get("href", ""), _TEXT(a), int(page_id) if internal else None))
    return "\n".join(u for u in units if u), links


def _links(parsed_links, block_index: int, field: str, faq_item=None) -> list[Link]:
    return [
        Link(
            href=href,
            anchor=anchor,
            block_index=block_index,
            field=field,
            faq_item=faq_item,
            target_id=target,
        )
        for href, anchor, target in parsed_links
    ]


def _faq_block(index: int, value, parse) -> tuple[Block, list[Link]]:
    items, links = [], []
    for n, item in enumerate(_faq_items(value)):
        text, found = parse(item.get("answer") or "")
        items.append(FAQItem(item.get("question", ""), text))
        links += _links(found, index, "faq", n)
    return Block(index, FAQ, title=value.get("title", ""), faq_items=tuple(items)), links


def _cta_block(index: int, value) -> tuple[Block, list[Link]]:
    target = int(value["page"]) if value.get("page") else None
    url = value.get("url") or ""
    block = Block(
        index, CTA, text=value.get("label", ""), title=value.get("heading", ""), url=url, target_id=target
    )
    link = Link(href=url, anchor=value.get("label", ""), block_index=index, field="cta", target_id=target)
    return block, [link] if target or url else []


def _block(index: int, kind: str, value, parse=_parse) -> tuple[Block, list[Link]]:
    if kind == LEAD:
        text, found = parse(value.get("answer") or "")
        return Block(index, LEAD, text=text, title=value.get("question", "")), _links(found, index, "lead")
    if kind == FAQ:
        return _faq_block(index, value, parse)
    if kind == CTA:
        return _cta_block(index, value)
    if kind == "heading":
        return Block(index, "heading", text=value or ""), []
    text, found = parse(value or "")
    return Block(index, "paragraph", text=text), _links(found, index, "body")


def _rich_texts(raw):
    """Every rich-text value `_block` will parse, in page order."""
    for item in raw:
        kind, value = item["type"], item["value"]
        if kind == LEAD:
            yield value.get("answer") or ""
        elif kind == FAQ:
            yield from (faq.get("answer") or "" for faq in _faq_items(value))
        elif kind not in (CTA, "heading") and isinstance(value, str):
            yield value


def _page_parser(raw):
    """`_parse` for this page's values, all parsed up front in one call."""
    parsed = _parse_all(list(_rich_texts(raw)))

    def parse(html):
        if isinstance(html, str) and html in parsed:
            return parsed[html]
        return _parse(html)

    return parse


def _without_ids(value):
    # Block ids are assigned on save and mean nothing to validation; leaving
    # them out lets the editor's unsaved form and its saved revision hash alike.
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list | tuple):
        return [_without_ids(v) for v in value]
    return value


# An "id" key with a string value (and the separator after it) in json.dumps
# output. Unescaped quotes only occur around keys and values, never inside
# a string, so this cannot match text an editor wrote.
_ID_ITEM = re.compile(r'"id": "(?:[^"\\]|\\.)*"(?:, )?')


def content_hash(raw_blocks, extra) -> str:
    """A hash of the content that ignores block ids.

    The ids are cut from the serialized text rather than from a rebuilt copy
    of the stream data: on a 2,000-page cluster the copy cost more than the
    hashing. Ids that are not strings (hand-made data) take the slow path.
    """
    payload = _ID_ITEM.sub("", json.dumps([list(raw_blocks), extra], sort_keys=True, default=str))
    if '"id": ' in payload:
        payload = json.dumps([_without_ids(list(raw_blocks)), extra], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def document_from_page(page, state: str, root_path: str | None = None) -> PageDocument:
    """A page instance (live row or in-memory form) as a document."""
    return document_from_snapshot(snapshot_of(page), state, root_path or site_root_path())


def document_from_snapshot(snap: PageSnapshot, state: str, root_path: str | None = None) -> PageDocument:
    """A snapshot as a document; an empty `root_path` leaves the URL to the caller."""
    raw = list(snap.raw_body)
    parse = _page_parser(raw)
    blocks, links = [], []
    for index, item in enumerate(raw):
        block, block_links = _block(index, item["type"], item["value"], parse)
        blocks.append(block)
        links += block_links
    return PageDocument(
        id=snap.id,
        type=snap.kind,
        slug=snap.slug,
        title=snap.title,
        url=site_path(snap, root_path) if snap.url_path and root_path else "",
        language=snap.language,
        state=state,
        blocks=tuple(blocks),
        links=tuple(links),
        required_questions=snap.required_questions,
        content_hash=content_hash(
            raw, [snap.kind, snap.slug, snap.title, snap.language, snap.required_questions]
        ),
    )
