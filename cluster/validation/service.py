"""Validate Wagtail pages with the framework-free engine in `validators/`.

The admin gate, the CLI gate and the API all come through here, so every
consumer runs the same checks on the same documents.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from wagtail.models import Page

from cluster.models import PillarPage
from cluster.stored.paths import site_root_path
from cluster.validation.cluster_map import cluster_map, pillar_of
from cluster.validation.documents import document_from_page, document_from_snapshot
from cluster.validation.loading import LayeredCache, load_cluster, referenced_ids
from cluster.validation.scoped import validate_scoped
from cluster.validation.snapshot import snapshot_of
from cluster.validation.states import UNSAVED_ID, page_states
from validators.document import DRAFT
from validators.engine import validate_cluster
from validators.findings import Report

__all__ = ["document_from_page", "validate_instance", "validate_page", "validate_pillar"]


def _validate(snapshots, docs, state: str, config, only=None, root=None, summary=True) -> Report:
    """Validate documents against their cluster, looking every page state up once.

    `only` limits the pages reported (and checked) to those ids; the rest of
    the cluster is still read, since orphans and repeated questions are
    judged across it.
    """
    ids = {s.id for s in snapshots} | set(snapshots[0].adjacent) | referenced_ids(snapshots, docs)
    states = page_states(ids)
    states[UNSAVED_ID] = DRAFT
    cmap = cluster_map(None, state, snapshots, states, root)
    return validate_cluster(docs, cmap, states, config, cache=validation_cache(), only=only, summary=summary)


_layers: dict = {}


def validation_cache():
    """The validation cache: process memory in front of the configured alias.

    Without a configured alias (CLUSTER_VALIDATION_CACHE = None) results are
    still reused within the process, which is always safe: every key names
    immutable content.
    """
    alias = getattr(settings, "CLUSTER_VALIDATION_CACHE", None)
    alias = alias if alias and alias in settings.CACHES else None
    if alias not in _layers:
        _layers[alias] = LayeredCache(caches[alias] if alias else None)
    return _layers[alias]


def clear_caches() -> None:
    """Forget validation results everywhere: the shared cache, this process's
    layer in front of it, kept page-scoped contexts and the engine's memos."""
    from cluster.validation import scoped
    from validators.engine import clear_caches as clear_engine_caches

    validation_cache().clear()
    scoped.forget()
    clear_engine_caches()


def validate_pillar(
    pillar: PillarPage, state: str = "draft", config=None, only=None, summary: bool = True
) -> Report:
    """Validate the pages of one cluster (or just the ids in `only`) in the given state.

    With `only` and `summary=False` the report holds those pages' findings and
    no cluster section, which lets topic pages be checked without re-reading
    the rest of the cluster (see `scoped`).
    """
    root = site_root_path()
    if only and not summary:
        report = validate_scoped(pillar, state, config, only, validation_cache(), root)
        if report is not None:
            return report
    snapshots, docs = load_cluster(pillar, state, validation_cache(), root)
    return _validate(snapshots, docs, state, config, only, root, summary)


def validate_instance(page, parent=None, config=None) -> Report:
    """Validate an in-memory page (e.g. the editor's unsaved form) in its cluster.

    The other pages of the cluster are read in their draft state, since that is
    what the editor's page would be published next to. An unsaved page (no id
    yet) takes the place of id 0, which no real page uses.
    """
    pillar = page if isinstance(page, PillarPage) else pillar_of(parent or page.get_parent())
    if pillar is None:
        raise ValueError(f"page {page.slug!r} is not part of a cluster")
    root = site_root_path()
    mine = snapshot_of(page)
    doc = document_from_snapshot(mine, "draft", root)
    if pillar.pk is not None and mine.kind == "topic":
        report = validate_scoped(
            pillar, "draft", config, {mine.id}, validation_cache(), root, replace=(mine, doc)
        )
        if report is not None:
            return report
    if pillar.pk is None:
        snapshots, docs = [mine], [doc]
    else:
        snapshots, docs = load_cluster(pillar, "draft", validation_cache(), root)
        # The editor's version replaces the stored one; the pillar stays first.
        others = [s for s in snapshots if s.id != mine.id]
        docs = [doc, *(d for d in docs if d.id != mine.id)]
        snapshots = [mine, *others] if mine.kind == "pillar" else [*others, mine]
    # The gate needs this page's findings only, not the cluster's coverage.
    return _validate(snapshots, docs, "draft", config, only={mine.id}, root=root, summary=False)


def validate_page(page: Page, state: str = "draft", config=None) -> Report:
    """Validate one page in the context of its cluster; the report keeps only that page."""
    pillar = pillar_of(page)
    if pillar is None:
        raise ValueError(f"page {page.slug!r} is not part of a cluster")
    return validate_pillar(pillar, state, config, only={page.id})
