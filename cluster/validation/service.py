"""What every consumer calls to validate pages: stored page -> documents -> engine -> one report.

The admin gate, the editor's panel, Cluster health, `validate_content` and
the API all come through here, so every consumer runs the same checks on the
same documents and reads the same report. A whole-cluster report carries a
`ClusterResult` (validators/findings.py): the cluster map the run used, the
page states it looked up, every declared edge with whether it is realized,
who links to whom, and the orphans. No consumer recomputes any of it.

Four selectors, by what is validated:

| function | pages | report has a cluster section |
| --- | --- | --- |
| `cluster_report` | every page of a cluster, stored, in one version | yes |
| `cluster_reports` | the same for several clusters, the per-page work in worker processes if given | yes |
| `page_report` | some topic pages, stored, in their cluster's context | no (page-scoped, see scoped.py) |
| `draft_page_report` | the editor's unsaved page | no (the gate: findings only, fast) |
| `draft_cluster_report` | the cluster with the editor's unsaved page in it | yes (the editor's panel) |
| `unstored_report` | pages read from files (docs/content-as-code.md) | when a whole cluster is checked |
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterator

from cluster.models import PillarPage
from cluster.stored.paths import site_root_path
from cluster.validation.caches import cluster_reports_memo, validation_cache
from cluster.validation.cluster_map import cluster_map, pillar_of
from cluster.validation.config import validation_overrides
from cluster.validation.documents import document_from_snapshot
from cluster.validation.loading import load_cluster, referenced_ids, start_load
from cluster.validation.scoped import validate_scoped
from cluster.validation.snapshot import snapshot_of
from cluster.validation.states import UNSAVED_ID, page_states
from validators.config import ENGINE_VERSION
from validators.document import DRAFT
from validators.engine import start_cluster, validate_cluster
from validators.findings import Report
from validators.local import CRASH_ID
from validators.registry import registered_checks

__all__ = [
    "cluster_report",
    "cluster_reports",
    "draft_cluster_report",
    "draft_page_report",
    "page_report",
    "pillar_of",
    "unstored_report",
]


class NotInCluster(ValueError):
    """The page has no pillar above it (yet): there is no cluster to validate it against."""


def _config(config) -> dict:
    return validation_overrides() if config is None else config


def _run(snapshots, docs, *, version: str, config, only=None, root: str, with_cluster: bool) -> Report:
    """Validate documents against their cluster, looking every page's state up once."""
    finish = _start_run(
        snapshots, docs, version=version, config=config, only=only, root=root, with_cluster=with_cluster
    )
    return finish()


def _start_run(
    snapshots,
    docs,
    *,
    version: str,
    config,
    only=None,
    root: str,
    with_cluster: bool,
    workers=None,
    inputs=None,
) -> Callable[[], Report]:
    """_run in two steps (the engine's start_cluster): the page-local work is sent to `workers` now.

    `inputs` (PendingLoad.inputs) names what a whole cluster's documents are
    made from: with it, a report of the same inputs is not computed again.
    """
    ids = {s.id for s in snapshots} | set(snapshots[0].adjacent) | referenced_ids(snapshots, docs)
    states = page_states(ids)
    states[UNSAVED_ID] = DRAFT
    key = None
    if inputs is not None and only is None and with_cluster:
        key = _report_key(inputs, states=states, version=version, config=config, root=root)
        if (known := cluster_reports_memo.recall(key)) is not None:
            return lambda: known
    cmap = cluster_map(version=version, snapshots=snapshots, states=states, root=root)
    finish = start_cluster(
        docs,
        cmap,
        states,
        config_overrides=config,
        cache=validation_cache(),
        only=only,
        summary=with_cluster,
        workers=workers,
    )
    if key is None:
        return finish
    return lambda: _remembered(key, finish())


def _remembered(key: str, report: Report) -> Report:
    # A crashed check (engine.E001) is run again next time, as the result
    # cache does (validators/local.py): it may have failed on something passing.
    if not any(f.id == CRASH_ID for f in report.findings):
        cluster_reports_memo.remember(key, report)
    return report


def _report_key(inputs: str, *, states: dict, version: str, config, root: str) -> str:
    """A digest of everything a whole-cluster report is computed from.

    The engine is a pure function of the documents, the cluster map, the page
    states and the thresholds; the documents and the map follow from the
    pages' rows and revisions (`inputs`), the site root and the states. The
    registered checks (by identity: a test or a plug-in may add one) and the
    engine version name the code.
    """
    checks = ",".join(f"{fn.__module__}.{fn.__qualname__}@{id(fn)}" for fn in registered_checks())
    parts = (
        ENGINE_VERSION,
        version,
        root,
        json.dumps(config, sort_keys=True, default=str),
        repr(sorted(states.items())),
        checks,
        inputs,
    )
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()


def cluster_report(*, pillar: PillarPage, version: str, config: dict | None = None) -> Report:
    """Every page of the pillar's cluster in `version` ("draft" or "live"), with the cluster section."""
    root = site_root_path()
    pending = start_load(pillar=pillar, version=version, cache=validation_cache(), root=root)
    snapshots, docs = pending.finish()
    finish = _start_run(
        snapshots,
        docs,
        version=version,
        config=_config(config),
        root=root,
        with_cluster=True,
        inputs=pending.inputs(),
    )
    return finish()


