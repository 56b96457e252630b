"""What the headless API knows about a cluster: its live map and live validation.

One "cluster snapshot" per pillar holds everything the API serves about a
cluster (the `/api/v2/clusters/` endpoints, and the `cluster` and `validation`
fields of pages). It is built from `cluster_map(pillar, "live")` and
`validate_pillar(pillar, "live")` (a constant number of queries whatever the
cluster's size), then kept in the Django cache (Redis in production) until a
page is published or unpublished (cluster/signal_handlers.py).

Only live, public pages survive into a snapshot's nodes, edges, topics and
orphans: the map also knows drafts, scheduled, private and withdrawn pages,
and the API must not reveal them. Validation keeps counts only, never findings.
"""

from __future__ import annotations

import hashlib
import json
import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from validators.config import ENGINE_VERSION
from validators.document import LIVE, PILLAR

GENERATION_KEY = "cluster-api:generation"


def _generation() -> str:
    """The current cache generation; invalidate() replaces it, which orphans every snapshot."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY) or "0"
    return generation


def invalidate() -> None:
    """Forget every cached snapshot (called when any page goes live or is withdrawn).

    Not only the changed page's own cluster: a link from another cluster to it
    changes that cluster's validation too (links.E004), so every snapshot goes.
    """
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _config_digest() -> str:
    # Thresholds change validation verdicts; settings may differ between processes' lifetimes.
    overrides = getattr(settings, "CLUSTER_VALIDATION", {}) or {}
    return hashlib.sha256(json.dumps(overrides, sort_keys=True, default=str).encode()).hexdigest()[:12]


def _key(generation: str, pillar_id: int) -> str:
    return f"cluster-api:{ENGINE_VERSION}:{_config_digest()}:{generation}:{pillar_id}"


def _edge_key(edge) -> tuple:
    return (edge.source, edge.target, edge.kind)


def _coverage(edges: list[dict]) -> dict:
    # Same shape as validators.findings.ClusterResult.coverage, over the public edges only.
    declared = len(edges)
    realized = sum(1 for e in edges if e["realized"])
    return {
        "declared": declared,
        "realized": realized,
        "ratio": round(realized / declared, 4) if declared else 1.0,
    }


def compute_snapshot(pillar) -> dict:
    """Build one pillar's snapshot from the live map and the live validation report."""
    from cluster.checks import validation_overrides
    from cluster.validation.cluster_map import cluster_map
    from cluster.validation.service import validate_pillar

    cmap = cluster_map(pillar, "live")
    report = validate_pillar(pillar, "live", config=validation_overrides())
    public = {node.id for node in cmap.nodes if node.status == LIVE}
    nodes = [
        {"id": n.id, "slug": n.slug, "title": n.title, "url": n.url, "type": n.type, "status": n.status}
        for n in cmap.nodes
        if n.id in public
    ]
    result = report.clusters[0] if report.clusters else None
    realized = {_edge_key(e.edge): e.realized for e in result.edges} if result else {}
    # The map only declares edges whose target is live; the source must be public too.
    edges = [
        {
            "source": e.source,
            "target": e.target,
            "kind": e.kind,
            "required": e.required,
            "realized": realized.get(_edge_key(e), False),
        }
        for e in cmap.edges
        if e.source in public
    ]
    validation = {
        r.document.id: {"status": r.status, "errors": len(r.errors), "warnings": len(r.warnings)}
        for r in report.pages
    }
    head = next((n for n in nodes if n["type"] == PILLAR and n["id"] == pillar.id), None)
    failing = any(validation.get(i, {}).get("status") == "fail" for i in public)
    return {
        "id": pillar.id,
        "public": head is not None,
        "pillar": {"id": head["id"], "title": head["title"], "url": head["url"]} if head else None,
        "topics": [
            {"id": n["id"], "title": n["title"], "url": n["url"], "required": True}
            for n in nodes
            if n["type"] != PILLAR
        ],
        "nodes": nodes,
        "edges": edges,
        "coverage": _coverage(edges),
        "orphans": [i for i in (result.orphans if result else []) if i in public],
        "validation": validation,
        "status": "fail" if failing else "pass",
        "checked_at": timezone.now().isoformat(),
    }


def snapshots(pillars) -> dict[int, dict]:
    """Snapshots for these pillars (PillarPage rows), from the cache where possible."""
    pillars = {p.id: p for p in pillars}
    if not pillars:
        return {}
    generation = _generation()
    keys = {pid: _key(generation, pid) for pid in pillars}
    cached = cache.get_many(list(keys.values()))
    found = {pid: cached[key] for pid, key in keys.items() if key in cached}
    missing = {pid: compute_snapshot(pillars[pid]) for pid in pillars if pid not in found}
    if missing:
        timeout = getattr(settings, "CLUSTER_API_CACHE_TIMEOUT", 900)
        cache.set_many({keys[pid]: snap for pid, snap in missing.items()}, timeout)
    return found | missing


def public_pillars():
    from cluster.models import PillarPage

    return list(PillarPage.objects.live().public().order_by("path"))


def cluster_list() -> list[dict]:
    """Every live, public cluster, in tree order, as the list endpoint shows it."""
    pillars = public_pillars()
    snaps = snapshots(pillars)
    return [summary(snaps[p.id]) for p in pillars if snaps[p.id]["public"]]


def summary(snap: dict) -> dict:
    return {
        **snap["pillar"],
        "topics": [{k: t[k] for k in ("id", "title", "url")} for t in snap["topics"]],
        "coverage": snap["coverage"],
        "status": snap["status"],
    }


def cluster_detail(pillar_id: int) -> dict | None:
    """The live cluster map of one public pillar, or None (missing, not live, private)."""
    from cluster.models import PillarPage

    pillar = PillarPage.objects.live().public().filter(id=pillar_id).first()
    if pillar is None:
        return None
    snap = snapshots([pillar])[pillar.id]
    if not snap["public"]:
        return None
    keys = ("nodes", "edges", "coverage", "orphans", "status", "checked_at")
    return {**snap["pillar"], **{k: snap[k] for k in keys}}
