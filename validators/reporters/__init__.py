"""Report formatters for `manage.py validate_content --format ...`.

Framework-free: every formatter takes a `validators.findings.Report` and
returns a string, with the same keyword arguments::

    render(report, *, fail_on="error", base_url="", color=False) -> str

`FORMATS` maps the `--format` choices to those functions; `render(format,
report, **kw)` dispatches, and `render_pieces` gives the same text in pieces.
`reported(part)` keeps what they read of a part of a report, compactly, for a
run that renders once at the end. `ProgressBar` is the stderr progress bar
the command draws for runs of more than 200 pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..findings import Report
from . import github, json_report, junit, sarif, text
from .compact import reported
from .text import ProgressBar

Formatter = Callable[..., str]

FORMATS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_report.render,
    "junit": junit.render,
    "sarif": sarif.render,
    "github": github.render,
}


def render(
    format: str,
    report: Report,
    *,
    fail_on: str = "error",
    base_url: str = "",
    color: bool = False,
) -> str:
    """Render `report` in one of the `FORMATS`; ValueError for an unknown format."""
    try:
        formatter = FORMATS[format]
    except KeyError:
        choices = ", ".join(FORMATS)
        raise ValueError(f"unknown report format {format!r} (choose from {choices})") from None
    return formatter(report, fail_on=fail_on, base_url=base_url, color=color)


# Formats that render in pieces (a page each), for writers that should not
# hold a whole large report's text; `render` is the pieces joined.
PIECES: dict[str, Callable[..., Iterator[str]]] = {"json": json_report.chunks}


def render_pieces(
    format: str,
    report: Report,
    *,
    fail_on: str = "error",
    base_url: str = "",
    color: bool = False,
) -> Iterator[str]:
    """`render`'s text in pieces: a page each for JSON, the whole text in one for the others."""
    if format in PIECES:
        return PIECES[format](report, fail_on=fail_on, base_url=base_url)
    return iter([render(format, report, fail_on=fail_on, base_url=base_url, color=color)])


__all__ = ["FORMATS", "PIECES", "ProgressBar", "render", "render_pieces", "reported"]
