"""Every cache of cluster data, in one module: what it holds, its key, what clears it.

docs/architecture.md ("Caches") has the same inventory as a table. The rule
for each layer is one of two:

- **Immutable keys** never need invalidating. Documents are keyed by page,
  revision and revision time; page-local findings by content hash, thresholds
  and engine version. An edit makes a new key; the old entry ages out.
- **Published state** (the API's cluster reports) changes without a new
  revision: a publish, an unpublish, a move, a view restriction. That layer
  sits behind a generation number, and `invalidate_published_state()`
  replaces the generation *after the writer's transaction commits*. Cleared
  inside the transaction, a concurrent reader would rebuild the report from
  the old rows and keep it for the cache's lifetime (issue 11, defect 5).

The shared layers live in Django cache aliases, so every process sees the
same data: Redis in production, files under `.cache/` in dev (any process,
e.g. `import_page` next to `make run`, invalidates the running server),
process memory in tests.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction

from validators.engine import clear_caches as clear_engine_memos
from validators.reporters.compact import clear_caches as forget_last_reported
from validators.similarity import clear_caches as forget_prepared_questions

GENERATION_KEY = "cluster-api:generation"


class ValidationFileCache(FileBasedCache):
    """A file cache that does not scan its folder on every write.

    Django's FileBasedCache lists the whole cache directory on each `set` to
    decide whether to cull, which turns caching a 2,000-page cluster into
    millions of directory entries read. Culling every thousandth write keeps
    the bound without the scan.
    """

    cull_every = 1000

    def _cull(self):
        self._writes = getattr(self, "_writes", 0) + 1
        if self._writes % self.cull_every == 0:
            super()._cull()


class BoundedMemo(OrderedDict):
    """A process-local map that forgets its oldest entries beyond `size`.

    Threads of one server share it (runserver, gthread workers, the live
    server of the browser tests): without the lock, one thread's eviction
    between another's `get` and `move_to_end` raised KeyError.
    """

    def __init__(self, size: int):
        super().__init__()
        self.size = size
        self.lock = threading.Lock()

    def remember(self, key, value):
        with self.lock:
            self[key] = value
            self.move_to_end(key)
            while len(self) > self.size:
                self.popitem(last=False)
        return value

    def recall(self, key):
        with self.lock:
            found = self.get(key)
            if found is not None:
                self.move_to_end(key)
        return found


SHARED_BATCH = 200


class LayeredCache:
    """A bounded in-process map in front of the shared `validation` cache.

    Every key this layer holds names immutable content (a revision, or a
    content hash with thresholds and engine version), so an entry can never
    go stale; keeping recent ones in memory saves unpickling a whole cluster
    from the shared cache on every admin publish in a long-running worker.
    """

    def __init__(self, shared=None, size: int = 50_000):
        self.shared = shared
        self.entries = BoundedMemo(size)

    def get_many(self, keys):
        found = {k: self.entries[k] for k in keys if k in self.entries}
        missing = [k for k in keys if k not in found]
        if missing and self.shared is not None:
            shared = self.shared.get_many(missing)
            for key, value in shared.items():
                self.entries.remember(key, value)
            found.update(shared)
        return found

    def get(self, key, default=None):
        return self.get_many([key]).get(key, default)

    def set_many(self, items):
        for key, value in items.items():
            self.entries.remember(key, value)
        if self.shared is not None:
            # In batches: a Redis pipeline holds every pickled value until it
            # runs, 20 MB for a 2,000-page cluster's documents.
            keys = list(items)
            for start in range(0, len(keys), SHARED_BATCH):
                self.shared.set_many({key: items[key] for key in keys[start : start + SHARED_BATCH]})

    def set(self, key, value):
        self.set_many({key: value})

    def clear(self):
        self.entries.clear()
        if self.shared is not None:
            self.shared.clear()


# --- the layers ------------------------------------------------------------------

_validation_layers: dict = {}
# Page-scoped validation keeps the other pages of a cluster, keyed by an exact
# fingerprint of their rows (cluster/validation/scoped.py).
scoped_contexts = BoundedMemo(16)
# The fingerprints of those contexts by the sum of the cluster's page write
# tokens (write_tokens.py): a key into scoped_contexts, which owns the memory.
scoped_shortcuts = BoundedMemo(16)
# Whole-cluster reports (service.cluster_report), keyed by a digest of every
# input: the pages' rows, the revisions their content comes from, the page
# states, the site root, the thresholds and the registered checks. Cluster
# health, the Status panel and a batch run validated again re-read unchanged
# clusters; an equal key is an equal report, so nothing ever invalidates it.
cluster_reports_memo = BoundedMemo(8)


def validation_cache() -> LayeredCache:
    """Documents and page-local findings: process memory in front of the `validation` alias.

    Without a configured alias (CLUSTER_VALIDATION_CACHE = None) results are
    still reused within the process, which is always safe: every key names
    immutable content.
    """
    alias = getattr(settings, "CLUSTER_VALIDATION_CACHE", None)
    alias = alias if alias and alias in settings.CACHES else None
    if alias not in _validation_layers:
        _validation_layers[alias] = LayeredCache(caches[alias] if alias else None)
    return _validation_layers[alias]


def release_process_layer() -> None:
    """Forget what this process keeps in front of the shared `validation` cache.

    For batch runs (`validate_content`): each of a run's entries is read once,
    by the cluster it belongs to, so once a cluster is validated its documents
    and results only take memory (all 20,000 pages' of a large run). The
    shared layer keeps them for the next run. So do the engine's prepared FAQ
    questions (up to 50,000, tens of megabytes), which no other cluster asks.
    """
    for layer in _validation_layers.values():
        layer.entries.clear()
    cluster_reports_memo.clear()  # each holds its cluster's documents
    forget_last_reported()  # so does the last report made compact
    forget_prepared_questions()


# --- published state: the API's cluster reports ------------------------------------


def _generation() -> str:
    generation = default_cache.get(GENERATION_KEY)
    if generation is None:
        default_cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = default_cache.get(GENERATION_KEY) or "0"
    return generation


def published_reports_get(keys: list[str]) -> dict:
    """Cached published-state entries for these keys, under the current generation."""
    generation = _generation()
    found = default_cache.get_many([f"{generation}:{k}" for k in keys])
    return {k: found[f"{generation}:{k}"] for k in keys if f"{generation}:{k}" in found}


def published_reports_set(entries: dict, *, generation: str | None = None) -> None:
    """Store entries under `generation`: the one read *before* they were computed.

    A report computed while a writer commits carries the old generation, so
    it is never served once the writer's invalidation has replaced it.
    """
    generation = generation or _generation()
    timeout = getattr(settings, "CLUSTER_API_CACHE_TIMEOUT", 900)
    default_cache.set_many({f"{generation}:{k}": v for k, v in entries.items()}, timeout)


def current_generation() -> str:
    return _generation()


def _replace_generation() -> None:
    default_cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def invalidate_published_state() -> None:
    """Forget every cached cluster report once the current transaction commits.

    Not only the changed page's own cluster: a link from another cluster to
    it changes that cluster's validation too (links.E004), so all of them go.
    Outside a transaction it runs at once. It also runs before the commit
    (below): a reader in the same transaction must not see the old report.
    """
    _replace_generation()
    transaction.on_commit(_replace_generation)


def clear_all() -> None:
    """Forget everything: the shared layers, this process's layers and the engine's memos.

    For tests that rewrite history in place and for the benchmarks' cold runs.
    """
    validation_cache().clear()
    scoped_contexts.clear()
    scoped_shortcuts.clear()
    cluster_reports_memo.clear()
    forget_last_reported()
    _replace_generation()
    clear_engine_memos()
