"""Page-local results: the findings of the checks that read only the page, and its readability metrics.

A local check (`register(..., local=True)`) reads the page and its
thresholds, nothing else, so its results are a function of the page's
content. That is what lets the engine keep them in the result cache (keyed by
content hash, thresholds, families and `ENGINE_VERSION`) and what lets it
compute them in other processes (`validate_cluster(..., workers=)`): they
come back the same wherever and in whatever order they are computed. They
are also most of a cold run's cost (readability analysis above all).

A crashing check becomes `engine.E001` here, wherever the check runs; its
traceback is logged on "validators.engine" by the process that ran it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator

from . import metrics, style
from .config import ENGINE_VERSION, resolve
from .document import PILLAR, TOPIC, PageDocument, ValidationContext
from .findings import ERROR, Finding, Location
from .registry import check_name, registered_checks

logger = logging.getLogger("validators.engine")

CRASH_ID = "engine.E001"
# Pages per task sent to a worker: enough that a task's IPC is small next to
# its work (a page costs about 2 ms), few enough that the workers finish
# together (the last task of one worker is the other's idle time).
CHUNK_PAGES = 40


def crash(fn, exc: BaseException) -> Finding:
    name = check_name(fn)
    return Finding(
        CRASH_ID,
        ERROR,
        f"check {name} crashed: {type(exc).__name__}: {exc}"[:500],
        "This is a bug in the validator, not in the page; report it with the page id.",
        Location(),
        name,
    )


def run_checks(checks, doc: PageDocument, ctx: ValidationContext) -> list[Finding]:
    findings: list[Finding] = []
    for fn in checks:
        try:
            findings.extend(fn(doc, ctx) or ())
        except Exception as exc:
            # The finding tells the editor the page was not fully checked; the
            # traceback is for whoever fixes the check.
            logger.exception("Check %s crashed on page id=%s slug=%r", check_name(fn), doc.id, doc.slug)
            findings.append(crash(fn, exc))
    return findings


def page_config(doc: PageDocument, overrides: dict | None) -> dict:
    """The thresholds of the page's type, with `overrides` applied."""
    # Unknown page types are validated with topic thresholds rather than
    # crashing: the type comes from stored data the editor cannot fix here.
    return resolve(doc.type if doc.type in (PILLAR, TOPIC) else TOPIC, overrides)


def keyed_results(doc: PageDocument, overrides: dict | None, memo: dict) -> tuple[str | None, tuple]:
    """(cache key, local results) of one page, as the engine would key and compute them.

    For a worker process that has just built the document
    (cluster/validation/loading.py): computing the results in the same task
    spares sending the document back to a worker for them. `memo` is the
    caller's, one per task: thresholds and their serialized text, by page type.
    """
    cfg = memo.get(("config", doc.type))
    if cfg is None:
        cfg = memo[("config", doc.type)] = page_config(doc, overrides)
    return cache_key(doc, cfg, None, memo), compute(doc, ValidationContext(config=cfg), local_checks(None))


def local_checks(families) -> list:
    return [fn for fn in registered_checks(families) if getattr(fn, "local", False)]


def readability_metrics(doc: PageDocument, cfg: dict) -> dict:
    try:
        analysis = metrics.analyse(doc, cfg["same_start_run"])
        return {
            **metrics.page_metrics(analysis, cfg["long_sentence_words"]),
            **style.style_metrics(analysis),
        }
    except Exception as exc:  # the readability check reports the crash itself
        return {"error": f"{type(exc).__name__}: {exc}"}


def compute(doc: PageDocument, ctx: ValidationContext, checks) -> tuple[list[Finding], dict]:
    """(local findings, readability metrics) of one page; `ctx.config` holds its thresholds."""
    return run_checks(checks, doc, ctx), readability_metrics(doc, ctx.config)


def cache_key(doc: PageDocument, cfg: dict, families, memo: dict | None = None) -> str | None:
    """Key for the page-local results: content, thresholds and engine version.

    Anything a local check reads is in the content hash, so an unchanged key
    can never give a stale verdict; findings that depend on other pages (links,
    orphans, repeated questions) are never cached.
    """
    if not doc.content_hash:
        return None
    payload = json.dumps([doc.content_hash, doc.type, doc.language], default=str)
    payload += _settings_text(cfg, families, memo)
    return "validators:local:" + hashlib.sha256(payload.encode()).hexdigest()


