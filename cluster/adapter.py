"""Build the validators' plain `PageDocument` from a Wagtail page or revision.

This is the only place that knows both worlds: the engine in `validators/`
sees nothing but the documents and the cluster map built here.
"""

from __future__ import annotations

import hashlib
import json

from bs4 import BeautifulSoup
from wagtail.models import Page

from validators.document import CTA, DRAFT, FAQ, LEAD, Block, FAQItem, Link, PageDocument
from validators.engine import validate_cluster
from validators.findings import Report

from .exporter import _faq_items
from .map import cluster_map, cluster_pages, pillar_of
from .models import PillarPage
from .paths import site_path, site_root_path
from .states import UNSAVED_ID, page_states


def _soup(html: str):
    return BeautifulSoup(html or "", "html.parser")


def _text(html: str) -> str:
    soup = _soup(html)
    # Paragraph breaks become newlines so sentences of two <p>s never merge.
    return "\n".join(p.get_text() for p in soup.find_all("p")) or soup.get_text()


def _links(html: str, block_index: int, field: str, faq_item=None) -> list[Link]:
    links = []
    for a in _soup(html).find_all("a"):
        target = None
        if a.get("linktype") == "page" and str(a.get("id", "")).isdigit():
            target = int(a["id"])
        links.append(
            Link(
                href=a.get("href", ""),
                anchor=a.get_text(),
                block_index=block_index,
                field=field,
                faq_item=faq_item,
                target_id=target,
            )
        )
    return links


def _block(index: int, kind: str, value) -> tuple[Block, list[Link]]:
    if kind == LEAD:
        answer = value.get("answer") or ""
        return (
            Block(index, LEAD, text=_text(answer), html=answer, title=value.get("question", "")),
            _links(answer, index, "lead"),
        )
    if kind == FAQ:
        items, links = [], []
        for n, item in enumerate(_faq_items(value)):
            answer = item.get("answer") or ""
            items.append(FAQItem(item.get("question", ""), _text(answer), answer))
            links += _links(answer, index, "faq", n)
        return Block(index, FAQ, title=value.get("title", ""), faq_items=tuple(items)), links
    if kind == CTA:
        target = value.get("page")
        link = [
            Link(
                href=value.get("url") or "",
                anchor=value.get("label", ""),
                block_index=index,
                field="cta",
                target_id=int(target) if target else None,
            )
        ]
        return (
            Block(
                index,
                CTA,
                text=value.get("label", ""),
                title=value.get("heading", ""),
                url=value.get("url") or "",
                target_id=int(target) if target else None,
            ),
            link if target or value.get("url") else [],
        )
    if kind == "heading":
        return Block(index, "heading", text=value or ""), []
    return Block(index, "paragraph", text=_text(value), html=value or ""), _links(value, index, "body")


def content_hash(raw_blocks, extra) -> str:
    payload = json.dumps([raw_blocks, extra], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def document_from_page(page, state: str, root_path: str | None = None) -> PageDocument:
    """`page` is a specific page: its live row or its latest revision object."""
    raw = list(page.body.raw_data)
    blocks, links = [], []
    for index, item in enumerate(raw):
        block, block_links = _block(index, item["type"], item["value"])
        blocks.append(block)
        links += block_links
    kind = "pillar" if isinstance(page, PillarPage) else "topic"
    questions = tuple(page.required_question_list)
    return PageDocument(
        id=page.id or UNSAVED_ID,
        type=kind,
        slug=page.slug,
        title=page.title,
        url=site_path(page, root_path or site_root_path()),
        language=page.language or "en",
        state=state,
        blocks=tuple(blocks),
        links=tuple(links),
        required_questions=questions,
        content_hash=content_hash(raw, [kind, page.slug, page.title, page.language, questions]),
    )


def validate_pillar(pillar: PillarPage, state: str = "draft", config=None) -> Report:
    """Validate every page of one cluster in the given state."""
    pages = cluster_pages(pillar, state)
    cmap = cluster_map(pillar, state, pages)
    root = site_root_path()
    docs = [document_from_page(p, state, root) for p in pages]
    targets = {link.target_id for d in docs for link in d.links if link.target_id}
    states = page_states(targets | {p.id for p in pages})
    return validate_cluster(docs, cmap, states, config)


def validate_instance(page, parent=None, config=None) -> Report:
    """Validate an in-memory page (e.g. the editor's unsaved form) in its cluster.

    The other pages of the cluster are read in their draft state, since that is
    what the editor's page would be published next to. An unsaved page (no id
    yet) takes the place of id 0, which no real page uses.
    """
    pillar = page if isinstance(page, PillarPage) else pillar_of(parent or page.get_parent())
    if pillar is None:
        raise ValueError(f"page {page.slug!r} is not part of a cluster")
    pages = [p for p in cluster_pages(pillar, "draft") if p.id != page.id or page.id is None]
    pages = [page, *pages[1:]] if isinstance(page, PillarPage) else [*pages, page]
    cmap = cluster_map(pillar if not isinstance(page, PillarPage) else page, "draft", pages)
    root = site_root_path()
    docs = [document_from_page(p, "draft", root) for p in pages]
    targets = {link.target_id for d in docs for link in d.links if link.target_id}
    states = page_states(targets | {p.id for p in pages if p.id})
    states.setdefault(UNSAVED_ID, DRAFT)
    report = validate_cluster(docs, cmap, states, config)
    report.pages = [r for r in report.pages if r.document.id == (page.id or UNSAVED_ID)]
    return report


def validate_page(page: Page, state: str = "draft", config=None) -> Report:
    """Validate one page in the context of its cluster; the report keeps only that page."""
    pillar = pillar_of(page)
    if pillar is None:
        raise ValueError(f"page {page.slug!r} is not part of a cluster")
    report = validate_pillar(pillar, state, config)
    report.pages = [r for r in report.pages if r.document.id == page.id]
    return report
