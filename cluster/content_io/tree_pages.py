"""A content tree read as pages ready for validation, without a database.

`read_pages(paths)` reads the files named (and, for a file named on its own,
the rest of its cluster folder as context), places every page at its site
path, resolves inline links, CTA targets, parents and related topics between
files by slug or site path, and turns each page's body into the StreamField
JSON an import would store (`importer.stream_data`). The validation side
reads that JSON with the one reader, as it reads a stored page
(docs/content-as-code.md).

Pages read from files get negative ids, -1 for the first file of the run:
numbers no database page has (ids start at 1; 0 is the editor's unsaved
page). A target outside the files read gets a negative id too, unless the
caller's `lookup` (with `--against-db`) finds it in the database.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cluster.content_io.formats import FormatError, SourcePage
from cluster.content_io.importer import is_external, stream_data
from cluster.content_io.tree import index_of, read_tree_file, top_folders, tree_files

# Validated pages; a plain "page" (a CTA's target) is placed and can be
# linked, but is not validated, as in a database run.
CLUSTER_TYPES = ("pillar", "topic")
PAGE_TYPES = (*CLUSTER_TYPES, "page")


@dataclass
class FilePage:
    id: int
    source: SourcePage
    url_path: str  # the site path, "/intimacy/responsive-desire/"
    subject: bool  # named (or under a folder named), so reported; else context
    data: bytes = b""  # the file as read, to place findings (cluster.content_io.positions)
    pillar_id: int = 0
    raw_body: list = field(default_factory=list)
    related: tuple[tuple[int, bool], ...] = ()


@dataclass
class FileTree:
    pages: list[FilePage]
    # Targets outside the files read: target -> id. Negative ids are unknown
    # pages (nobody looked them up, or the database does not have them).
    outside: dict[str, int] = field(default_factory=dict)

    def clusters(self) -> list[tuple[FilePage, list[FilePage]]]:
        """(pillar, its topics) in file order."""
        topics: dict[int, list[FilePage]] = {}
        for page in self.pages:
            if page.source.type == "topic":
                topics.setdefault(page.pillar_id, []).append(page)
        return [(p, topics.get(p.id, [])) for p in self.pages if p.id == p.pillar_id]


class TreeErrors(Exception):
    """Every file that cannot be read or placed, each as `path:line: message`."""

    def __init__(self, errors: list[FormatError]):
        self.errors = errors
        super().__init__("\n".join(e.render() for e in errors))


def display_path(path: Path) -> str:
    """The path relative to the working directory, as a reviewer's tools show it."""
    relative = os.path.relpath(path.resolve(), Path.cwd())
    return str(path) if relative.startswith("..") else relative


def _with_context(paths) -> tuple[list[Path], set[Path]]:
    """Every file to read, and those to report: a file named alone brings its folder as context."""
    subjects = tree_files(paths)
    # Only a cluster folder (one with an index file) is context: a stray file
    # named in the project's root must not pull in the whole checkout.
    # Each folder is asked once, not once per file in it, and a folder inside
    # one named on the command line is not walked again: every file in it is
    # a subject already. Both were 2.6% of validating a 2,000-file tree.
    context = {folder for folder in {p.parent for p in subjects} if index_of(folder) is not None}
    named = top_folders(paths)
    unwalked = sorted(f for f in context if not any(_walked(f, d) for d in named))
    files = dict.fromkeys(subjects)
    files.update(dict.fromkeys(tree_files(unwalked)))
    return list(files), set(subjects)


def _walked(folder: Path, named: Path) -> bool:
    """Whether walking the folder named on the command line read every file of `folder`."""
    if folder != named and named not in folder.parents:
        return False
    # tree_files skips hidden folders: a file named inside one was not walked.
    return not any(part.startswith(".") for part in folder.relative_to(named).parts)


def _read_all(files, subjects, tops: set[Path]) -> list[FilePage]:
    pages, errors = [], []
    for n, path in enumerate(files, 1):
        shown = display_path(path)
        try:
            data = Path(shown).read_bytes()
            source = read_tree_file(Path(shown), data, top=path.parent in tops)
        except FormatError as exc:
            errors.append(exc)
            continue
        except OSError as exc:
            errors.append(FormatError(shown, [(0, f"cannot read the file: {exc.strerror}")]))
            continue
        source.path = shown
        if source.type not in PAGE_TYPES:
            errors.append(
                FormatError(shown, [(source.line_of("type"), f"unknown page type {source.type!r}")])
            )
            continue
        subject = path in subjects and source.type in CLUSTER_TYPES
        pages.append(FilePage(id=-n, source=source, url_path="", subject=subject, data=data))
    if errors:
        raise TreeErrors(errors)
    return pages