def _settings_text(cfg: dict, families, memo: dict | None) -> str:
    # The same for every page of a type in a run: serialized once. The memo
    # holds the config itself, so its id cannot be reused while the entry lives.
    key = ("engine.settings", id(cfg), tuple(sorted(families or [])))
    if memo is not None and key in memo and memo[key][0] is cfg:
        return memo[key][1]
    text = json.dumps([ENGINE_VERSION, cfg, sorted(families or [])], sort_keys=True, default=str)
    if memo is not None:
        memo[key] = (cfg, text)
    return text


def cached_or_computed(doc, ctx, checks, families, cache) -> tuple[list[Finding], dict]:
    """The page's local results from `cache`, or computed now (and kept, unless a check crashed)."""
    key = cache_key(doc, ctx.config, families, ctx.memo) if cache is not None else None
    cached = cache.get(key) if key else None
    if cached is not None:
        return list(cached[0]), dict(cached[1])
    results = compute(doc, ctx, checks)
    keep(cache, key, results)
    return results


def keep(cache, key, results) -> None:
    if cacheable(key, results):
        cache.set(key, results)


def cacheable(key, results) -> bool:
    # A crash is never cached: the next run tries the check again (and logs
    # its traceback again) rather than replaying engine.E001 for 30 days.
    return bool(key) and not any(f.id == CRASH_ID for f in results[0])


class RunCache:
    """A run's view of the result cache: one read and one write for all pages.

    A shared cache (Redis in production) costs a round trip per call, and a
    2,000-page run would make thousands. Keys known up front are read with
    `get_many`; writes are collected and sent with `set_many` at the end.
    Caches without the batch methods are called key by key.
    """

    def __init__(self, cache) -> None:
        self.cache = cache
        self.fetched: dict = {}
        self.pending: dict = {}

    def prefetch(self, keys) -> None:
        keys = [k for k in keys if k and k not in self.fetched]
        get_many = getattr(self.cache, "get_many", None)
        if keys and get_many is not None:
            found = get_many(keys)
            self.fetched.update({k: found.get(k) for k in keys})

    def get(self, key, default=None):
        if key in self.pending:
            return self.pending[key]
        value = self.fetched[key] if key in self.fetched else self.cache.get(key)
        return default if value is None else value

    def set(self, key, value) -> None:
        self.pending[key] = value

    def flush(self) -> None:
        if not self.pending:
            return
        set_many = getattr(self.cache, "set_many", None)
        if set_many is not None:
            set_many(self.pending)
        else:
            for key, value in self.pending.items():
                self.cache.set(key, value)
        self.pending = {}


# --- in worker processes ----------------------------------------------------------


def in_workers(workers, docs: list[PageDocument], configs: dict, families) -> Iterator[tuple]:
    """Local results of `docs`, in their order, computed by `workers` a chunk of pages at a time.

    `workers` is anything whose `map(fn, iterable)` yields fn's results in
    input order (a `concurrent.futures` executor fits, and submits every
    task at once: the caller gets on with other work and reads the results
    when it needs them). A task carries its pages and their thresholds
    (`configs`, by page type), never a cache or the other pages: a local
    check reads nothing else.
    """
    if not docs:
        return iter(())  # nothing to send: a pool that forks on first use never does
    fams = None if families is None else tuple(families)
    tasks = [(docs[i : i + CHUNK_PAGES], configs, fams) for i in range(0, len(docs), CHUNK_PAGES)]
    chunks = workers.map(_compute_chunk, tasks)
    return (results for chunk in chunks for results in chunk)


def _compute_chunk(task) -> list[tuple]:
    docs, configs, families = task
    checks = local_checks(families)
    return [compute(doc, ValidationContext(config=configs[doc.type]), checks) for doc in docs]


def preload(languages=("en",)) -> None:
    """Load the syllable data of `languages` now (the CMU dictionary for English, pyphen's patterns).

    Called before worker processes are forked, so they share one copy
    (copy-on-write) instead of each reading the files again.
    """
    metrics.preload(languages)
