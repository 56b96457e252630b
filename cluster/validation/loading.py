"""Load a whole cluster as snapshots and validator documents, cheaply.

A revision never changes, so the (snapshot, document) built from one is cached
by page id, revision id and creation time (ids alone repeat across database
resets and rolled-back transactions; the pair does not) and the engine version.
The page id is part of the key because an alias shares its source's revisions:
keyed by revision alone, the alias and its source would read one entry, with
one of their ids. Loading a cluster then costs one query
for the page rows, one cache round trip, and one query for the revisions not
seen before: validating again after one edit rebuilds one document, not all.
Tree position (url_path) can change without a new revision, so it is always
taken from the row.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, TextField
from django.db.models.functions import Cast
from wagtail.models import Page, Revision

from cluster.models import PillarPage, TopicPage
from cluster.stored.paths import site_path, site_root_path
from cluster.validation.documents import DOCUMENT_FORMAT, document_from_snapshot, edit_url_parts
from cluster.validation.snapshot import PageSnapshot, snapshot_of, snapshot_of_revision
from validators.config import ENGINE_VERSION
from validators.document import PageDocument
from validators.local import CHUNK_PAGES, cacheable, keyed_results

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
ROW_FIELDS = (
    "id",
    "url_path",
    "slug",
    "title",
    "live",
    "latest_revision_id",
    "live_revision_id",
    "alias_of_id",
)


REVISION_CHUNK = 100


def _key(page_id, revision, version, mount: str) -> str:
    revision_id, created_at = revision
    stamp = _NOT_ALNUM.sub("", str(created_at))  # memcached-safe
    return f"cluster:doc:{DOCUMENT_FORMAT}:{ENGINE_VERSION}:{version}:{mount}:{page_id}:{revision_id}:{stamp}"


def url_mount(root: str) -> str:
    """A short digest of what a document's URLs follow besides its page: the
    site root (its public URL) and how the admin is mounted (its edit URL).

    Neither is in the revision, and both can change under a running site: a
    new Site root, a deployment under a script prefix. Keyed, a document
    built before such a change is never handed out after it (the whole-cluster
    report memo keys on these keys too, through PendingLoad.inputs).
    """
    return hashlib.blake2b(repr((root, edit_url_parts())).encode(), digest_size=6).hexdigest()


def _stamp(version) -> dict:
    # Only the creation time of the revision that matters for `version`: each
    # datetime costs a conversion per row, and clusters have many rows.
    # It is read as text: it only has to tell revisions apart, and turning
    # thousands of values into datetimes is measurable on a publish.
    when = "latest_revision__created_at" if version == "draft" else "live_revision__created_at"
    return {"created": Cast(when, output_field=CharField())}


def _rows(pillar, version):
    topic_type = ContentType.objects.get_for_model(TopicPage)
    pillar_row = Page.objects.filter(pk=pillar.pk).values(*ROW_FIELDS, **_stamp(version)).get()
    topics = Page.objects.child_of(pillar).filter(content_type=topic_type).order_by("path")
    return [pillar_row, *topics.values(*ROW_FIELDS, **_stamp(version))]


def page_rows(page_ids, version) -> list[dict]:
    """The same rows as a cluster load, for a few pages only."""
    return list(Page.objects.filter(pk__in=page_ids).order_by("path").values(*ROW_FIELDS, **_stamp(version)))


def _revision(row, version):
    """(id, created_at) of the revision that holds the page's content in `version`."""
    if version == "draft" and row["latest_revision_id"]:
        return row["latest_revision_id"], row["created"]
    if version != "draft" and row["live"] and row["live_revision_id"]:
        return row["live_revision_id"], row["created"]
    return None


