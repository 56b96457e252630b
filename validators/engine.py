"""Run the registered checks over pages and clusters, like `django.core.checks.run_checks`.

The engine never lets one broken check take the whole run down: an exception
becomes an `engine.E001` error on that page (an error, not a warning, so a
page is never published on the strength of a check that did not run), and its
traceback is logged on the "validators.engine" logger. The fuzz tests prove
the built-in checks do not raise in the first place.

Checks are pure functions of a page and its context. What they need to know
about the other pages (the inbound-link map, the cluster's FAQ questions) the
engine builds once per run (`validators.indexes`) and hands over on the
context.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator

from . import checks as _checks  # noqa: F401  (registers the built-in checks)
from . import indexes, local, metrics, similarity, style, text
from .checks.links import CONTENT_FIELDS, content_targets, page_coverage
from .document import MISSING, PILLAR, ClusterMap, Node, PageDocument, ValidationContext
from .findings import ClusterResult, EdgeResult, Finding, PageResult, Report
from .places import where
from .registry import registered_checks

__all__ = ["CONTENT_FIELDS", "validate", "validate_cluster", "validate_page"]


def clear_caches() -> None:
    """Forget every in-process memo of the engine (the benchmarks time cold runs)."""
    metrics.clear_caches()
    similarity.clear_caches()
    style.clear_caches()
    text.clear_caches()
    indexes.clear_caches()


def _sort_key(finding: Finding) -> tuple:
    loc = finding.location

    def num(value) -> int:
        return value if isinstance(value, int) else -1

    return (
        finding.id,
        num(loc.block),
        num(loc.faq_item),
        num(loc.start),
        loc.field or "",
        finding.message,
    )


def _memoized(ctx: ValidationContext, name: str, build):
    # Keyed by what an index is built from, by identity (the memo holds those
    # objects, so no id is reused while the entry lives): a caller may replace
    # a context's cluster or documents and keep its memo.
    sources = (ctx.cluster, ctx.documents, ctx.subjects, ctx.shared, ctx.cache)
    entry = ctx.memo.get(name)
    if entry is None or any(a is not b for a, b in zip(entry[0], sources, strict=True)):
        entry = ctx.memo[name] = (sources, build())
    return entry[1]


def _with_indexes(ctx: ValidationContext, checks) -> ValidationContext:
    """`ctx` with the cross-page indexes the checks read, built once per run.

    validate_cluster builds them once for all its pages; a context a caller
    passes to validate_page gets them here, kept in its memo so that one
    context used for many pages builds them once. The question indexes are
    built on first use (see indexes.QuestionIndexes).
    """
    if all(getattr(fn, "local", False) for fn in checks):
        return ctx  # local checks read nothing beyond the page (registry.register)
    changes = {}
    if ctx.inbound_links is None and ctx.cluster is not None:
        changes["inbound_links"] = _memoized(
            ctx,
            "engine.inbound_links",
            lambda: indexes.inbound_links(
                ctx.documents, ctx.cluster.members, subjects=ctx.subjects, shared=ctx.shared
            ),
        )
    if ctx.question_indexes is None:
        changes["question_indexes"] = _memoized(
            ctx,
            "engine.question_indexes",
            lambda: indexes.QuestionIndexes(
                ctx.documents, subjects=ctx.subjects, shared=ctx.shared, cache=ctx.cache
            ),
        )
    if ctx.keyphrase_indexes is None:
        changes["keyphrase_indexes"] = _memoized(
            ctx,
            "engine.keyphrase_indexes",
            lambda: indexes.KeyphraseIndex(
                ctx.documents,
                pillar_id=ctx.cluster.pillar_id if ctx.cluster is not None else None,
                subjects=ctx.subjects,
                shared=ctx.shared,
            ),
        )
    return dataclasses.replace(ctx, **changes) if changes else ctx


def validate_page(
    doc: PageDocument,
    ctx: ValidationContext | None = None,
    families: Iterable[str] | None = None,
    cache=None,
) -> PageResult:
    """Run every registered check (or those of `families`) on one page.

    `cache` is any object with `get(key)` and `set(key, value)` (a Django
    cache fits); page-local results are reused from it when the page's
    content, thresholds and the engine version are unchanged.
    """
    ctx = ctx if ctx is not None else ValidationContext()
    if ctx.config is None:
        ctx = dataclasses.replace(ctx, config=local.page_config(doc, None))
    checks = registered_checks(families)
    ctx = _with_indexes(ctx, checks)
    computed = local.cached_or_computed(doc, ctx, _locals(checks), families, cache)
    return _page_result(doc, ctx, computed, local.run_checks(_cross_page(checks), doc, ctx))


def _locals(checks) -> list:
    return [fn for fn in checks if getattr(fn, "local", False)]


def _cross_page(checks) -> list:
    return [fn for fn in checks if not getattr(fn, "local", False)]


def _page_result(doc, ctx, computed: tuple, cross: list[Finding]) -> PageResult:
    """The page's result from its local results (findings, readability metrics) and cross-page findings."""
    found, readability = computed
    findings = [_placed(f, doc) for f in sorted(found + cross, key=_sort_key)]
    metrics = {
        "faq_items": len(doc.faq_items),
        "coverage": page_coverage(doc, ctx.cluster),
        "readability": readability,
    }
    return PageResult(document=doc, findings=findings, metrics=metrics)


