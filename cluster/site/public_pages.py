"""The pages a visitor can reach, for the sitemap, the site map page and the navigation.

A page is listed only when it is live, under no view restriction (password,
login or groups, on it or an ancestor) and every ancestor up to the site's
root is live too. Wagtail still serves a live topic under a withdrawn pillar
at its URL, but nothing the site lists may point a visitor (or a crawler)
below a page the public cannot see.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail.models import Page, Site

from cluster.models import PillarPage


@dataclass
class Entry:
    """One page of the site map, with the listed pages below it."""

    page: Page
    children: list[Entry] = field(default_factory=list)


def public_pages(*, site: Site) -> list[Page]:
    """Every page of the site a visitor can reach, in tree order, as specific pages without bodies."""
    root = site.root_page
    candidates = (
        root.get_descendants(inclusive=True).live().public().order_by("path").defer_streamfields().specific()
    )
    reachable: set[str] = set()
    pages = []
    for page in candidates:
        # Tree order lists a parent before its children, so one pass suffices.
        if page.pk == root.pk or page.path[: -Page.steplen] in reachable:
            reachable.add(page.path)
            pages.append(page)
    return pages


def site_tree(*, site: Site) -> Entry | None:
    """The reachable pages as a tree under the site's root; None when the root itself is hidden."""
    entries: dict[str, Entry] = {}
    for page in public_pages(site=site):
        entry = entries[page.path] = Entry(page)
        parent = entries.get(page.path[: -Page.steplen])
        if parent is not None:
            parent.children.append(entry)
    return entries.get(site.root_page.path)


def public_pillars(*, site: Site) -> list[PillarPage]:
    """The site's pillars a visitor can reach, in tree order: the site-wide navigation's entries."""
    root = site.root_page
    if not Page.objects.filter(pk=root.pk).live().public().exists():
        return []
    return list(PillarPage.objects.child_of(root).live().public().order_by("path").defer_streamfields())
