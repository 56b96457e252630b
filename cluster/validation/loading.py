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
import re
from collections import OrderedDict

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from wagtail.models import Page, Revision

from cluster.models import PillarPage, TopicPage
from cluster.stored.paths import site_path, site_root_path
from cluster.validation.documents import document_from_snapshot
from cluster.validation.snapshot import PageSnapshot, snapshot_of, snapshot_of_revision
from validators.config import ENGINE_VERSION
from validators.document import PageDocument

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
DOCUMENT_FORMAT = 1  # bump when document_from_snapshot's output changes
ROW_FIELDS = ("id", "url_path", "slug", "title", "live", "latest_revision_id", "live_revision_id")


def _key(revision, state) -> str:
    revision_id, created_at = revision
    stamp = _NOT_ALNUM.sub("", str(created_at))  # memcached-safe
    return f"cluster:doc:{DOCUMENT_FORMAT}:{ENGINE_VERSION}:{state}:{revision_id}:{stamp}"


def _stamp(state) -> dict:
    # Only the creation time of the revision that matters for `state`: each
    # datetime costs a conversion per row, and clusters have many rows.
    # It is read as text: it only has to tell revisions apart, and turning
    # thousands of values into datetimes is measurable on a publish.
    when = "latest_revision__created_at" if state == "draft" else "live_revision__created_at"
    return {"created": Cast(when, output_field=CharField())}


def _rows(pillar, state):
    topic_type = ContentType.objects.get_for_model(TopicPage)
    pillar_row = Page.objects.filter(pk=pillar.pk).values(*ROW_FIELDS, **_stamp(state)).get()
    topics = Page.objects.child_of(pillar).filter(content_type=topic_type).order_by("path")
    return [pillar_row, *topics.values(*ROW_FIELDS, **_stamp(state))]


def page_rows(page_ids, state) -> list[dict]:
    """The same rows as a cluster load, for a few pages only."""
    return list(Page.objects.filter(pk__in=page_ids).order_by("path").values(*ROW_FIELDS, **_stamp(state)))


def _revision(row, state):
    """(id, created_at) of the revision that holds the page's content in `state`."""
    if state == "draft" and row["latest_revision_id"]:
        return row["latest_revision_id"], row["created"]
    if state != "draft" and row["live"] and row["live_revision_id"]:
        return row["live_revision_id"], row["created"]
    return None


def _build(wanted, contents, kinds, state, root):
    by_id = {revision[0]: (revision, row) for revision, row in wanted.items()}
    built = {}
    for revision_id, content in contents:
        revision, row = by_id[revision_id]
        snap = snapshot_of_revision(row["id"], kinds[row["id"]], row["url_path"], content)
        built[revision] = (
            dataclasses.replace(snap, raw_body=()),
            document_from_snapshot(snap, state, root),
        )
    return built


def _fallback(row, kind, state, root):
    """A page without the revision we need: read its row (rare: legacy data)."""
    if state != "draft" and not row["live"]:
        return PageSnapshot(row["id"], kind, row["slug"], row["title"], row["url_path"], "en", (), ()), None
    page = Page.objects.get(pk=row["id"]).specific
    snap = snapshot_of(page)
    return dataclasses.replace(snap, raw_body=()), document_from_snapshot(snap, state, root)


class LayeredCache:
    """A bounded in-process map in front of the shared cache.

    Every key this app writes names immutable content (a revision, or a content
    hash with thresholds and engine version), so an entry can never go stale;
    keeping recent ones in memory saves unpickling a whole cluster from the
    shared cache on every admin publish in a long-running worker.
    """

    def __init__(self, shared=None, size: int = 50_000):
        self.shared = shared
        self.size = size
        self.entries: OrderedDict = OrderedDict()

    def _remember(self, items):
        self.entries.update(items)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)

    def get_many(self, keys):
        found = {k: self.entries[k] for k in keys if k in self.entries}
        missing = [k for k in keys if k not in found]
        if missing and self.shared is not None:
            shared = self.shared.get_many(missing)
            self._remember(shared)
            found.update(shared)
        return found

    def get(self, key, default=None):
        return self.get_many([key]).get(key, default)

    def set_many(self, items):
        self._remember(items)
        if self.shared is not None:
            self.shared.set_many(items)

    def set(self, key, value):
        self.set_many({key: value})

    def clear(self):
        self.entries.clear()
        if self.shared is not None:
            self.shared.clear()


def load_cluster(
    pillar: PillarPage, state: str, cache=None, root: str | None = None
) -> tuple[list[PageSnapshot], list[PageDocument]]:
    """Snapshots of every page (pillar first) and documents of those that exist in `state`."""
    rows = _rows(pillar, state)
    kinds = {row["id"]: ("pillar" if i == 0 else "topic") for i, row in enumerate(rows)}
    return load_rows(rows, kinds, state, cache, root)


def referenced_ids(snapshots, docs) -> set[int]:
    """Every page these pages declare or link to: the states the link checks ask for."""
    ids = {target for s in snapshots for target, _ in s.related}
    ids |= {link.target_id for d in docs for link in d.links if link.target_id}
    ids |= {b.target_id for d in docs for b in d.blocks if b.target_id}
    return ids


def load_rows(rows, kinds, state: str, cache=None, root: str | None = None):
    """(snapshots, documents) of the pages in `rows`; `kinds` maps id -> "pillar" or "topic"."""
    root = root or site_root_path()
    wanted = {_revision(row, state): row for row in rows if _revision(row, state)}
    keys = {r: _key(r, state) for r in wanted}
    found = cache.get_many(list(keys.values())) if cache is not None else {}
    entries = {r: found[k] for r, k in keys.items() if k in found}
    missing = [r for r in wanted if r not in entries]
    if missing:
        contents = Revision.objects.filter(id__in=[r[0] for r in missing]).values_list("id", "content")
        built = _build(wanted, contents, kinds, state, root)
        entries.update(built)
        if cache is not None and built:
            cache.set_many({keys[r]: entry for r, entry in built.items()})
    snapshots, documents = [], []
    for row in rows:
        snap, doc = entries.get(_revision(row, state)) or _fallback(row, kinds[row["id"]], state, root)
        if snap.url_path != row["url_path"]:  # moved since the entry was built
            snap = dataclasses.replace(snap, url_path=row["url_path"])
            doc = doc and dataclasses.replace(doc, url=site_path(snap, root))
        snapshots.append(snap)
        if doc is not None:
            documents.append(doc)
    return snapshots, documents
