"""A content tree on disk: one folder per cluster.

    content/<pillar-slug>/index.md   (or index.txt)   the pillar
    content/<pillar-slug>/<slug>.md  (or <slug>.txt)  its topics
    content/<slug>.md                (type: page)     a page under the home page

A file's place gives the defaults its front matter may override: the pillar's
slug is its folder's name; a topic's slug is its file name and its parent is
its folder's pillar. A `type: page` file (a content page) at the top of the
tree, in the folder named rather than a cluster's, belongs to no cluster: it
has no default parent, which means the home page, as for a pillar. The
plain-text format has no front matter, so there the place decides everything,
and its pages are pillars and topics (docs/content-as-code.md).

Pure Python, like `formats`: it reads files, never the database.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from cluster.content_io.formats import FormatError, SourcePage, parse_file

PAGE_SUFFIXES = (".md", ".txt")
INDEX_NAMES = tuple(f"index{suffix}" for suffix in PAGE_SUFFIXES)


def tree_files(paths) -> list[Path]:
    """Every page file named or under a folder named, once, in a stable order.

    Hidden files and folders (`.git`, editors' `.swp`) are skipped.
    """
    found: dict[Path, None] = {}
    for path in map(Path, paths):
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in file.relative_to(path).parts)
                if file.is_file() and file.suffix in PAGE_SUFFIXES and not hidden:
                    found.setdefault(file, None)
        else:
            found.setdefault(path, None)
    return list(found)


def is_index(path: Path) -> bool:
    return path.name in INDEX_NAMES


def index_of(folder: Path) -> Path | None:
    """The folder's pillar file, if it has one."""
    return next((folder / name for name in INDEX_NAMES if (folder / name).is_file()), None)


def _pillar_slug(folder: Path, index: Path | None) -> str:
    """The slug of the folder's pillar: its index file's own slug, else the folder's name."""
    if index is not None and index.suffix == ".md":
        try:
            stat = index.stat()
        except OSError:  # gone since index_of looked; its own errors are reported when it is read
            return folder.name
        return _index_slug(index, stat.st_mtime_ns, stat.st_size) or folder.name
    return folder.name


@lru_cache(maxsize=256)
def _index_slug(index: Path, mtime_ns: int, size: int) -> str:
    """The index file's own slug, "" if it has none or cannot be read.

    Every file of a folder asks for it, and a pillar's index is the largest
    file of its cluster: parsed once per file, it was 29% of exporting a
    2,000-page tree. Keyed by the file's modification time and size, so an
    edited index is read again.
    """
    try:
        return parse_file(index, index.read_bytes()).slug
    except (FormatError, OSError):  # the index's own errors are reported when it is read
        return ""


def top_folders(paths) -> set[Path]:
    """The folders among `paths`: a file directly in one is at the top of its tree."""
    return {Path(p) for p in paths if Path(p).is_dir()}


def apply_place(page: SourcePage, path: Path, *, top: bool = False) -> SourcePage:
    """Fill what the file's place in the tree says and its front matter left out.

    `top`: the file sits directly in a folder named as a tree (`top_folders`).
    There, unless that folder is a cluster's (it has an index file), a
    `type: page` file has no default parent: it is a page under the home
    page. Anywhere else a file's parent is its folder's pillar, so a file
    named on its own, or in a folder without an index below the top, keeps
    the meaning it always had, or fails loudly on an unknown parent.
    """
    if is_index(path):
        if page.type not in ("", "pillar"):
            raise FormatError(path, [(page.line_of("type"), _index_not_pillar(path, page.type))])
        page.type = page.type or "pillar"
        page.slug = page.slug or path.parent.name
    else:
        page.type = page.type or "topic"
        page.slug = page.slug or path.stem
        if page.slug == "index":  # export would write it over, or as, a pillar's index file
            raise FormatError(path, [(page.line_of("slug"), _INDEX_SLUG)])
        if page.type == "pillar":
            # A pillar is its folder, as export writes it. Beside other files
            # it was a cluster of its own to validate_content DIR and a pillar
            # under a pillar to import_content, which refused it.
            raise FormatError(path, [(page.line_of("type"), _pillar_not_index(path, page.slug))])
        index = index_of(path.parent)
        at_top = top and page.type == "page" and index is None
        if not page.parent and not at_top:
            page.parent = _pillar_slug(path.parent, index)
            if index is None:
                page.folder_parent = "top" if top else "below"
    return page


_INDEX_SLUG = "slug 'index' is kept for a folder's pillar file; give the page another slug"


def _pillar_not_index(path: Path, slug: str) -> str:
    return f"a pillar's file is the index.md of its cluster's folder; move {path.name} to {slug}/index.md"


def _index_not_pillar(path: Path, page_type: str) -> str:
    return (
        f"{path.name} is its folder's pillar, not a {page_type!r} page; name the file after the page's slug"
    )


def read_tree_file(path: Path, data: bytes | None = None, *, top: bool = False) -> SourcePage:
    """Parse one file of a tree (raises `FormatError`) and apply its place's defaults."""
    data = path.read_bytes() if data is None else data
    return apply_place(parse_file(path, data), path, top=top)


_PLACED = ("type", "slug", "parent")


def without_place_defaults(page: SourcePage, path: Path, *, top: bool = False) -> SourcePage:
    """The inverse of `apply_place`: a copy without what `path`'s place gives back anyway.

    Export writes files this way, so a file says only what its place does not.
    A key is left out only when `apply_place` fills in the same value, so the
    file reads back (`read_tree_file`) as the same page wherever it is kept: a
    page whose file sits outside its pillar's folder keeps its `parent`.
    Keeping one key can change another's default (a `type: page` at the top
    has no parent), hence the loop; it ends, since the kept keys only grow.
    A page the place cannot hold at all comes back whole.
    """
    kept: set[str] = set()
    while True:
        bare = replace(page, **{key: "" for key in _PLACED if key not in kept})
        try:
            placed = apply_place(replace(bare), path, top=top)
        except FormatError:  # no place for this page (slug "index", say): tree_export refuses it
            return page
        differ = {key for key in _PLACED if getattr(placed, key) != getattr(page, key)} - kept
        if not differ:
            return bare
        kept |= differ
