"""GitHub Actions workflow commands (`::error` / `::warning` annotations)."""

from __future__ import annotations

from ..findings import ERROR, WARNING, Finding, PageResult, Report
from ._common import (
    check_fail_on,
    edit_url,
    file_position,
    message_with_hint,
    page_name,
    place,
    plural,
    summary_line,
)

# GitHub shows at most this many annotations of each level per step.
MAX_ANNOTATIONS = 10


def escape_data(text: str) -> str:
    """Escape a workflow command's message (everything after the final `::`)."""
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command property value (e.g. `title=`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: str) -> str:
    props = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items())
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(level: str, page: PageResult, finding: Finding, *, name: str, base_url: str) -> str:
    """One `::error`/`::warning` command, attached to the finding's file line if it has one.

    A page from a file gets `file=`, `line=`, `col=` and the check ID as its
    title, so GitHub shows it on that line of the pull request's diff. A page
    from the database has no file to attach to: the title names the page
    (`faq.E007 · <page title>`) and the message ends with its admin edit URL.
    """
    message = f"{place(page, finding)}: {message_with_hint(finding)}"
    position = file_position(page, finding)
    if position is not None:
        return command(
            level,
            message,
            file=position.path,
            line=str(position.line),
            col=str(position.column),
            title=finding.id,
        )
    url = edit_url(page.document, base_url)
    if url:
        message += f" (edit: {url})"
    return command(level, message, title=f"{finding.id} · {name}")


def render(report: Report, *, fail_on: str = "error", base_url: str = "", color: bool = False) -> str:
    """Annotate up to 10 errors and 10 warnings; report the rest in one notice.

    Errors annotate as `::error`, warnings as `::warning`, whatever `fail_on`
    is (the gate's exit code is the command's business). Ends with a plain
    summary line. `base_url` makes edit URLs absolute; `color` is ignored.
    """
    check_fail_on(fail_on)
    lines: list[str] = []
    shown = {ERROR: 0, WARNING: 0}
    hidden = {ERROR: 0, WARNING: 0}
    for page in report.pages:
        name = page_name(page.document)
        for finding in page.findings:
            level = ERROR if finding.severity == ERROR else WARNING
            if shown[level] >= MAX_ANNOTATIONS:
                hidden[level] += 1
                continue
            shown[level] += 1
            lines.append(annotation(level, page, finding, name=name, base_url=base_url))

    if hidden[ERROR] or hidden[WARNING]:
        parts = [plural(hidden[level], f"more {level}") for level in (ERROR, WARNING) if hidden[level]]
        lines.append(
            command(
                "notice",
                f"{' and '.join(parts)} not annotated (GitHub shows {MAX_ANNOTATIONS} of each "
                "per step); see the JSON/SARIF report",
                title="content gate",
            )
        )
    lines.append(f"content gate: {summary_line(report)}")
    return "\n".join(lines) + "\n"
