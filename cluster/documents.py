"""Load a whole cluster as snapshots and validator documents, cheaply.

A revision never changes, so the (snapshot, document) built from one is cached
by revision id and creation time (ids alone repeat across database resets and
rolled-back transactions; the pair does not) and the engine version. Loading a cluster then costs one query
for the page rows, one cache round trip, and one query for the revisions not
seen before: validating again after one edit rebuilds one document, not all.
Tree position (url_path) can change without a new revision, so it is always
taken from the row.
"""

from __future__ import annotations

import dataclasses

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Revision

from validators.config import ENGINE_VERSION
from validators.document import PageDocument

from .flatten import document_from_snapshot
from .models import PillarPage, TopicPage
from .paths import site_path, site_root_path
from .snapshot import PageSnapshot, snapshot_of, snapshot_of_revision

DOCUMENT_FORMAT = 1  # bump when document_from_snapshot's output changes
ROW_FIELDS = (
    "id",
    "url_path",
    "slug",
    "title",
    "live",
    "latest_revision_id",
    "live_revision_id",
    "latest_revision__created_at",
    "live_revision__created_at",
)


def _key(revision) -> str:
    revision_id, created_at = revision
    return f"cluster:doc:{DOCUMENT_FORMAT}:{ENGINE_VERSION}:{revision_id}:{created_at.timestamp()}"


def _rows(pillar):
    topic_type = ContentType.objects.get_for_model(TopicPage)
    pillar_row = Page.objects.filter(pk=pillar.pk).values(*ROW_FIELDS).get()
    topics = Page.objects.child_of(pillar).filter(content_type=topic_type).order_by("path")
    return [pillar_row, *topics.values(*ROW_FIELDS)]


def _revision(row, state):
    """(id, created_at) of the revision that holds the page's content in `state`."""
    if state == "draft" and row["latest_revision_id"]:
        return row["latest_revision_id"], row["latest_revision__created_at"]
    if state != "draft" and row["live"] and row["live_revision_id"]:
        return row["live_revision_id"], row["live_revision__created_at"]
    return None


def _build(wanted, contents, kinds):
    by_id = {revision[0]: (revision, row) for revision, row in wanted.items()}
    built = {}
    for revision_id, content in contents:
        revision, row = by_id[revision_id]
        snap = snapshot_of_revision(row["id"], kinds[row["id"]], row["url_path"], content)
        built[revision] = (
            dataclasses.replace(snap, raw_body=()),
            document_from_snapshot(snap, "draft", ""),
        )
    return built


def _fallback(row, kind, state):
    """A page without the revision we need: read its row (rare: legacy data)."""
    if state != "draft" and not row["live"]:
        return PageSnapshot(row["id"], kind, row["slug"], row["title"], row["url_path"], "en", (), ()), None
    page = Page.objects.get(pk=row["id"]).specific
    snap = snapshot_of(page)
    return dataclasses.replace(snap, raw_body=()), document_from_snapshot(snap, state, "")


def load_cluster(pillar: PillarPage, state: str, cache=None) -> tuple[list[PageSnapshot], list[PageDocument]]:
    """Snapshots of every page (pillar first) and documents of those that exist in `state`."""
    rows = _rows(pillar)
    kinds = {row["id"]: ("pillar" if i == 0 else "topic") for i, row in enumerate(rows)}
    wanted = {_revision(row, state): row for row in rows if _revision(row, state)}
    found = cache.get_many([_key(r) for r in wanted]) if cache is not None else {}
    entries = {r: found[_key(r)] for r in wanted if _key(r) in found}
    missing = [r for r in wanted if r not in entries]
    if missing:
        contents = Revision.objects.filter(id__in=[r[0] for r in missing]).values_list("id", "content")
        built = _build(wanted, contents, kinds)
        entries.update(built)
        if cache is not None and built:
            cache.set_many({_key(r): entry for r, entry in built.items()})
    root = site_root_path()
    snapshots, documents = [], []
    for row in rows:
        revision = _revision(row, state)
        snap, doc = entries.get(revision) or _fallback(row, kinds[row["id"]], state)
        snapshots.append(dataclasses.replace(snap, url_path=row["url_path"]))
        if doc is not None:
            url = site_path(snapshots[-1], root)
            documents.append(dataclasses.replace(doc, url=url, state=state))
    return snapshots, documents
