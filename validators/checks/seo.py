"""SEO checks (family "seo"): metadata, the focus keyphrase, and the cluster's keyphrases.

All are warnings: they inform the editor, they never block publication.
Keyphrase matching (case, plurals, hyphens in the slug) is validators.keyphrases.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import keyphrases as kp
from .. import similarity as sim
from ..config import for_page
from ..document import FAQ, LEAD, PARAGRAPH, PILLAR, TOPIC, Block, PageDocument, ValidationContext
from ..findings import WARNING, Finding, Location
from ..registry import register


def _warning(fid, message, hint, location, value=None, threshold=None) -> Finding:
    return Finding(fid, WARNING, message, hint, location, value, threshold)


@register("seo", local=True)
def seo_metadata(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    cfg = for_page(doc.type, ctx.config)
    title, limit = doc.title_tag, cfg["seo_title_max_chars"]
    field = "seo_title" if doc.seo_title.strip() else "title"
    if len(title) > limit:
        yield _warning(
            "seo.W001",
            f"The title search results show is {len(title)} characters long (limit {limit}).",
            "Write a shorter SEO title: search engines cut longer ones off.",
            Location(field=field),
            len(title),
            limit,
        )
    description = doc.search_description.strip()
    low, high = cfg["search_description_min_chars"], cfg["search_description_max_chars"]
    if not description:
        yield _warning(
            "seo.W002",
            "The page has no search description.",
            f"Write {low} to {high} characters that tell a searcher what the page answers.",
            Location(field="search_description"),
        )
    elif not low <= len(description) <= high:
        yield _warning(
            "seo.W003",
            f"The search description is {len(description)} characters long; aim for {low} to {high}.",
            "Search engines cut longer ones off and replace shorter ones with text of their own choosing.",
            Location(field="search_description"),
            len(description),
            f"{low}-{high}",
        )


def _opening(doc: PageDocument) -> Block | None:
    """The lead block if it has text, else the first paragraph."""
    lead = doc.lead
    if lead is not None and (lead.text.strip() or lead.title.strip()):
        return lead
    return next((b for b in doc.blocks if b.kind == PARAGRAPH and b.text.strip()), None)


@register("seo", local=True)
def seo_keyphrase(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    phrase = kp.words(doc.focus_keyphrase)
    if not phrase:
        yield _warning(
            "seo.W004",
            "The page has no focus keyphrase.",
            "Name the search phrase this page should rank for (Promote tab); no other page should use it.",
            Location(field="focus_keyphrase"),
        )
        return
    shown = doc.focus_keyphrase.strip()
    if not kp.occurs(phrase, kp.words(doc.title_tag)):
        yield _warning(
            "seo.W005",
            f'The focus keyphrase "{shown}" is not in the title search results show.',
            "Put the keyphrase in the SEO title (or the title), ideally near its start.",
            Location(field="seo_title" if doc.seo_title.strip() else "title"),
            shown,
        )
    opening = _opening(doc)
    opening_text = "" if opening is None else f"{opening.title} {opening.text}"
    if not kp.occurs(phrase, kp.words(opening_text)):
        yield _warning(
            "seo.W006",
            f'The focus keyphrase "{shown}" is not in the opening of the page.',
            "Use it in the lead question or answer: that passage tells readers and search engines "
            "the subject.",
            Location(field="lead") if opening is None else Location(block=opening.index),
            shown,
        )
    if not kp.occurs(phrase, kp.words(doc.slug.replace("-", " "))):
        yield _warning(
            "seo.W007",
            f'The focus keyphrase "{shown}" is not in the slug "{doc.slug}".',
            "Use the keyphrase's words in the slug (hyphenated); "
            "change a published slug only with a redirect.",
            Location(field="slug"),
            shown,
        )


def _name(doc: PageDocument) -> str:
    return doc.title or doc.slug


@register("seo")
def seo_cannibalization(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    """Two topics, or a topic and its pillar, that target the same keyphrase."""
    cfg = for_page(doc.type, ctx.config)
    phrase = kp.words(doc.focus_keyphrase)
    if not phrase or doc.type != TOPIC:
        return  # the pillar owns the head term; its topics are the ones to change
    pillar = ctx.documents.get(ctx.cluster.pillar_id) if ctx.cluster is not None else None
    if pillar is not None and pillar.id != doc.id and _same(phrase, kp.words(pillar.focus_keyphrase), cfg):
        yield _warning(
            "seo.W009",
            f'The focus keyphrase "{doc.focus_keyphrase.strip()}" is the pillar\'s ("{_name(pillar)}").',
            "The pillar owns the head term; give this topic a narrower keyphrase of its own.",
            Location(field="focus_keyphrase"),
            pillar.slug,
        )
    if ctx.keyphrase_indexes is None:
        return
    other = ctx.keyphrase_indexes.other_with_same(doc, min_jaccard=cfg["keyphrase_duplicate_jaccard"])
    if other is not None:
        yield _warning(
            "seo.W008",
            f'"{_name(other)}" targets the same focus keyphrase ("{other.focus_keyphrase.strip()}").',
            "Give each page its own keyphrase, or merge the two pages: they compete in search results.",
            Location(field="focus_keyphrase"),
            other.slug,
        )


def _same(a: tuple[str, ...], b: tuple[str, ...], cfg: dict) -> bool:
    return bool(a and b) and sim.jaccard(frozenset(a), frozenset(b)) >= cfg["keyphrase_duplicate_jaccard"]


def _block_words(doc: PageDocument) -> list[tuple[str, ...]]:
    """The words of the page's title and of each block apart: a phrase never spans two blocks."""
    pieces = [doc.title]
    for block in doc.blocks:
        if block.kind == FAQ:
            pieces += [f"{item.question} {item.answer}" for item in block.faq_items]
        elif block.kind in (LEAD, PARAGRAPH) or block.text:
            pieces.append(f"{block.title} {block.text}")
    return [kp.words(piece) for piece in pieces]


@register("seo")
def seo_coverage(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    """A pillar names each of its topics' subjects (their keyphrases) in its own text."""
    if doc.type != PILLAR or ctx.cluster is None or ctx.cluster.pillar_id != doc.id:
        return
    text = None
    topics = sorted((ctx.documents[i] for i in ctx.cluster.topic_ids if i in ctx.documents), key=_order)
    for topic in topics:
        phrase = kp.words(topic.focus_keyphrase)
        if not phrase:
            continue  # the topic has seo.W004: there is no subject to look for
        text = _block_words(doc) if text is None else text
        if not any(kp.occurs(phrase, words) for words in text):
            yield _warning(
                "seo.W010",
                f'The pillar never mentions "{topic.focus_keyphrase.strip()}", '
                f'the subject of "{_name(topic)}".',
                "Introduce the topic in a section of the pillar, in words that use its keyphrase, "
                "and link it there.",
                Location(field="body"),
                topic.slug,
            )


def _order(doc: PageDocument) -> tuple:
    return (doc.url or "", doc.slug, doc.id or 0)