def cluster_reports(*, pillars, version: str, config: dict | None = None, workers=None) -> Iterator[Report]:
    """cluster_report of each pillar in turn; the same reports with or without `workers`.

    `workers` (cluster/management/workers.py) do the per-page half of each
    run: building documents and page-local results. Their queue is kept
    full: the documents of the next two clusters are sent to be built before
    this process waits, so the workers go from one cluster's pages to the
    next cluster's documents while it writes caches, checks across pages and
    finishes each report.
    """
    if workers is None:
        for pillar in pillars:
            yield cluster_report(pillar=pillar, version=version, config=config)
        return
    root, config, cache = site_root_path(), _config(config), validation_cache()

    def load(pillar):
        return start_load(
            pillar=pillar, version=version, cache=cache, root=root, workers=workers, overrides=config
        )

    # Two ahead: one cluster's documents (and their local results, computed
    # with them) cover the gap between this cluster's checks and the next
    # cluster's (its documents read back, page states, the cluster map,
    # cache keys), when the workers would wait.
    ahead = collections.deque(load(pillar) for pillar in pillars[:2])
    later = iter(pillars[2:])
    while ahead:
        pending = ahead.popleft()
        snapshots, docs = pending.result()
        if (following := next(later, None)) is not None:
            ahead.append(load(following))
        pending.store()  # before the run: it reads the local results from the cache
        finish = _start_run(
            snapshots,
            docs,
            version=version,
            config=config,
            root=root,
            with_cluster=True,
            workers=workers,
            inputs=pending.inputs(),
        )
        yield finish()


def page_report(*, pillar: PillarPage, page_ids, version: str, config: dict | None = None) -> Report:
    """Findings for some pages of the pillar's cluster, judged against the whole cluster.

    Topic pages are checked at a cost that does not grow with the cluster
    (scoped.py); the pillar owes a link to every topic, so a run that
    includes it reads the whole cluster. Either way the report has no
    cluster section: it did not check the whole cluster.
    """
    config, root, only = _config(config), site_root_path(), set(page_ids)
    report = validate_scoped(
        pillar=pillar, version=version, config=config, subjects=only, cache=validation_cache(), root=root
    )
    if report is not None:
        return report
    snapshots, docs = load_cluster(pillar=pillar, version=version, cache=validation_cache(), root=root)
    return _run(snapshots, docs, version=version, config=config, only=only, root=root, with_cluster=False)


def _pillar_for(page, parent) -> PillarPage:
    pillar = page if isinstance(page, PillarPage) else pillar_of(parent or page.get_parent())
    if pillar is None:
        raise NotInCluster(f"page {page.slug!r} is not part of a cluster")
    return pillar


def _with_unsaved(pillar, mine, doc, root):
    """The cluster's draft snapshots and documents, with the editor's version of one page."""
    if pillar.pk is None:
        return [mine], [doc]
    snapshots, docs = load_cluster(pillar=pillar, version=DRAFT, cache=validation_cache(), root=root)
    others = [s for s in snapshots if s.id != mine.id]
    docs = [doc, *(d for d in docs if d.id != mine.id)]
    # The pillar stays first.
    return ([mine, *others] if mine.kind == "pillar" else [*others, mine]), docs


def draft_page_report(*, page, parent=None, config: dict | None = None) -> Report:
    """Findings for an in-memory page (the editor's unsaved form), as it would be published.

    The other pages of the cluster are read in their draft version, since that
    is what the page would be published next to. An unsaved page (no id
    yet) takes the place of id 0, which no real page uses. The gate needs
    this page's findings only, not the cluster's coverage.
    """
    pillar, root, config = _pillar_for(page, parent), site_root_path(), _config(config)
    mine = snapshot_of(page)
    doc = document_from_snapshot(mine, version=DRAFT, root_path=root)
    if pillar.pk is not None and mine.kind == "topic":
        report = validate_scoped(
            pillar=pillar,
            version=DRAFT,
            config=config,
            subjects={mine.id},
            cache=validation_cache(),
            root=root,
            replace=(mine, doc),
        )
        if report is not None:
            return report
    snapshots, docs = _with_unsaved(pillar, mine, doc, root)
    return _run(snapshots, docs, version=DRAFT, config=config, only={mine.id}, root=root, with_cluster=False)


def draft_cluster_report(*, page, parent=None, config: dict | None = None) -> Report:
    """The cluster in its draft version with the editor's unsaved page in it, cluster section included.

    The editor's validation panel shows the page's links both ways, its
    coverage and whether it is an orphan, so it needs the whole cluster; it
    reports only the editor's page.
    """
    pillar, root, config = _pillar_for(page, parent), site_root_path(), _config(config)
    mine = snapshot_of(page)
    doc = document_from_snapshot(mine, version=DRAFT, root_path=root)
    snapshots, docs = _with_unsaved(pillar, mine, doc, root)
    return _run(snapshots, docs, version=DRAFT, config=config, only={mine.id}, root=root, with_cluster=True)


def unstored_report(
    *, clusters, states: dict, subjects=None, config: dict | None = None, workers=None
) -> Report:
    """Pages that are not stored: snapshots made from files, validated with no query and no cache.

    `clusters` holds, per cluster, its snapshots (pillar first) and each page's
    source file by id; `states` the state of every page they are or link to
    (the caller decides: files count as live, as if published together).
    Only `subjects` are reported (all pages when None); a cluster whose pages
    are all subjects gets its cluster section, as `cluster_report` does.
    """
    config, report = _config(config), Report()
    for snapshots, paths in clusters:
        ids = {s.id for s in snapshots}
        only = ids if subjects is None else ids & set(subjects)
        if not only:
            continue
        cmap = cluster_map(version=DRAFT, snapshots=snapshots, states=states, root="/")
        docs = [
            dataclasses.replace(
                document_from_snapshot(s, version=DRAFT, root_path="/"), source_path=paths[s.id]
            )
            for s in snapshots
        ]
        whole = only == ids
        part = validate_cluster(
            docs,
            cmap,
            states,
            config_overrides=config,
            only=None if whole else only,
            summary=whole,
            workers=workers,
        )
        report.pages += part.pages
        report.clusters += part.clusters
    return report
