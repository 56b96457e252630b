"""`validate_content PATH ...`: page files through the one reader and the one engine.

The files are read and linked by `cluster.content_io.tree_pages` (bodies as
the StreamField JSON an import would store), turned into the snapshots the
database path makes, and validated by `cluster.validation.service.unstored_report`;
`cluster.content_io.positions` then names each finding's file, line and column.
It sits above both `content_io` and `validation`, which may not import each other.

Without `against_db` nothing here touches the database: the files count as
live, as if published together, and a link to a page outside them is
"unchecked" (links.W004). With it, such a link is looked up among the stored
pages and judged by its state, as in a database run.
"""

from __future__ import annotations

from cluster.content_io.importer import PageIndex
from cluster.content_io.positions import SourceText, with_positions
from cluster.content_io.tree_pages import FilePage, FileTree, read_pages
from cluster.validation.service import unstored_report
from cluster.validation.snapshot import PageSnapshot
from cluster.validation.states import page_states
from validators.document import LIVE, MISSING, UNCHECKED
from validators.findings import Report


def _snapshot(page: FilePage) -> PageSnapshot:
    source = page.source
    return PageSnapshot(
        id=page.id,
        kind=source.type,
        slug=source.slug,
        title=source.title,
        url_path=page.url_path,
        language=source.language or "en",
        required_questions=tuple(q.strip() for q in source.required_questions if q.strip()),
        raw_body=tuple(page.raw_body),
        related=page.related,
        seo_title=source.seo_title,
        search_description=source.search_description,
        focus_keyphrase=source.focus_keyphrase,
    )


def _states(tree: FileTree, *, against_db: bool) -> dict[int, str]:
    states = {page.id: LIVE for page in tree.pages}
    stored = {i for i in tree.outside.values() if i > 0}
    unknown = {i for i in tree.outside.values() if i < 0}
    states.update(dict.fromkeys(unknown, MISSING if against_db else UNCHECKED))
    if stored:
        states.update(page_states(stored))
    return states


def _db_lookup():
    index = PageIndex()

    def lookup(target: str) -> int | None:
        page = index.find(target)
        return page.id if page is not None else None

    return lookup


def files_report(paths, *, against_db: bool, config: dict, workers=None) -> Report:
    """The report of the page files named; raises `TreeErrors` for files that cannot be read."""
    tree = read_pages(paths, lookup=_db_lookup() if against_db else None)
    clusters = [
        ([_snapshot(p) for p in (pillar, *topics)], {p.id: p.source.path for p in (pillar, *topics)})
        for pillar, topics in tree.clusters()
    ]
    report = unstored_report(
        clusters=clusters,
        states=_states(tree, against_db=against_db),
        subjects={p.id for p in tree.pages if p.subject},
        config=config,
        workers=workers,
    )
    files = {p.id: p for p in tree.pages}
    report.pages = [
        with_positions(result, SourceText(files[result.document.id].source, files[result.document.id].data))
        for result in report.pages
    ]
    return report
