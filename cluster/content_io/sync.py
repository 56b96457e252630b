"""How a stored page stands against its file: the one comparison `load_demo` and `import_content` share.

A page is "as in its file" when it sits under the parent the file names and
its latest revision (what would be published next), exported in the file's
own format, is the file's text. Comparing in the file's format matters for
`.txt` files: that format cannot say SEO fields, related topics or a CTA
target, and an import keeps the page's own (importer.py), so those never
count as a difference.
"""

from __future__ import annotations

from wagtail.models import Page, Site

from cluster.content_io.exporter import source_from_page
from cluster.content_io.formats import SourcePage, render_markdown, render_text


def render_in_format(source: SourcePage) -> str:
    return render_text(source) if source.format == "text" else render_markdown(source)


def expected_parent_slug(source: SourcePage) -> str:
    return source.parent or Site.objects.get(is_default_site=True).root_page.slug


def differs_from_source(page: Page, source: SourcePage) -> bool:
    parent = page.get_parent()
    if parent is None or parent.slug != expected_parent_slug(source):
        return True
    exported = source_from_page(page)
    exported.format = source.format
    # The parent is the same page (checked above), however the file names it:
    # "home" and no parent both mean the home page.
    exported.parent = source.parent
    return render_in_format(exported) != render_in_format(source)


def saved_by_the_system(page: Page) -> bool:
    """Only a command (user None) saved the page's latest and live revisions."""
    revisions = [page.latest_revision] + ([page.live_revision] if page.live else [])
    return all(r is not None and r.user_id is None for r in revisions)


def pages_named(sources) -> list[Page]:
    """Every page with one of the sources' slugs, oldest tree position first."""
    return list(
        Page.objects.filter(slug__in=[s.slug for s in sources])
        .select_related("latest_revision", "live_revision")
        .order_by("path")
    )


def page_in_place(source: SourcePage, candidates) -> Page | None:
    """The page with the source's slug under the source's parent, if any.

    Slugs are unique among siblings only, so a namesake elsewhere (a topic of
    another cluster) is not this file's page.
    """
    parent_slug = expected_parent_slug(source)
    return next(
        (
            p
            for p in candidates
            if p.slug == source.slug and (parent := p.get_parent()) is not None and parent.slug == parent_slug
        ),
        None,
    )
