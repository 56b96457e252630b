"""What importing a content tree would do to each page (docs/content-as-code.md, "Import and export a tree").

Each file's page is the page with its slug under its parent (`sync.page_in_place`):

- new:       no such page yet; it is created as a draft;
- unchanged: its latest revision is as in the file (`sync.differs_from_source`,
             the comparison `load_demo` uses); nothing is saved;
- from file: it differs, and its latest revision was saved by a command (an
             earlier import or `load_demo`), so the file replaces that draft;
- edited:    it differs, and its latest revision was saved by a person. The
             file would bury their work: the tree does not have it, so the
             next export would drop it and the next `--publish` would take it
             off the site. That needs `--update`; without it the run stops
             and names the page (export first to bring their work into the tree).

Revisions are never deleted, so even `--update` loses nothing from a page's
history; the flag is about not burying work nobody has seen in the tree.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Page

from cluster.content_io.formats import FormatError, SourcePage
from cluster.content_io.importer import ImportFailed
from cluster.content_io.sync import differs_from_source, expected_parent_slug, page_in_place, pages_named
from cluster.content_io.tree import read_tree_file, top_folders, tree_files

NEW, UNCHANGED, FROM_FILE, EDITED = "new", "unchanged", "from file", "edited"
# Parents before children: a topic's pillar must be placed first.
TYPE_ORDER = {"pillar": 0, "topic": 1, "page": 2}


@dataclass
class Planned:
    source: SourcePage
    page: Page | None
    status: str

    @property
    def needs_saving(self) -> bool:
        return self.status in (NEW, FROM_FILE)


def read_tree(paths) -> list[SourcePage]:
    """Every file of the tree, parsed, parents first; one FormatError naming every bad file's lines."""
    sources, errors, tops = [], [], top_folders(paths)
    for path in tree_files(paths):
        try:
            sources.append(read_tree_file(path, top=path.parent in tops))
        except FormatError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(FormatError(path, [(None, f"cannot read file: {exc.strerror}")]))
    if errors:
        raise ImportFailed(errors)
    return sorted(sources, key=lambda s: TYPE_ORDER.get(s.type, 3))


def status_of(page: Page | None, source: SourcePage) -> str:
    if page is None:
        return NEW
    if not differs_from_source(page, source):
        return UNCHANGED
    latest = page.latest_revision
    return FROM_FILE if latest is not None and latest.user_id is None else EDITED


def plan(sources, *, update: bool) -> list[Planned]:
    """Each source's page and what importing does to it; ImportFailed for duplicates, edited pages."""
    candidates = pages_named(sources)
    planned, errors, seen = [], [], {}
    for source in sources:
        key = (expected_parent_slug(source), source.slug)
        if key in seen:
            errors.append(FormatError(source.path, [(source.line_of("slug"), _duplicate(source, seen[key]))]))
            continue
        seen[key] = source.path
        page = page_in_place(source, candidates)
        status = status_of(page, source)
        if status == EDITED and not update:
            errors.append(FormatError(source.path, [(1, _edited(page))]))
        planned.append(Planned(source, page, FROM_FILE if status == EDITED else status))
    if errors:
        raise ImportFailed(errors)
    return planned


def _duplicate(source: SourcePage, other: str) -> str:
    return f"page {source.slug!r} under {expected_parent_slug(source)!r} is also the page of {other}"


def _edited(page: Page) -> str:
    return (
        f"page {page.slug!r} has changes by an editor that this file does not have "
        "(export the tree to keep them, or use --update to replace its draft)"
    )
