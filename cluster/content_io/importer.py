"""Create or update Wagtail pages from parsed `SourcePage`s, all-or-nothing.

Pages of one batch may link to each other (the demo cluster does), so the
import runs in two passes inside one transaction: first every page is placed
in the tree, then links are resolved against the tree and the pages are filled
in. Any problem in any file rolls the whole batch back.

Importing only saves drafts. Publishing what was imported is the gate's
business (`cluster.gate.rules.publish_together`); a caller that wants both
runs them in one transaction, as `load_demo` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from wagtail.models import Page, Site

from cluster.content_io.field_checks import check_fields, slug_for
from cluster.content_io.formats import FormatError, SourcePage
from cluster.content_io.richtext import markup_to_html
from cluster.models import ContentPage, PillarPage, RelatedTopic, TopicPage
from cluster.stored.paths import site_path
from cluster.stored.reader import blocks_of, cta_page_id
from validators.document import CTA

MODELS = {"pillar": PillarPage, "topic": TopicPage, "page": ContentPage}
EXTERNAL_PREFIXES = ("http://", "https://", "mailto:", "tel:", "#")


class ImportFailed(Exception):
    def __init__(self, errors: list[FormatError]):
        self.errors = errors
        super().__init__("\n".join(e.render() for e in errors))


@dataclass
class ImportResult:
    page: Page
    created: bool
    path: str
    revision: object = None  # the draft revision the import saved


def is_external(target: str) -> bool:
    return target.startswith(EXTERNAL_PREFIXES)


class PageIndex:
    """Looks pages up by site path or slug, including pages placed in this batch."""

    def __init__(self):
        self.root = Site.objects.get(is_default_site=True).root_page

    def matches(self, target: str) -> list[Page]:
        """The pages `target` (a site path or a slug) names: none, one, or two when it is ambiguous."""
        target = target.strip()
        if target.startswith("/"):
            path = self.root.url_path + target.strip("/") + "/" if target.strip("/") else self.root.url_path
            return list(Page.objects.filter(url_path=path)[:1])
        return list(Page.objects.filter(slug=target)[:2])

    def find(self, target: str) -> Page | None:
        matches = self.matches(target)
        return matches[0] if len(matches) == 1 else None


def import_sources(sources, *, update=False, dry_run=False, user=None):
    """Import every source as a draft, or none; returns ImportResults (rolled back on dry run)."""
    with transaction.atomic():
        index = PageIndex()
        placed, errors = [], []
        for source in sources:
            try:
                placed.append(_saving(source, _place, source, index, update))
            except FormatError as exc:
                errors.append(exc)
        if not errors:
            for source, result in zip(sources, placed, strict=True):
                try:
                    result.revision = _saving(source, _fill, source, result, index, user=user)
                except FormatError as exc:
                    errors.append(exc)
        if errors:
            raise ImportFailed(errors)
        if dry_run:
            transaction.set_rollback(True)
        return placed


def _saving(source: SourcePage, step, *args, **kwargs):
    """Run one import step in a savepoint; what the database refuses becomes `path:line: message`.

    The checks before saving (`_check_fields`) name the usual problems; this
    is the net for the rest (a model's own validation, a value the database
    refuses), so a file never ends in a traceback and the savepoint keeps a
    PostgreSQL transaction usable for the other files' messages.
    """
    try:
        with transaction.atomic():
            return step(*args, **kwargs)
    except ValidationError as exc:
        problems = [
            (source.line_of(name) if name in source.field_lines else 1, f"{name}: {' '.join(messages)}")
            for name, messages in getattr(exc, "message_dict", {"page": exc.messages}).items()
        ]
        raise FormatError(source.path, problems) from None
    except (DataError, IntegrityError) as exc:
        raise FormatError(source.path, [(1, f"the database refused the page: {str(exc).strip()}")]) from None


def _parent_for(source: SourcePage, index: PageIndex):
    if source.parent:
        matches = index.matches(source.parent)
        line = source.line_of("parent")
        if not matches:
            message = source.parent_problem(f"unknown parent {source.parent!r}")
            raise FormatError(source.path, [(line, message)])
        if len(matches) > 1:
            raise FormatError(
                source.path,
                [
                    (
                        line,
                        f"parent {source.parent!r} is ambiguous: more than one page has that slug; "
                        "give its site path",
                    )
                ],
            )
        return matches[0].specific
    if source.type == "topic":
        raise FormatError(source.path, [(1, "a topic page needs a parent pillar (--parent SLUG)")])
    return index.root.specific


def _default_category(source: SourcePage, index: PageIndex) -> None:
    """A topic without a category takes its pillar's: the parent names the pillar.

    Looked up here, before the fields are checked, so that a missing category
    is only an error when the parent gives none; a parent that does not name
    one pillar is reported by `_parent_for` as before.
    """
    if source.type != "topic" or source.category.strip() or not source.parent:
        return
    matches = index.matches(source.parent)
    if len(matches) == 1 and matches[0].specific_class is PillarPage:
        source.category = matches[0].specific.category


def _checked_parent(source: SourcePage, index: PageIndex, model):
    """The parent page, once the fields are fine; both kinds of problem are reported together."""
    problems = []
    try:
        check_fields(source, model)
    except FormatError as exc:
        problems = exc.problems
    try:
        parent = _parent_for(source, index)
    except FormatError as exc:
        raise FormatError(source.path, problems + exc.problems) from None
    if problems:
        raise FormatError(source.path, problems)
    return parent


def _place(source: SourcePage, index: PageIndex, update: bool) -> ImportResult:
    model = MODELS.get(source.type)
    if model is None:
        raise FormatError(
            source.path, [(source.line_of("type"), "unknown page type: use --type pillar or topic")]
        )
    _default_category(source, index)
    parent = _checked_parent(source, index, model)
    if not model.can_exist_under(parent):
        raise FormatError(
            source.path,
            [
                (
                    source.line_of("parent"),
                    f"a {source.type} page cannot live under {parent.title!r} ({type(parent).__name__})",
                )
            ],
        )
    slug = slug_for(source)
    # Wagtail keeps slugs unique among siblings only: the page to update is
    # the one with this slug under this parent, never a namesake elsewhere.
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        if not update:
            raise FormatError(
                source.path,
                [
                    (
                        source.line_of("slug") if source.slug else 2,
                        f"a page with slug {slug!r} already exists (use --update to replace its draft)",
                    )
                ],
            )
        existing = existing.specific
        if not isinstance(existing, model):
            raise FormatError(
                source.path,
                [
                    (
                        source.line_of("type"),
                        f"page {slug!r} is a {type(existing).__name__}, not a {model.__name__}",
                    )
                ],
            )
        return ImportResult(existing, False, source.path)
    page = model(title=source.title, slug=slug, live=False)
    _assign_fields(page, source)
    parent.add_child(instance=page)
    return ImportResult(page, True, source.path)


def _keep_what_text_cannot_say(source: SourcePage, page, previous):
    """A text import updates only what the text format can express."""
    page.seo_title = previous.seo_title
    page.focus_keyphrase = previous.focus_keyphrase
    page.search_description = previous.search_description
    page.required_questions = previous.required_questions
    if isinstance(page, TopicPage):
        page.related_topics = [
            RelatedTopic(target_id=r.target_id, required=r.required, sort_order=n)
            for n, r in enumerate(previous.related_topics.all())
        ]
    old_cta = next((b.get("value") for b in blocks_of(previous.body.raw_data) if b["type"] == CTA), None)
    new_cta = next((b.get("value") for b in blocks_of(page.body.raw_data) if b["type"] == CTA), None)
    new_has_target = isinstance(new_cta, dict) and (cta_page_id(new_cta) or new_cta.get("url"))
    if isinstance(old_cta, dict) and isinstance(new_cta, dict) and not new_has_target:
        raw = blocks_of(page.body.raw_data)
        for block in raw:
            if block["type"] == CTA:
                block["value"] = {
                    **block["value"],
                    "page": cta_page_id(old_cta),
                    "url": old_cta.get("url", ""),
                }
        page.body = raw


def _assign_fields(page, source: SourcePage):
    page.title = source.title
    page.draft_title = source.title
    page.seo_title = source.seo_title
    page.search_description = source.search_description
    if hasattr(page, "category"):
        page.category = source.category
        page.language = source.language or "en"
        page.required_questions = "\n".join(source.required_questions)
        page.focus_keyphrase = source.focus_keyphrase


def _resolve_links(source: SourcePage, index: PageIndex):
    resolved, problems = {}, []
    for target, anchor, line in source.links():
        if is_external(target) or target in resolved:
            continue
        page = index.find(target)
        if page is None:
            problems.append((line, f"unresolved internal link {target!r} (anchor {anchor!r})"))
        else:
            resolved[target] = page.id
    related = []
    for slug, required in source.related:
        page = index.find(slug)
        if page is None or page.specific_class is not TopicPage:
            problems.append((source.line_of("related"), f"related topic {slug!r} is not a topic page"))
        else:
            related.append((page.id, required))
    if problems:
        raise FormatError(source.path, problems)
    return resolved, related


def _fill(source: SourcePage, result: ImportResult, index: PageIndex, *, user):
    page = result.page
    links, related = _resolve_links(source, index)
    previous = (
        None if result.created else Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    )
    _assign_fields(page, source)
    page.body = stream_data(source, links)
    if isinstance(page, TopicPage):
        # The file's order, kept: Orderable sorts by sort_order, and with it
        # unset PostgreSQL returns the rows in any order, so an export could
        # reorder `related` (the round trip must be byte for byte).
        page.related_topics = [
            RelatedTopic(target_id=target_id, required=required, sort_order=n)
            for n, (target_id, required) in enumerate(related)
        ]
    if previous is not None and source.format == "text":
        _keep_what_text_cannot_say(source, page, previous)
    if not page.live:
        # A never-published page keeps its draft in the row too, as the
        # admin's create view does; a live page only gets a new revision.
        # Children placed in this batch changed the tree columns under us.
        page.refresh_from_db(fields=["numchild", "path", "depth", "url_path"])
        page.save()
    return page.save_revision(user=user, log_action=True)


def stream_data(source: SourcePage, links: dict) -> list[dict]:
    def html(text):
        return markup_to_html(text, links.get)

    data = []
    for block in source.blocks:
        if block.kind == "lead":
            value = {"question": block.text, "answer": html(block.answer)}
        elif block.kind in ("heading",):
            value = block.text
        elif block.kind == "paragraph":
            value = html(block.text)
        elif block.kind == "faq":
            value = {
                "title": block.title,
                "items": [{"question": q, "answer": html(a)} for q, a, _ in block.items],
            }
        else:
            target = block.link
            value = {
                "heading": block.title,
                "label": block.text,
                "page": links.get(target) if target and not is_external(target) else None,
                "url": target if target and is_external(target) else "",
            }
        data.append({"type": block.kind, "value": value})
    return data


__all__ = ["ImportFailed", "ImportResult", "import_sources", "site_path", "stream_data"]
