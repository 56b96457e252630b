"""Typed findings and reports, modelled on Django's system-check messages.

A finding's `id` is stable: once given, an ID keeps its meaning forever and is
never reused for another problem (docs/checks.md lists them all).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import ClusterMap, Edge, Node, PageDocument

ERROR = "error"
WARNING = "warning"
SEVERITIES = (WARNING, ERROR)  # ascending


def severity_at_least(severity: str, level: str) -> bool:
    return SEVERITIES.index(severity) >= SEVERITIES.index(level)


@dataclass(frozen=True)
class Location:
    """Where on the page a finding points.

    `block` is the StreamField block index; `faq_item` the item index inside a
    FAQ block; `start`/`end` are character offsets into that block's plain text
    (for sentence-level readability findings); `field` names a page field when
    the problem is not inside the body (e.g. "required_questions").
    """

    block: int | None = None
    faq_item: int | None = None
    start: int | None = None
    end: int | None = None
    field: str | None = None

    def as_dict(self) -> dict:
        # Field by field, not dataclasses.asdict, which deep-copies every value:
        # reports call this once per finding.
        fields = (
            ("block", self.block),
            ("faq_item", self.faq_item),
            ("start", self.start),
            ("end", self.end),
            ("field", self.field),
        )
        return {k: v for k, v in fields if v is not None}


@dataclass(frozen=True)
class SourcePosition:
    """Where a finding is in a page *file* (content as code, docs/content-as-code.md).

    `path` is relative to the working directory, as a reviewer's tools expect;
    `line` and `column` count from 1. Pages read from the database have none:
    their reports name the page (title, edit URL) instead.
    """

    path: str
    line: int
    column: int = 1

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "column": self.column}


@dataclass(frozen=True)
class Finding:
    id: str  # e.g. "faq.E001"
    severity: str  # ERROR blocks publishing, WARNING informs
    message: str  # one line
    hint: str = ""
    location: Location = field(default_factory=Location)
    value: object = None  # what was measured
    threshold: object = None  # what it was measured against
    page_id: int | None = None
    page_slug: str = ""
    # The location in the editor's words (validators.places.where), filled in by
    # the engine with the page, for consumers that no longer hold the document.
    where: str = ""
    # The same place as a file position, when the page was read from a file.
    source: SourcePosition | None = None

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict:
        data = {
            "id": self.id,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "location": self.location.as_dict(),
            "where": self.where,
        }
        if self.source is not None:
            data["source"] = self.source.as_dict()
        if self.value is not None:
            data["value"] = self.value
        if self.threshold is not None:
            data["threshold"] = self.threshold
        return data


@dataclass
class PageResult:
    document: PageDocument
    findings: list[Finding] = field(default_factory=list)
    metrics: dict = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def status(self) -> str:
        return "fail" if self.errors else "pass"


@dataclass(frozen=True)
class EdgeResult:
    edge: Edge
    realized: bool


def coverage_of(edges) -> dict:
    declared = len(edges)
    realized = sum(1 for e in edges if e.realized)
    return {
        "declared": declared,
        "realized": realized,
        "ratio": round(realized / declared, 4) if declared else 1.0,
    }


@dataclass
class ClusterResult:
    """What a whole-cluster run found about the cluster itself.

    It is the one source of cluster data for every consumer (the editor's
    panel, Cluster health, the API, `validate_content`): the map the run
    used, the state of every page it looked up, each declared edge with
    whether the prose realizes it, who links to whom, and the orphans.
    """

    pillar: Node
    edges: list[EdgeResult] = field(default_factory=list)
    orphans: list[int] = field(default_factory=list)
    cluster_map: ClusterMap | None = None
    page_states: dict[int, str] = field(default_factory=dict)
    # page id -> ids of the cluster pages whose prose links to it (itself excluded)
    incoming: dict[int, tuple[int, ...]] = field(default_factory=dict)
    # page id -> ids of the pages its prose links to
    outgoing: dict[int, tuple[int, ...]] = field(default_factory=dict)

    @property
    def coverage(self) -> dict:
        return coverage_of(self.edges)

    @property
    def unrealized(self) -> list[EdgeResult]:
        """Declared, due edges the source's prose does not realize: the missing links."""
        return [e for e in self.edges if not e.realized]

    def edges_from(self, page_id: int) -> list[EdgeResult]:
        return [e for e in self.edges if e.edge.source == page_id]

    def edges_to(self, page_id: int) -> list[EdgeResult]:
        return [e for e in self.edges if e.edge.target == page_id]

    def page_coverage(self, page_id: int) -> dict:
        """Declared edges leaving this page vs those its prose realizes."""
        return coverage_of(self.edges_from(page_id))


@dataclass
class Report:
    pages: list[PageResult] = field(default_factory=list)
    clusters: list[ClusterResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for page in self.pages for f in page.findings]

    def summary(self) -> dict:
        findings = self.findings
        failed = sum(1 for p in self.pages if p.status == "fail")
        return {
            "pages": len(self.pages),
            "passed": len(self.pages) - failed,
            "failed": failed,
            "errors": sum(1 for f in findings if f.severity == ERROR),
            "warnings": sum(1 for f in findings if f.severity == WARNING),
        }

    def fails_at(self, level: str) -> bool:
        return any(severity_at_least(f.severity, level) for f in self.findings)
