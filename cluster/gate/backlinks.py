"""Which live pages link to a page: the pages an unpublish, delete or move breaks.

Wagtail's `ReferenceIndex` already records every reference a page row makes,
rich-text page links and page choosers (a CTA's page) in StreamField
included, and keeps it current on every save. A live page's row holds its
live content (a draft lives in revisions), so the index answers "which live
content links here" in one query, however many pages are asked about.

A page that only *declares* a related topic or an adjacent cluster does not
link to it; the index records those declarations too, so they are filtered
out by where the reference sits (`model_path`).

It replaces a search of the stored JSON with one `LIKE` per page id and
pattern: deleting a pillar with 110 or more topics ORed so many terms that
SQLite refused the query ("Expression tree is too large") and the delete
confirmation failed with a server error (issue 11, defect 4).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex

from cluster.stored.reader import link_targets

BODY = "body"  # the StreamField of every page model (cluster/models.py)


def _page_type() -> ContentType:
    return ContentType.objects.get_for_model(Page)


def pages_linking_to(page, *, include_descendants: bool = False) -> list[Page]:
    """Live pages whose live content links to `page` (or, with `include_descendants`, to a page below it).

    The pages themselves (and the descendants) are left out: deleting a
    cluster with its topics breaks no link between them that matters.
    """
    targets = Page.objects.filter(pk=page.pk)
    if include_descendants:
        targets = Page.objects.filter(path__startswith=page.path, depth__gte=page.depth)
    page_type = _page_type()
    # The index keeps object ids as text (it indexes models of any key type).
    target_ids = targets.annotate(text_id=Cast("pk", output_field=CharField())).values("text_id")
    references = ReferenceIndex.objects.filter(
        to_content_type=page_type,
        to_object_id__in=target_ids,
        base_content_type=page_type,
        # Links in the body only. The index also records declarations (a
        # related topic, an adjacent cluster), which break nothing: an edge
        # to a page that is not live is simply not due.
        model_path__startswith=f"{BODY}.",
    )
    source_ids = references.annotate(source=Cast("object_id", output_field=IntegerField())).values("source")
    linking = Page.objects.live().filter(pk__in=source_ids).exclude(pk__in=targets.values("pk"))
    return list(linking.order_by("path").specific())


def linked_page_ids(page) -> set[int]:
    """Every page id that `page`'s own body links to (an in-memory page, e.g. one being moved)."""
    body = getattr(page, "body", None)
    return link_targets(body.raw_data) if body is not None else set()