def _placed(finding: Finding, doc: PageDocument) -> Finding:
    """The finding with its page and the editor's words for where it is.

    A copy of the fields rather than dataclasses.replace, which re-checks every
    field by name: this runs for every finding of every run, warm runs
    included (Finding has no __post_init__ to skip).
    """
    placed = object.__new__(Finding)
    placed.__dict__.update(
        finding.__dict__, page_id=doc.id, page_slug=doc.slug, where=where(doc, finding.location)
    )
    return placed


def _edges(outgoing: dict[int, tuple[int, ...]], cluster: ClusterMap) -> list[EdgeResult]:
    """Every declared edge, realized when the source's prose links the target.

    Edges leave cluster pages only, so `outgoing` (the members' prose links)
    answers for every source; the documents are not read twice.
    """
    # Sets: the pillar links to every topic, thousands of them.
    linked = {source: frozenset(targets) for source, targets in outgoing.items()}
    return [
        EdgeResult(edge=edge, realized=edge.target in linked.get(edge.source, ())) for edge in cluster.edges
    ]


def _prose_links(docs: dict, cluster: ClusterMap) -> dict[int, tuple[int, ...]]:
    """source id -> the pages its prose links to, for every cluster page with a document."""
    members = cluster.members
    return {
        page_id: tuple(sorted(content_targets(doc))) for page_id, doc in docs.items() if page_id in members
    }


def _incoming(outgoing: dict[int, tuple[int, ...]]) -> dict[int, tuple[int, ...]]:
    sources: dict[int, set[int]] = {}
    for source, targets in outgoing.items():
        for target in targets:
            if target != source:
                sources.setdefault(target, set()).add(source)
    return {target: tuple(sorted(ids)) for target, ids in sources.items()}


def _orphans(incoming: dict, cluster: ClusterMap, by_id: dict) -> list[int]:
    """Topics of the run no other cluster page links to from its prose.

    Only topics the run has a document for: in the live version a topic that
    was never published is not on the site, so it is nobody's orphan there
    (links.E006, a per-document check, already agreed; the summary did not).
    """
    return sorted(t for t in cluster.topic_ids if t in by_id and not incoming.get(t))


def _pillar_node(cluster: ClusterMap) -> Node:
    node = cluster.node(cluster.pillar_id)
    return node or Node(id=cluster.pillar_id, slug="", title="", type=PILLAR, status=MISSING)


def validate_cluster(
    docs: Iterable[PageDocument],
    cluster: ClusterMap | None,
    page_states: dict[int, str] | None = None,
    **options,
) -> Report:
    """Validate the pages of one cluster together (cross-page checks see all).

    `start_cluster` and its result in one call; it describes the `options`.
    """
    return start_cluster(docs, cluster, page_states, **options)()


