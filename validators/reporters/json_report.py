"""Machine-readable JSON report (stable key order, one page per line)."""

from __future__ import annotations

import json

from ..findings import ClusterResult, Finding, PageResult, Report
from ._common import GENERATED_BY, absolute_url, check_fail_on, edit_url, page_url, place, to_jsonable


def render(report: Report, *, fail_on: str = "error", base_url: str = "", color: bool = False) -> str:
    """`color` is accepted for a uniform signature and ignored."""
    return layout(as_dict(report, fail_on=fail_on, base_url=base_url)) + "\n"


def layout(data: dict) -> str:
    """Top-level keys one per line; each page and each cluster on a line of its own.

    A report of thousands of pages stays greppable and diffs page by page,
    where `indent=2` would spread it over hundreds of thousands of lines; and
    json's C encoder, which only runs without `indent`, renders it several
    times faster. `jq .` pretty-prints it whole when a person wants that.
    """
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n".join("    " + _dump(item) for item in value)
            parts.append(f"  {_dump(key)}: [\n{items}\n  ]")
        else:
            parts.append(f"  {_dump(key)}: {_dump(value)}")
    return "{\n" + ",\n".join(parts) + "\n}"


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def as_dict(report: Report, *, fail_on: str = "error", base_url: str = "") -> dict:
    """The report as JSON-native data, keys in their documented order."""
    return {
        "summary": report.summary(),
        "pages": [_page(page, base_url) for page in report.pages],
        "clusters": [_cluster(cluster, base_url) for cluster in report.clusters],
        "fail_on": check_fail_on(fail_on),
        "generated_by": GENERATED_BY,
    }


def _page(page: PageResult, base_url: str) -> dict:
    doc = page.document
    metrics = to_jsonable(page.metrics or {})
    return {
        "id": doc.id,
        "slug": doc.slug,
        "title": doc.title,
        "url": page_url(doc, base_url),
        # Where a reviewer opens the page: its admin edit URL if it is stored,
        # its file if it was read from one ("" for the other).
        "edit_url": edit_url(doc, base_url),
        "source_path": doc.source_path,
        "type": doc.type,
        "status": page.status,
        "findings": [finding_dict(f, place(page, f)) for f in page.findings],
        "metrics": dict(sorted(metrics.items())),
    }


def finding_dict(finding: Finding, where: str) -> dict:
    """The finding's fields, `where` in the editor's words beside the structured `location`."""
    return to_jsonable({**finding.as_dict(), "where": where})


def _cluster(cluster: ClusterResult, base_url: str) -> dict:
    pillar = cluster.pillar
    return {
        "pillar": {
            "id": pillar.id,
            "slug": pillar.slug,
            "title": pillar.title,
            "url": absolute_url(pillar.url, base_url),
        },
        "coverage": to_jsonable(cluster.coverage),
        "edges": [
            {
                "source": er.edge.source,
                "target": er.edge.target,
                "kind": er.edge.kind,
                "required": er.edge.required,
                "realized": er.realized,
            }
            for er in cluster.edges
        ],
        "orphans": to_jsonable(list(cluster.orphans)),
    }
