"""Export a page's latest revision (what would be published) as a SourcePage."""

from __future__ import annotations

from wagtail.models import Page

from cluster.content_io.formats import SourceBlock, SourcePage, render_markdown, render_text
from cluster.content_io.importer import MODELS
from cluster.content_io.richtext import html_to_markup
from cluster.stored.paths import site_path, site_root_path
from cluster.stored.reader import blocks_of, cta_page_id, faq_items, link_targets

TYPES = {model: name for name, model in MODELS.items()}


def source_from_page(page: Page) -> SourcePage:
    page = page.specific
    draft = page.get_latest_revision_as_object() if page.latest_revision_id else page
    root = site_root_path()
    raw = blocks_of(draft.body.raw_data) if hasattr(draft, "body") else []
    paths = {p.id: site_path(p, root) for p in Page.objects.filter(id__in=link_targets(raw))}

    def markup(value):
        return html_to_markup(value or "", paths.get)

    source = SourcePage(
        path=page.url_path,
        title=draft.title,
        category=getattr(draft, "category", ""),
        slug=draft.slug,
        type=TYPES.get(type(page), "page"),
        language=getattr(draft, "language", "en"),
        seo_title=draft.seo_title,
        focus_keyphrase=getattr(draft, "focus_keyphrase", ""),
        search_description=draft.search_description,
        required_questions=getattr(draft, "required_question_list", []),
    )
    parent = page.get_parent()
    # No parent means the home page, for a content page as for a pillar
    # (importer._parent_for), so a page directly under it names none.
    if source.type != "pillar" and parent is not None and parent.url_path != root:
        source.parent = parent.slug
    if isinstance(draft, MODELS["topic"]):
        source.related = [(r.target.slug, r.required) for r in draft.related_topics.all()]
    for block in raw:
        source.blocks.append(_source_block(block["type"], block["value"], markup, paths))
    return source


def _source_block(kind, value, markup, paths) -> SourceBlock:
    if kind == "lead":
        return SourceBlock("lead", 0, text=value.get("question", ""), answer=markup(value.get("answer")))
    if kind == "heading":
        return SourceBlock("heading", 0, text=value or "")
    if kind == "paragraph":
        return SourceBlock("paragraph", 0, text=markup(value))
    if kind == "faq":
        items = [(i.get("question", ""), markup(i.get("answer")), 0) for i in faq_items(value)]
        return SourceBlock("faq", 0, title=value.get("title", ""), items=items)
    target = cta_page_id(value)
    link = paths.get(target) if target else value.get("url", "")
    return SourceBlock("cta", 0, title=value.get("heading", ""), text=value.get("label", ""), link=link or "")


def export_page(page: Page, fmt: str) -> str:
    source = source_from_page(page)
    return render_markdown(source) if fmt == "markdown" else render_text(source)
