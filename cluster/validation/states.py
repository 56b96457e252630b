"""Publication state of pages, as the validators and the API see it."""

from __future__ import annotations

import contextlib
import contextvars

from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Revision

from validators.document import DRAFT, LIVE, MISSING, PRIVATE, SCHEDULED, UNPUBLISHED

# Stands in for a page the editor has not saved yet (no real page has id 0).
UNSAVED_ID = 0


# Pages being published together in one transaction (a batch import such as
# load_demo). Each counts as live while the others are checked, so a cluster
# whose pages link to each other can go live at once instead of never.
_going_live: contextvars.ContextVar[frozenset] = contextvars.ContextVar("going_live", default=frozenset())


def batch_going_live() -> frozenset:
    """The ids published together in the current batch (empty outside one)."""
    return _going_live.get()


@contextlib.contextmanager
def going_live(page_ids):
    token = _going_live.set(frozenset(page_ids))
    try:
        yield
    finally:
        _going_live.reset(token)


def _restricted_paths() -> list[str]:
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def _private(path: str, restricted: list[str]) -> bool:
    # A view restriction covers the page it is set on and every page below it.
    return any(path.startswith(p) for p in restricted)


def visible_to_public(pages) -> set[int]:
    """Ids of the given page objects that anyone may view: live and under no view restriction.

    The front end renders links only to these (cluster/link_handlers.py, the CTA
    block): a linked page can be withdrawn, scheduled or made private after
    the linking page went live, and its URL must not leak through it.
    """
    pages = [p for p in pages if p is not None and p.live]
    if not pages:
        return set()
    restricted = _restricted_paths()
    return {p.pk for p in pages if not _private(p.path, restricted)}


def _scheduled_ids(ids) -> set[int]:
    pending = Revision.page_revisions.filter(
        object_id__in=[str(i) for i in ids], approved_go_live_at__gt=timezone.now()
    )
    return {int(i) for i in pending.values_list("object_id", flat=True)}


def page_states(ids) -> dict[int, str]:
    """State of each page id; ids that do not exist come back as MISSING."""
    ids = {int(i) for i in ids if i}
    rows = list(Page.objects.filter(id__in=ids).values_list("id", "live", "first_published_at", "path"))
    restricted = _restricted_paths()
    scheduled = _scheduled_ids([r[0] for r in rows if not r[1]])
    states = dict.fromkeys(ids, MISSING)
    batch = _going_live.get()
    for page_id, live, first_published_at, path in rows:
        if live or page_id in batch:
            states[page_id] = PRIVATE if _private(path, restricted) else LIVE
        elif page_id in scheduled:
            states[page_id] = SCHEDULED
        else:
            states[page_id] = UNPUBLISHED if first_published_at else DRAFT
    return states


def page_state(page) -> str:
    return page_states([page.id])[page.id]
