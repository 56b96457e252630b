"""What the reporters read of a report, kept compact until it is rendered.

A batch run (`validate_content`) validates cluster after cluster and renders
one report at the end, so every page's result waits in memory: at 20,000
pages, the documents alone were most of a gigabyte (docs/benchmarks.md).
`reported(part)` keeps what a reporter reads of each cluster's part:

- each page's name and addresses, not its blocks and links
  (`PageDocument.without_content`); each finding names its place in the
  editor's words (`Finding.where`, which the engine fills in);
- each page's metrics as their JSON text, read back when a report asks (only
  the JSON report prints them). As objects, a page's readability figures and
  quoted sentences took three times the memory of their text;
- each cluster's map, edges and orphans, not the prose links both ways or the
  page states, which no reporter prints.

Every format renders a reported part exactly as it renders the part itself
(tests/validators/test_reporters.py).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping

from ..findings import ClusterResult, PageResult, Report
from ..places import where
from ._common import metrics_data

# The last part made compact, with its compact form. A report of an unchanged
# cluster comes back as the same object (cluster/validation/service.py keeps
# it), and its pages' metrics need not be written out again. By identity; the
# entry holds the part, so its id is not reused while the entry lives.
_LAST: dict[int, tuple[Report, Report]] = {}


def reported(part: Report) -> Report:
    """The pages and clusters of `part`, cut to what the reporters read."""
    entry = _LAST.get(id(part))
    if entry is not None and entry[0] is part:
        return entry[1]
    compact = Report(
        pages=[_page(page) for page in part.pages],
        clusters=[_cluster(cluster) for cluster in part.clusters],
    )
    _LAST.clear()
    _LAST[id(part)] = (part, compact)
    return compact


def clear_caches() -> None:
    """Forget the last part (it holds its documents: a batch run lets each cluster's go)."""
    _LAST.clear()


def _page(page: PageResult) -> PageResult:
    doc = page.document
    # The engine has named every finding's place; one made elsewhere is named
    # here, while the blocks it may point into are still at hand.
    findings = [f if f.where else dataclasses.replace(f, where=where(doc, f.location)) for f in page.findings]
    return PageResult(doc.without_content(), findings, MetricsText(page.metrics))


def _cluster(cluster: ClusterResult) -> ClusterResult:
    return dataclasses.replace(cluster, page_states={}, incoming={}, outgoing={})


class MetricsText(Mapping):
    """A page's metrics as JSON-native data, stored as JSON text and parsed on each read.

    `text` is what the JSON report writes for them (top-level keys sorted),
    so it splices the text in as it is instead of parsing and writing it again.
    """

    __slots__ = ("text",)

    def __init__(self, metrics: Mapping | None) -> None:
        self.text = json.dumps(metrics_data(metrics), ensure_ascii=False, allow_nan=False)

    def _data(self) -> dict:
        return json.loads(self.text)

    def __getitem__(self, key):
        return self._data()[key]

    def __iter__(self) -> Iterator:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())

    def __bool__(self) -> bool:
        return self.text != "{}"

    def items(self):
        return self._data().items()  # one parse, not one per key