def start_cluster(
    docs: Iterable[PageDocument],
    cluster: ClusterMap | None,
    page_states: dict[int, str] | None = None,
    *,
    config_overrides: dict | None = None,
    families: Iterable[str] | None = None,
    cache=None,
    only: set | None = None,
    summary: bool = True,
    shared: dict | None = None,
    workers=None,
) -> Callable[[], Report]:
    """Start validating one cluster; calling the returned function gives the report.

    `docs` is an iterable of documents, or a dict of them by id.

    With `only`, just those page ids are checked and reported; the other
    documents still inform the cross-page checks and the cluster result.
    `summary=False` leaves out the ClusterResult (coverage, orphans) for
    callers that only want page verdicts.

    `shared` (with `only`) is kept by the caller for as long as the other
    documents are unchanged; see ValidationContext.shared.

    `cluster` may be None for pages outside any cluster: they are validated
    on their own (links.W003) and no ClusterResult is produced.

    `workers` (anything with an ordered `map`, such as a process pool)
    computes the page-local results of the pages the cache does not hold
    (`validators.local.in_workers`); everything else stays here: the cache,
    the cross-page indexes and checks, and the cluster result. The report
    is the same with or without them. The pages the cache lacks are sent
    to `workers` before this returns; the returned function runs the
    cross-page checks while they are computed. In between, the caller may
    send the workers other tasks (the next cluster's documents): they queue
    behind these, and keep the workers busy while this process finishes the
    report.
    """
    if isinstance(docs, dict):  # already keyed by id (a caller that keeps the others' map)
        by_id, docs = docs, list(docs.values())
    else:
        docs = list(docs)
        by_id = {doc.id: doc for doc in docs if doc.id is not None}
    run_cache = local.RunCache(cache) if cache is not None else None
    base = ValidationContext(
        cluster=cluster,
        documents=by_id,
        page_states=dict(page_states or {}),
        subjects=frozenset(only) if only is not None else None,
        cache=run_cache,
        shared=shared if only is not None else None,
    )
    base = _with_indexes(base, registered_checks(families))  # once for every page of the run
    # Picked by key, not by reading each document: thousands of context
    # documents and one subject is the common page-scoped case.
    subjects = docs if only is None else [by_id[i] for i in by_id if i in only]
    configs: dict = {}  # thresholds per page type, resolved once per run
    for doc in subjects:
        if doc.type not in configs:
            configs[doc.type] = local.page_config(doc, config_overrides)
    keys = [None] * len(subjects)
    if run_cache is not None:
        keys = [local.cache_key(doc, configs[doc.type], families, base.memo) for doc in subjects]
        run_cache.prefetch(keys)
    contexts = [dataclasses.replace(base, config=configs[doc.type]) for doc in subjects]
    sent = None if workers is None else _send(workers, subjects, keys, configs, families, run_cache)

    def finish() -> Report:
        report = Report()
        if sent is None:
            pages = zip(subjects, contexts, strict=True)
            report.pages = [validate_page(doc, ctx, families, run_cache) for doc, ctx in pages]
        else:
            report.pages = _with_workers(sent, subjects, contexts, keys, families, run_cache)
        if cluster is not None and summary:
            report.clusters.append(_cluster_result(by_id, cluster, base.page_states))
        if run_cache is not None:
            run_cache.flush()
        return report

    return finish


def _cluster_result(by_id: dict, cluster: ClusterMap, page_states: dict) -> ClusterResult:
    outgoing = _prose_links(by_id, cluster)
    incoming = _incoming(outgoing)
    return ClusterResult(
        pillar=_pillar_node(cluster),
        edges=_edges(outgoing, cluster),
        orphans=_orphans(incoming, cluster, by_id),
        cluster_map=cluster,
        page_states=dict(page_states),
        incoming=incoming,
        outgoing=outgoing,
    )


def _send(workers, docs, keys, configs, families, run_cache) -> tuple[list[int], Iterator[tuple]]:
    """(positions of the pages the cache lacks, their local results to come from `workers`)."""
    todo = [i for i, key in enumerate(keys) if key is None or run_cache.get(key) is None]
    return todo, local.in_workers(workers, [docs[i] for i in todo], configs, families)


def _with_workers(sent, docs, contexts, keys, families, run_cache) -> list[PageResult]:
    """The pages' results: the cross-page checks run here while the workers compute the rest."""
    checks = registered_checks(families)
    pages = list(zip(docs, contexts, strict=True))
    cross = [local.run_checks(_cross_page(checks), doc, ctx) for doc, ctx in pages]
    todo, pending = sent
    computed = dict(zip(todo, pending, strict=True))  # read back in page order
    for i in todo:
        local.keep(run_cache, keys[i], computed[i])  # as the single-process path does, crashes excepted
    return [
        _page_result(doc, ctx, computed.get(i) or _cached(doc, ctx, checks, families, run_cache), cross[i])
        for i, (doc, ctx) in enumerate(pages)
    ]


def _cached(doc, ctx, checks, families, run_cache) -> tuple:
    return local.cached_or_computed(doc, ctx, _locals(checks), families, run_cache)


def validate(
    groups: Iterable[tuple[ClusterMap | None, Iterable[PageDocument]]],
    page_states: dict[int, str] | None = None,
    config_overrides: dict | None = None,
    families: Iterable[str] | None = None,
    cache=None,
    workers=None,
) -> Report:
    """Validate several clusters: `groups` is (cluster map or None, its pages) pairs."""
    report = Report()
    for cluster, docs in groups:
        part = validate_cluster(
            docs,
            cluster,
            page_states,
            config_overrides=config_overrides,
            families=families,
            cache=cache,
            workers=workers,
        )
        report.pages.extend(part.pages)
        report.clusters.extend(part.clusters)
    return report