def _build(wanted, contents, kinds, version, root, workers=None, overrides=None):
    """A function giving (snapshot, document) per page id; pages that share a revision (aliases) get one each.

    Without workers they are built now; with them, the function waits for
    them, and with `overrides` (the run's thresholds) each entry also carries
    the page's local results and their cache key (validators.local.keyed_results).
    """
    pages_of: dict[int, list[int]] = {}
    for page_id, (revision, _) in wanted.items():
        pages_of.setdefault(revision[0], []).append(page_id)
    tasks = (  # as the revisions stream in: their contents are not all in memory at once
        (page_id, kinds[page_id], _place(wanted[page_id][1]), content)
        for revision_id, content in contents
        for page_id in pages_of.get(revision_id, ())
    )
    if workers is None:
        built = {task[0]: _entry(task, version, root) for task in tasks}
        return lambda: built
    # The workers read no database: each task carries its revision's content.
    chunks = list(_chunks(tasks, version, root, overrides))
    ids = [task[0] for chunk in chunks for task in chunk[0]]
    sent = workers.map(_entries, chunks)  # every chunk is sent now; the entries are read when asked
    return lambda: dict(zip(ids, _chained(sent), strict=True))


def _chunks(tasks, version, root, overrides):
    chunk = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) == CHUNK_PAGES:
            yield chunk, version, root, overrides
            chunk = []
    if chunk:
        yield chunk, version, root, overrides


def _chained(chunks):
    for chunk in chunks:
        yield from chunk


def _place(row) -> dict:
    return {k: row[k] for k in ("url_path", "alias_of_id", "slug", "title")}


def _entries(chunk) -> list[tuple]:
    tasks, version, root, overrides = chunk
    entries = [_entry(task, version, root) for task in tasks]
    if overrides is None:
        return entries
    memo: dict = {}
    return [(snap, doc, *keyed_results(doc, overrides, memo)) for snap, doc in entries]


def _entry(task, version, root) -> tuple:
    page_id, kind, row, content = task
    content = _decoded(content)
    if row["alias_of_id"]:
        # An alias shares its source's revisions; its own name and slug are on its row.
        content = {**content, "slug": row["slug"], "title": row["title"]}
    snap = snapshot_of_revision(page_id, kind, row["url_path"], content)
    doc = document_from_snapshot(snap, version=version, root_path=root)
    return dataclasses.replace(snap, raw_body=()), doc


