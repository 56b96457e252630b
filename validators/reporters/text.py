"""Human-readable report, plus the progress bar the command draws on stderr."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from ..findings import ERROR, WARNING, Report
from ._common import (
    check_fail_on,
    clean_text,
    compiler_line,
    file_position,
    finding_line,
    page_name,
    page_url,
    place,
    summary_line,
)

PASS_MARK = "✔"
FAIL_MARK = "✖"

_RESET = "\x1b[0m"
_STYLES = {
    "pass": "\x1b[32m",  # green
    "fail": "\x1b[31m",  # red
    ERROR: "\x1b[1;31m",  # bold red
    WARNING: "\x1b[33m",  # yellow
    "dim": "\x1b[2m",
    "bold": "\x1b[1m",
}


def render(report: Report, *, fail_on: str = "error", base_url: str = "", color: bool = False) -> str:
    """Render the report for people: pages with their findings, clusters, summary.

    A page's mark is its own status (✖ when it has errors), the same status the
    JSON report carries; `fail_on` only decides the exit code, which is the
    command's business, so it does not change what is printed here.
    """

    def paint(text: str, style: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if color else text

    check_fail_on(fail_on)
    titles = {p.document.id: page_name(p.document) for p in report.pages}
    lines: list[str] = []

    for page in report.pages:
        doc = page.document
        mark = paint(PASS_MARK if page.status == "pass" else FAIL_MARK, page.status)
        url = page_url(doc, base_url)
        head = f"{mark} {paint(clean_text(page_name(doc)), 'bold')}"
        lines.append(f"{head}  {paint(clean_text(url), 'dim')}" if url else head)
        # Errors first, then warnings, each in engine order.
        for finding in sorted(page.findings, key=lambda f: f.severity != ERROR):
            style = finding.severity if finding.severity in _STYLES else "bold"
            position = file_position(page, finding)
            if position is None:
                label = paint(finding.severity.upper(), style)
                line = _indent_continuations(clean_text(finding_line(page, finding)), "    ")
                lines.append(f"  {label} {line}")
            else:
                # Flush left, compiler style, so editors and problem matchers pick it up.
                label = paint(finding.severity, style)
                line = compiler_line(position, finding, place(page, finding), label=label)
                lines.append(_indent_continuations(line, "    "))
            if finding.hint:
                hint = _indent_continuations(clean_text(finding.hint), "          ")
                lines.append("    " + paint(f"hint: {hint}", "dim"))

    if report.clusters:
        if lines:
            lines.append("")
        for cluster in report.clusters:
            cov = cluster.coverage
            orphans = (
                ", ".join(clean_text(_title(cluster, titles, pid)) for pid in cluster.orphans)
                if cluster.orphans
                else "none"
            )
            complete = cov["realized"] == cov["declared"]
            coverage = paint(
                f"{cov['realized']}/{cov['declared']} links ({_percent(cov)})",
                "pass" if complete else "fail",
            )
            lines.append(
                f"Cluster {clean_text(cluster.pillar.title or cluster.pillar.slug)}: {coverage}, orphans: "
                + (orphans if not cluster.orphans else paint(orphans, "fail"))
            )

    if lines:
        lines.append("")
    summary = report.summary()
    lines.append(paint(summary_line(report), "fail" if summary["failed"] else "pass"))
    return "\n".join(lines) + "\n"


def _title(cluster, titles: dict, page_id: int) -> str:
    """A page's title from the report's documents, else from the cluster map, else its id."""
    node = cluster.cluster_map.node(page_id) if cluster.cluster_map is not None else None
    return titles.get(page_id) or (node.title if node is not None else "") or f"#{page_id}"


def _indent_continuations(text: str, indent: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\n" + indent)


def _percent(coverage: dict) -> str:
    """Whole percent, rounded down so an incomplete cluster never shows 100%."""
    declared, realized = coverage["declared"], coverage["realized"]
    if not declared:
        return "100%"
    return f"{realized * 100 // declared}%"


class ProgressBar:
    """`[#####.....] 120/400` on a stream (stderr), redrawn at most ~20 times a second.

    Only draws for runs of more than `THRESHOLD` pages, and only when `enabled`
    (the command passes whether stderr is a terminal). Usable as a context
    manager; `close()` draws the final state and ends the line.
    """

    THRESHOLD = 200
    MIN_INTERVAL = 0.05  # seconds between redraws

    def __init__(
        self,
        total: int,
        stream: TextIO,
        enabled: bool = True,
        *,
        width: int = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = max(int(total), 0)
        self.stream = stream
        self.enabled = bool(enabled) and self.total > self.THRESHOLD
        self.width = max(int(width), 1)
        self.count = 0
        self._clock = clock
        self._last_draw: float | None = None
        self._drawn_count: int | None = None
        self._closed = False

    def advance(self, n: int = 1) -> None:
        self.count = min(self.count + n, self.total)
        if not self.enabled or self._closed:
            return
        now = self._clock()
        if self._last_draw is None or now - self._last_draw >= self.MIN_INTERVAL:
            self._draw(now)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if not self.enabled:
            return
        if self._drawn_count != self.count:
            self._draw(self._clock())
        if self._drawn_count is not None:
            self.stream.write("\n")
            self.stream.flush()

    def render_line(self) -> str:
        filled = self.width * self.count // self.total if self.total else self.width
        return f"[{'#' * filled}{'.' * (self.width - filled)}] {self.count}/{self.total}"

    def _draw(self, now: float) -> None:
        self.stream.write("\r" + self.render_line())
        self.stream.flush()
        self._last_draw = now
        self._drawn_count = self.count

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["FAIL_MARK", "PASS_MARK", "ProgressBar", "render"]
