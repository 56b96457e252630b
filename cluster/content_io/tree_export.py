"""Write every cluster as a content tree (docs/content-as-code.md, "Import and export a tree").

A pillar is written to `<slug>/index.md`, each of its child pages (topics and
content pages) to `<slug>/<child-slug>.md`, and a content page directly under
the home page to `<slug>.md` at the top, each from its latest revision, as
`export_page` does. A page that already has a file in the target tree keeps
that file, its name and its format: a `.txt` page stays `.txt`, and a file
whose front matter overrides its slug keeps its name. Files say only what
their place does not (`tree.without_place_defaults`).

Everything is rendered before anything is written, and a file whose bytes
would not change is not written at all (its modification time stays).
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from wagtail.models import Page, Site

from cluster.content_io.exporter import source_from_page
from cluster.content_io.formats import FormatError, render_markdown, render_text
from cluster.content_io.importer import ImportFailed
from cluster.content_io.tree import is_index, read_tree_file, tree_files, without_place_defaults
from cluster.models import ContentPage, PillarPage


@dataclass
class TreeFile:
    path: Path
    text: str
    page_id: int

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")

    def is_current(self) -> bool:
        try:
            return self.path.read_bytes() == self.data
        except OSError:
            return False


def existing_files(root: Path) -> dict[tuple[str, str, bool], Path]:
    """The target tree's files by (parent slug, slug, is an index); FormatError for one it cannot read.

    A pillar's index and a page at the top both have no parent: the third
    part keeps a top page's file from being taken for a pillar's.
    """
    if not root.is_dir():
        return {}
    files = {}
    for path in tree_files([root]):
        source = read_tree_file(path, top=path.parent == root)
        files.setdefault((source.parent, source.slug, is_index(path)), path)
    return files


def tree_of(root: Path) -> list[TreeFile]:
    """Every page as the file it would be under `root`: clusters in tree order, then the top's pages.

    Raises FormatError when two pages would share a file (a child with slug
    `index`, two pillars with one slug): writing both would lose one.
    """
    existing = existing_files(root)
    out, owners = [], {}
    for pillar in PillarPage.objects.order_by("path"):
        index = existing.get(("", pillar.slug, True), root / pillar.slug / "index.md")
        out.append(_file(pillar, index, root=root))
        owners.setdefault(index, []).append(pillar)
        for child in pillar.get_children().specific().order_by("path"):
            path = existing.get((pillar.slug, child.slug, False), index.parent / f"{child.slug}.md")
            out.append(_file(child, path, root=root))
            owners.setdefault(path, []).append(child)
    home = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if home is not None:  # a database without a site has no pages to export either
        # Content pages directly under the home page belong to no cluster: at
        # the top, where their place says "parent: the home page". Under any
        # other page of that depth (a second site's home) they have no place,
        # and `pages_outside` names them.
        for page in ContentPage.objects.child_of(home.root_page).order_by("path"):
            path = existing.get(("", page.slug, False), root / f"{page.slug}.md")
            out.append(_file(page, path, root=root))
            owners.setdefault(path, []).append(page)
    _check_one_page_per_file(owners)
    return out


def pages_outside(files: list[TreeFile]) -> list[tuple[int, str]]:
    """(id, url_path) of each page below a root page that has no file in the tree, in tree order.

    A tree holds every cluster, a folder per pillar, and the default site's
    home page's content pages at the top. A content page under another root
    page (a second site's home) has no place; export_content names such pages
    rather than leave the tree looking like the whole database. Depth 1 is
    Wagtail's root and depth 2 a site's home. The written ids are subtracted
    here, not in SQL: an `IN` list of every exported page would pass SQLite's
    limit on a query's parameters on a large site.
    """
    written = {file.page_id for file in files}
    rows = Page.objects.filter(depth__gt=2).order_by("path").values_list("pk", "url_path")
    return [(pk, url_path) for pk, url_path in rows.iterator() if pk not in written]


def _check_one_page_per_file(owners: dict[Path, list]) -> None:
    shared = {path: pages for path, pages in owners.items() if len(pages) > 1}
    errors = [FormatError(path, [(None, _shared(pages))]) for path, pages in shared.items()]
    # A content page named "index" at the top would read back as a pillar.
    errors += [
        FormatError(path, [(None, _read_as_pillar(pages[0]))])
        for path, pages in owners.items()
        if is_index(path) and not isinstance(pages[0], PillarPage)
    ]
    if errors:
        raise ImportFailed(errors)


def _read_as_pillar(page) -> str:
    return f"page {page.url_path!r} (id {page.pk}) would be read back as a pillar; give it another slug"


def _shared(pages) -> str:
    named = " and ".join(f"{p.url_path!r} (id {p.pk})" for p in pages)
    return f"pages {named} would both be written to this file; give one of them another slug"


def _file(page, path: Path, *, root: Path) -> TreeFile:
    source = without_place_defaults(source_from_page(page), path, top=path.parent == root)
    text = render_text(source) if path.suffix == ".txt" else render_markdown(source)
    return TreeFile(path, text, page.pk)


def write_changed(files) -> list[TreeFile]:
    """Write the files whose bytes differ (each replaced whole, never half-written); returns them."""
    changed = [f for f in files if not f.is_current()]
    for file in changed:
        file.path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(file.path)
        fd, temp = tempfile.mkstemp(dir=file.path.parent, prefix=".export-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(file.data)
            # mkstemp makes the file private (0600) and os.replace keeps that.
            os.fchmod(handle.fileno(), mode)
        os.replace(temp, file.path)
    return changed


def _mode_for(path: Path) -> int:
    """The file's own permissions when it exists, else what `open` would give it."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read it; set back at once
        os.umask(umask)
        return 0o666 & ~umask
