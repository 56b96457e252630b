"""What the headless API tells about a cluster: the public part of its live report.

One entry per pillar holds everything the API serves about a cluster (the
`/api/v2/clusters/` endpoints, and the `cluster` and `validation` fields of
pages). It is read from the live `cluster_report` (cluster/validation/service.py),
the same report Cluster health, the editor's panel and `validate_content`
read, and kept in the shared cache until published state changes
(cluster/validation/caches.py, cluster/signal_handlers.py).

Only live, public pages survive into an entry's nodes, edges, topics and
orphans: the report also knows drafts, scheduled, private and withdrawn
pages, and the API must not reveal them. Validation keeps counts only,
never findings. So the API's coverage counts the edges between public
pages; with no private page in the cluster that is the report's coverage.
"""

from __future__ import annotations

import hashlib
import json

from django.db.models import Max
from django.db.models.functions import Coalesce
from wagtail.models import Page

from cluster.models import PillarPage
from cluster.validation import caches
from cluster.validation.config import validation_overrides
from cluster.validation.service import cluster_report
from validators.config import ENGINE_VERSION
from validators.document import LIVE, PILLAR
from validators.findings import coverage_of


def _key(pillar_id: int) -> str:
    # Thresholds change verdicts; settings may differ between processes' lifetimes.
    digest = hashlib.sha256(json.dumps(validation_overrides(), sort_keys=True, default=str).encode())
    return f"cluster-api:{ENGINE_VERSION}:{digest.hexdigest()[:12]}:{pillar_id}"


def _node(n) -> dict:
    return {"id": n.id, "slug": n.slug, "title": n.title, "url": n.url, "type": n.type, "status": n.status}


def _edge(result) -> dict:
    e = result.edge
    return {
        "source": e.source,
        "target": e.target,
        "kind": e.kind,
        "required": e.required,
        "realized": result.realized,
    }


def public_cluster(pillar) -> dict:
    """The public part of one pillar's live report."""
    report = cluster_report(pillar=pillar, version=LIVE)
    result = report.clusters[0]
    public = {n.id for n in result.cluster_map.nodes if n.status == LIVE}
    nodes = [_node(n) for n in result.cluster_map.nodes if n.id in public]
    edges = [e for e in result.edges if e.edge.source in public]  # targets of due edges are live
    validation = {
        r.document.id: {"status": r.status, "errors": len(r.errors), "warnings": len(r.warnings)}
        for r in report.pages
        if r.document.id in public
    }
    head = next((n for n in nodes if n["type"] == PILLAR and n["id"] == pillar.id), None)
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
        "edges": [_edge(e) for e in edges],
        "coverage": coverage_of(edges),
        "orphans": [i for i in result.orphans if i in public],
        "validation": validation,
        "status": "fail" if any(v["status"] == "fail" for v in validation.values()) else "pass",
        "checked_at": _checked_at(public),
    }


# When a page's live version was published. Never `latest_revision_created_at`:
# every saved draft rewrites it on the live row, so it would tell the public
# when a draft was saved (issue 17). A page put live by a script, without a
# publish, falls back to its live revision's time, which only a publish moves.
PUBLISHED_AT = Coalesce("last_published_at", "first_published_at", "live_revision__created_at")


def publish_times(page_ids) -> dict[int, str | None]:
    """`PUBLISHED_AT` of each page, ISO 8601, or None for a page live without any of them."""
    rows = Page.objects.filter(id__in=list(page_ids)).annotate(at=PUBLISHED_AT).values_list("id", "at")
    return {pk: at.isoformat() if at else None for pk, at in rows}


def _checked_at(page_ids) -> str | None:
    """The newest publish time of the cluster's live, public pages (docs/api.md, "Caching").

    Not the time this entry was computed: every publish anywhere recomputes it,
    and the cluster's ETag must change only when the cluster's content does.
    None when no page has a publish time (docs/api.md).
    """
    stamp = Page.objects.filter(id__in=page_ids).aggregate(at=Max(PUBLISHED_AT))["at"]
    return stamp.isoformat() if stamp else None


def public_clusters(pillars) -> dict[int, dict]:
    """`public_cluster` for these pillars (PillarPage rows), from the cache where possible."""
    pillars = {p.id: p for p in pillars}
    if not pillars:
        return {}
    # Read before computing: an entry computed while a writer commits is
    # stored under the generation the writer then replaces (caches.py).
    generation = caches.current_generation()
    keys = {pid: _key(pid) for pid in pillars}
    cached = caches.published_reports_get(list(keys.values()))
    found = {pid: cached[key] for pid, key in keys.items() if key in cached}
    missing = {pid: public_cluster(pillars[pid]) for pid in pillars if pid not in found}
    if missing:
        entries = {keys[pid]: data for pid, data in missing.items()}
        caches.published_reports_set(entries, generation=generation)
    return found | missing


def public_pillars():
    return list(PillarPage.objects.live().public().order_by("path"))


def cluster_list() -> list[dict]:
    """Every live, public cluster, in tree order, as the list endpoint shows it."""
    pillars = public_pillars()
    data = public_clusters(pillars)
    return [summary(data[p.id]) for p in pillars if data[p.id]["public"]]


def summary(data: dict) -> dict:
    return {
        **data["pillar"],
        "topics": [{k: t[k] for k in ("id", "title", "url")} for t in data["topics"]],
        "coverage": data["coverage"],
        "status": data["status"],
    }


def cluster_detail(pillar_id: int) -> dict | None:
    """The live cluster map of one public pillar, or None (missing, not live, private)."""
    pillar = PillarPage.objects.live().public().filter(id=pillar_id).first()
    if pillar is None:
        return None
    data = public_clusters([pillar])[pillar.id]
    if not data["public"]:
        return None
    keys = ("nodes", "edges", "coverage", "orphans", "status", "checked_at")
    return {**data["pillar"], **{k: data[k] for k in keys}}
