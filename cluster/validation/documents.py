"""Page snapshots as the validators' plain `PageDocument`s.

Together with cluster/validation/service.py this is the only code that knows
both worlds: the engine in `validators/` sees nothing but these documents.
The body is read by the one reader of stored content (cluster/stored/reader.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from cluster.stored.paths import site_path, site_root_path
from cluster.stored.reader import read_blocks
from cluster.validation.snapshot import PageSnapshot, snapshot_of
from cluster.validation.states import UNSAVED_ID
from validators.document import PageDocument

# Bump when the documents built from the same revision change (cached by revision).
# 6: slotted dataclasses (a pickle of 5 does not load into them);
# 5: seo_title, search_description, focus_keyphrase;
DOCUMENT_FORMAT = 6  # 4: edit_url; 3: units split by the engine's HTML rules (<br>, every block element)


def _without_ids(value):
    # Block ids are assigned on save and mean nothing to validation; leaving
    # them out lets the editor's unsaved form and its saved revision hash alike.
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list | tuple):
        return [_without_ids(v) for v in value]
    return value


# An "id" key with a string value (and the separator after it) in json.dumps
# output. Unescaped quotes only occur around keys and values, never inside
# a string, so this cannot match text an editor wrote.
_ID_ITEM = re.compile(r'"id": "(?:[^"\\]|\\.)*"(?:, )?')


def content_hash(raw_blocks, extra) -> str:
    """A hash of the content that ignores block ids.

    The ids are cut from the serialized text rather than from a rebuilt copy
    of the stream data: on a 2,000-page cluster the copy cost more than the
    hashing. Ids that are not strings (hand-made data) take the slow path.
    """
    payload = _ID_ITEM.sub("", json.dumps([list(raw_blocks), extra], sort_keys=True, default=str))
    if '"id": ' in payload:
        payload = json.dumps([_without_ids(list(raw_blocks)), extra], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def admin_edit_url(page_id: int) -> str:
    """The Wagtail admin's edit view of a stored page, site-relative ("" for a page not stored).

    Reports prefix it with --base-url; it is not part of the content hash,
    since it follows from the page id, which the cache keys already hold.
    Ids below 1 are no page's: the editor's unsaved page (0) and pages read
    from files (-1, -2, ...; cluster/content_io/tree_pages.py).
    """
    if page_id <= UNSAVED_ID:
        return ""
    head, tail = edit_url_parts()
    return f"{head}{page_id}{tail}" if head or tail else ""


def edit_url_parts() -> tuple[str, str]:
    """The text around a page id in its admin edit URL, as this request or process mounts the admin.

    Part of a cached document's key (cluster/validation/loading.py), since
    the document holds the URL: a site moved under a script prefix, or the
    admin mounted elsewhere, must not read edit links from before the move.
    """
    return _edit_url_parts(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@lru_cache(maxsize=8)
def _edit_url_parts(urlconf, script_prefix) -> tuple[str, str]:
    """The edit URL around its page id, reversed once per URL configuration.

    A reverse per page was 1.6% of a cold 2,000-page validation; the id is a
    plain integer path segment, so the text around it does not depend on it.
    """
    marker = 918273645
    try:
        url = reverse("wagtailadmin_pages:edit", args=[marker], urlconf=urlconf)
    except NoReverseMatch:  # a site that does not mount the Wagtail admin has no edit view
        return "", ""
    head, _, tail = url.partition(str(marker))
    return head, tail


def document_from_page(page, *, version: str, root_path: str | None = None) -> PageDocument:
    """A page instance (live row or in-memory form) as a document."""
    return document_from_snapshot(snapshot_of(page), version=version, root_path=root_path or site_root_path())


def document_from_snapshot(snap: PageSnapshot, *, version: str, root_path: str | None = None) -> PageDocument:
    """A snapshot as a document; an empty `root_path` leaves the URL to the caller."""
    raw = list(snap.raw_body)
    blocks, links = read_blocks(raw)
    return PageDocument(
        id=snap.id,
        type=snap.kind,
        slug=snap.slug,
        title=snap.title,
        url=site_path(snap, root_path) if snap.url_path and root_path else "",
        language=snap.language,
        state=version,  # PageDocument.state is the version it was built from
        blocks=blocks,
        links=links,
        required_questions=snap.required_questions,
        seo_title=snap.seo_title,
        search_description=snap.search_description,
        focus_keyphrase=snap.focus_keyphrase,
        edit_url=admin_edit_url(snap.id),
        content_hash=content_hash(raw, snap.hashed_fields),
    )