def _decoded(text):
    """A revision's content from its stored JSON text, as Django's JSONField decodes it.

    Revision.content has no custom decoder, and text that is not JSON comes
    back as it is, as JSONField.from_db_value gives it.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _fallback(row, kind, version, root):
    """A page without the revision we need: read its row (rare: legacy data)."""
    if version != "draft" and not row["live"]:
        return PageSnapshot(row["id"], kind, row["slug"], row["title"], row["url_path"], "en", (), ()), None
    page = Page.objects.get(pk=row["id"]).specific
    snap = snapshot_of(page)
    doc = document_from_snapshot(snap, version=version, root_path=root)
    return dataclasses.replace(snap, raw_body=()), doc


def load_cluster(
    *, pillar: PillarPage, version: str, cache=None, root: str | None = None, workers=None
) -> tuple[list[PageSnapshot], list[PageDocument]]:
    """Snapshots of every page (pillar first) and documents of those that exist in `version`.

    `workers` (cluster/management/workers.py) build the documents the cache lacks.
    """
    return start_load(pillar=pillar, version=version, cache=cache, root=root, workers=workers).finish()


def start_load(
    *, pillar: PillarPage, version: str, cache=None, root: str | None = None, workers=None, overrides=None
):
    """load_cluster in steps: the queries now, the documents the cache lacks sent to `workers`.

    `result()` waits for them, `store()` writes them to the cache: a caller
    with work for the same workers sends it in between (service.cluster_reports).
    With `overrides` (the run's thresholds, {} for none), the workers also
    compute each document's page-local results, and `store()` writes those
    too, where the engine looks for them: a document is pickled to a worker
    once, not again for its results.
    """
    rows = _rows(pillar, version)
    kinds = {row["id"]: ("pillar" if i == 0 else "topic") for i, row in enumerate(rows)}
    return _start_rows(
        rows=rows, kinds=kinds, version=version, cache=cache, root=root, workers=workers, overrides=overrides
    )


def referenced_ids(snapshots, docs) -> set[int]:
    """Every page these pages declare or link to: the states the link checks ask for."""
    ids = {target for s in snapshots for target, _ in s.related}
    ids |= {link.target_id for d in docs for link in d.links if link.target_id}
    ids |= {b.target_id for d in docs for b in d.blocks if b.target_id}
    return ids


def load_rows(*, rows, kinds, version: str, cache=None, root: str | None = None):
    """(snapshots, documents) of the pages in `rows`; `kinds` maps id -> "pillar" or "topic".

    Everything is keyed by page: two pages may hold the same revision (an
    alias and its source), and each must come back as itself.
    """
    return _start_rows(rows=rows, kinds=kinds, version=version, cache=cache, root=root, workers=None).finish()


def _start_rows(
    *, rows, kinds, version: str, cache, root: str | None, workers, overrides=None
) -> PendingLoad:
    root = root or site_root_path()
    wanted = {row["id"]: (revision, row) for row in rows if (revision := _revision(row, version))}
    mount = url_mount(root)
    keys = {page_id: _key(page_id, revision, version, mount) for page_id, (revision, _) in wanted.items()}
    found = cache.get_many(list(keys.values())) if cache is not None else {}
    entries = {page_id: found[k] for page_id, k in keys.items() if k in found}
    missing = {wanted[page_id][0][0] for page_id in wanted if page_id not in entries}
    built = _nothing_built
    if missing:
        # Streamed: a cluster's revisions hold every page's whole content
        # (60 MB at 2,000 pages); only a chunk of them is in memory at once.
        # As the JSON text it is stored as, decoded where the document is
        # built (`_entry`): with --jobs that is in a worker, so this process,
        # which the workers wait on, neither decodes the JSON nor pickles the
        # dicts it makes (docs/architecture.md, "Worker processes").
        revisions = Revision.objects.filter(id__in=missing).values_list(
            "id", Cast("content", output_field=TextField())
        )
        contents = revisions.iterator(chunk_size=REVISION_CHUNK)
        todo = {page_id: w for page_id, w in wanted.items() if page_id not in entries}
        built = _build(todo, contents, kinds, version, root, workers, overrides if workers else None)
    return PendingLoad(rows, kinds, version, root, cache, keys, entries, built)


def _nothing_built() -> dict:
    return {}


class PendingLoad:
    """A load whose documents may still be being built: `result()` waits for them, `store()` caches them."""

    def __init__(self, rows, kinds, version, root, cache, keys, entries, built) -> None:
        self.rows, self.kinds, self.version, self.root = rows, kinds, version, root
        self.cache, self.keys, self.entries, self._built = cache, keys, entries, built
        self.built: dict | None = None
        self.local: dict = {}  # cache key -> page-local results, computed with the documents

    def finish(self) -> tuple[list[PageSnapshot], list[PageDocument]]:
        result = self.result()
        self.store()
        return result

    def result(self) -> tuple[list[PageSnapshot], list[PageDocument]]:
        if self.built is None:
            self.built = {}
            for page_id, entry in self._built().items():
                self.built[page_id] = entry[:2]
                if len(entry) == 4 and cacheable(entry[2], entry[3]):
                    self.local[entry[2]] = entry[3]
            self.entries.update(self.built)
        root, snapshots, documents = self.root, [], []
        for row in self.rows:
            kind = self.kinds[row["id"]]
            snap, doc = self.entries.get(row["id"]) or _fallback(row, kind, self.version, root)
            if snap.url_path != row["url_path"]:  # moved since the entry was built
                snap = dataclasses.replace(snap, url_path=row["url_path"])
                doc = doc and dataclasses.replace(doc, url=site_path(snap, root))
            snapshots.append(snap)
            if doc is not None:
                documents.append(doc)
        return snapshots, documents

    def inputs(self) -> str | None:
        """Text naming everything the snapshots and documents are made from, or None.

        Each page's row (its place, name and slug can change without a new
        revision) and the cache key of the revision its content comes from,
        which names that content for good. None when some page's content is
        read from its row instead (`_fallback`: no revision), which no key names.
        """
        lines = []
        for row in self.rows:
            key = self.keys.get(row["id"])
            if key is None and (self.version == "draft" or row["live"]):
                return None
            lines.append(repr((key, self.kinds[row["id"]], *(row[field] for field in ROW_FIELDS))))
        return "\n".join(lines)

    def store(self) -> None:
        """Write the documents built for this load to the cache, in one `set_many`."""
        if self.cache is not None and (self.built or self.local):
            built = {self.keys[page_id]: entry for page_id, entry in self.built.items()}
            self.cache.set_many({**built, **self.local})
            self.built, self.local = {}, {}
