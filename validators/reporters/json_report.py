"""Machine-readable JSON report (stable key order, one page per line)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..findings import ClusterResult, Finding, PageResult, Report
from ._common import (
    GENERATED_BY,
    absolute_url,
    check_fail_on,
    edit_url,
    metrics_data,
    page_url,
    place,
    to_jsonable,
)
from .compact import MetricsText


def render(report: Report, *, fail_on: str = "error", base_url: str = "", color: bool = False) -> str:
    """`color` is accepted for a uniform signature and ignored."""
    return "".join(chunks(report, fail_on=fail_on, base_url=base_url))


def chunks(report: Report, *, fail_on: str = "error", base_url: str = "") -> Iterator[str]:
    """The report's text in pieces, a page or a cluster each (`render` joins them).

    Top-level keys one per line; each page and each cluster on a line of its
    own. A report of thousands of pages stays greppable and diffs page by
    page, where `indent=2` would spread it over hundreds of thousands of lines;
    and json's C encoder, which only runs without `indent`, renders it several
    times faster. `jq .` pretty-prints it whole when a person wants that.

    A writer that takes the pieces as they come (validate_content) never holds
    the whole text, nor every page's data at once: a 20,000-page report is
    60 MB of text.
    """
    fail_on = check_fail_on(fail_on)  # before the first piece: nothing is written for a bad value
    yield "{\n  " + _pair("summary", report.summary())
    for key, items in (("pages", report.pages), ("clusters", report.clusters)):
        if not items:
            yield ",\n  " + _pair(key, [])
            continue
        yield f",\n  {_dump(key)}: [\n"
        for n, item in enumerate(items):
            yield ("    " if n == 0 else ",\n    ") + _item_text(item, base_url)
        yield "\n  ]"
    yield ",\n  " + _pair("fail_on", fail_on) + ",\n  " + _pair("generated_by", GENERATED_BY) + "\n}\n"


def _pair(key: str, value) -> str:
    return f"{_dump(key)}: {_dump(value)}"


def as_dict(report: Report, *, fail_on: str = "error", base_url: str = "") -> dict:
    """The report as JSON-native data, keys in their documented order (what `render` writes)."""
    return {
        "summary": report.summary(),
        "pages": [_page(page, base_url) for page in report.pages],
        "clusters": [_cluster(cluster, base_url) for cluster in report.clusters],
        "fail_on": check_fail_on(fail_on),
        "generated_by": GENERATED_BY,
    }


def _item_text(item, base_url: str) -> str:
    if not isinstance(item, PageResult):
        return _dump(_cluster(item, base_url))
    if isinstance(item.metrics, MetricsText):
        # Already JSON, keys sorted: spliced in as the last key rather than
        # parsed and written again (validate_content renders reported parts).
        return _dump(_page_head(item, base_url))[:-1] + ', "metrics": ' + item.metrics.text + "}"
    return _dump(_page(item, base_url))


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _page(page: PageResult, base_url: str) -> dict:
    return {**_page_head(page, base_url), "metrics": metrics_data(page.metrics)}


def _page_head(page: PageResult, base_url: str) -> dict:
    """The page's entry but its metrics, which come last."""
    doc = page.document
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
