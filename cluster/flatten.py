"""Flatten a page's stream data into the validators' plain `PageDocument`.

Together with cluster/adapter.py this is the only code that knows both worlds:
the engine in `validators/` sees nothing but these documents.
"""

from __future__ import annotations

import hashlib
import json

from lxml import etree
from lxml import html as lxml_html

from validators.document import CTA, FAQ, LEAD, Block, FAQItem, Link, PageDocument

from .exporter import _faq_items
from .paths import site_path, site_root_path
from .snapshot import PageSnapshot, snapshot_of

# Block-level elements whose text forms one prose unit.
_UNIT_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}


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
    units = [
        " ".join(el.text_content().split())
        for el in root.iter(*_UNIT_TAGS)
        if not any(child.tag in _UNIT_TAGS for child in el.iterdescendants())
    ]
    if not units:
        units = [" ".join(root.text_content().split())]
    links = []
    for a in root.iter("a"):
        page_id = a.get("id", "")
        internal = a.get("linktype") == "page" and page_id.isdigit()
        links.append((a.get("href", ""), a.text_content(), int(page_id) if internal else None))
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


def _faq_block(index: int, value) -> tuple[Block, list[Link]]:
    items, links = [], []
    for n, item in enumerate(_faq_items(value)):
        text, found = _parse(item.get("answer") or "")
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


def _block(index: int, kind: str, value) -> tuple[Block, list[Link]]:
    if kind == LEAD:
        text, found = _parse(value.get("answer") or "")
        return Block(index, LEAD, text=text, title=value.get("question", "")), _links(found, index, "lead")
    if kind == FAQ:
        return _faq_block(index, value)
    if kind == CTA:
        return _cta_block(index, value)
    if kind == "heading":
        return Block(index, "heading", text=value or ""), []
    text, found = _parse(value or "")
    return Block(index, "paragraph", text=text), _links(found, index, "body")


def _without_ids(value):
    # Block ids are assigned on save and mean nothing to validation; leaving
    # them out lets the editor's unsaved form and its saved revision hash alike.
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list | tuple):
        return [_without_ids(v) for v in value]
    return value


def content_hash(raw_blocks, extra) -> str:
    payload = json.dumps([_without_ids(list(raw_blocks)), extra], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def document_from_page(page, state: str, root_path: str | None = None) -> PageDocument:
    """A page instance (live row or in-memory form) as a document."""
    return document_from_snapshot(snapshot_of(page), state, root_path or site_root_path())


def document_from_snapshot(snap: PageSnapshot, state: str, root_path: str | None = None) -> PageDocument:
    """A snapshot as a document; an empty `root_path` leaves the URL to the caller."""
    raw = list(snap.raw_body)
    blocks, links = [], []
    for index, item in enumerate(raw):
        block, block_links = _block(index, item["type"], item["value"])
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