_NOT_A_PILLAR = "is not a pillar among the files read"


def _place(pages: list[FilePage]) -> None:
    """Site paths and pillars: a pillar at the site's root, a topic under its parent pillar."""
    pillars = [p for p in pages if p.source.type == "pillar"]
    for pillar in pillars:
        pillar.url_path, pillar.pillar_id = f"/{pillar.source.slug}/", pillar.id
    by_key = {}
    for pillar in pillars:
        by_key.setdefault(pillar.source.slug, []).append(pillar)
        by_key.setdefault(pillar.url_path, []).append(pillar)
    errors = []
    for topic in (p for p in pages if p.source.type != "pillar"):
        source = topic.source
        if not source.parent and source.type == "page":
            topic.url_path = f"/{source.slug}/"
            continue
        key = "/" + source.parent.strip("/") + "/" if source.parent.startswith("/") else source.parent
        found = by_key.get(key, [])
        if len(found) != 1:
            if found:  # two pillars with one slug: naming it differently is the fix, not the place
                message = f"parent {source.parent!r} is ambiguous; give its site path"
            else:
                message = source.parent_problem(f"parent {source.parent!r} {_NOT_A_PILLAR}")
            errors.append(FormatError(source.path, [(source.line_of("parent"), message)]))
            continue
        topic.pillar_id, topic.url_path = found[0].id, f"{found[0].url_path}{source.slug}/"
    seen: dict[str, FilePage] = {}
    for page in pages:
        other = seen.setdefault(page.url_path, page) if page.url_path else page
        if other is not page:
            errors.append(
                FormatError(
                    page.source.path,
                    [
                        (
                            page.source.line_of("slug"),
                            f"{other.source.path} has the same site path {page.url_path}",
                        )
                    ],
                )
            )
    if errors:
        raise TreeErrors(errors)


class _Resolver:
    """Targets by site path or slug: the files first, then `lookup`, else an unknown page."""

    def __init__(self, pages: list[FilePage], lookup: Callable[[str], int | None] | None):
        self.by_path = {p.url_path: p for p in pages}
        self.by_slug: dict[str, list[FilePage]] = {}
        for page in pages:
            self.by_slug.setdefault(page.source.slug, []).append(page)
        self.lookup = lookup
        self.outside: dict[str, int] = {}
        self.next_id = -len(pages) - 1

    def page(self, target: str) -> FilePage | None:
        """The file page `target` names; ValueError when a slug names several."""
        if target.startswith("/"):
            return self.by_path.get("/" + target.strip("/") + "/")
        found = self.by_slug.get(target, [])
        if len(found) > 1:
            raise ValueError(f"{target!r} is ambiguous: more than one file has that slug; give its site path")
        return found[0] if found else None

    def id(self, target: str) -> int:
        page = self.page(target)
        if page is not None:
            return page.id
        if target not in self.outside:
            found = self.lookup(target) if self.lookup is not None else None
            if found is None:
                found, self.next_id = self.next_id, self.next_id - 1
            self.outside[target] = found
        return self.outside[target]


def _resolve(page: FilePage, resolver: _Resolver) -> list[tuple[int, str]]:
    source, links, problems = page.source, {}, []
    for target, _anchor, line in source.links():
        if not is_external(target) and target not in links:
            try:
                links[target] = resolver.id(target)
            except ValueError as exc:
                problems.append((line, f"link {exc}"))
    related = []
    for slug, required in source.related:
        try:
            target = resolver.page(slug)
        except ValueError as exc:
            problems.append((source.line_of("related"), f"related topic {exc}"))
            continue
        if target is not None and target.source.type != "topic":
            problems.append((source.line_of("related"), f"related topic {slug!r} is not a topic page"))
        elif target is not None or resolver.lookup is not None:
            related.append((resolver.id(slug), required))
        else:
            problems.append(
                (
                    source.line_of("related"),
                    f"related topic {slug!r} is not among the files read (try --against-db)",
                )
            )
    page.raw_body = stream_data(source, links)
    page.related = tuple(related)
    return problems


def read_pages(paths, *, lookup: Callable[[str], int | None] | None = None) -> FileTree:
    """The pages of the files and folders named, placed and linked; raises `TreeErrors`.

    `lookup(target)` answers a target outside the files with a database page id
    (or None); without it such targets are never looked up.
    """
    paths = list(paths)
    files, subjects = _with_context(paths)
    pages = _read_all(files, subjects, top_folders(paths))
    _place(pages)
    resolver = _Resolver(pages, lookup)
    errors = []
    for page in pages:
        problems = _resolve(page, resolver)
        if problems:
            errors.append(FormatError(page.source.path, problems))
    if errors:
        raise TreeErrors(errors)
    return FileTree(pages=pages, outside=resolver.outside)
