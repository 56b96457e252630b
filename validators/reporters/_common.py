"""Helpers shared by the report formatters (no Django, no Wagtail)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from ..document import PageDocument
from ..findings import SEVERITIES, Finding, Location, PageResult, Report, SourcePosition, severity_at_least
from ..places import where
from ..text import plural

GENERATED_BY = "cluster-cms validate_content"
TOOL_NAME = "cluster-cms"

# Check families every page is reported against (JUnit gives each page one
# testcase per family, so a clean family shows up as a passing test).
DEFAULT_FAMILIES = ("faq", "links", "readability")

# C0 controls except tab/newline/CR, DEL and C1 controls: never write them raw
# into a terminal, and XML 1.0 cannot carry most of them at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters XML 1.0 forbids (besides the C0 controls above): surrogates and
# the two non-characters U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_fail_on(fail_on: str) -> str:
    if fail_on not in SEVERITIES:
        raise ValueError(f"fail_on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    return fail_on


def summary_line(report: Report) -> str:
    """'10 pages: 9 passed, 1 failed; 2 errors, 5 warnings'."""
    s = report.summary()
    return (
        f"{plural(s['pages'], 'page')}: {s['passed']} passed, {s['failed']} failed; "
        f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}"
    )


def families(report: Report) -> list[str]:
    """The default families, then any other family found in the report, sorted."""
    extra = sorted({f.family for f in report.findings} - set(DEFAULT_FAMILIES))
    return [*DEFAULT_FAMILIES, *extra]


def is_blocking(finding: Finding, fail_on: str) -> bool:
    return severity_at_least(finding.severity, fail_on)


def absolute_url(url: str, base_url: str = "") -> str:
    """Prefix a site-relative page URL with base_url; absolute URLs pass through."""
    if not base_url or not url or urlsplit(url).scheme:
        return url
    return base_url.rstrip("/") + "/" + url.lstrip("/")


def page_url(doc: PageDocument, base_url: str = "") -> str:
    return absolute_url(doc.url, base_url)


def page_path(doc: PageDocument) -> str:
    """'intimacy/fear-of-intimacy' for '/intimacy/fear-of-intimacy/' (slug if no URL)."""
    path = urlsplit(doc.url).path.strip("/") if doc.url else ""
    return path or doc.slug or (f"page-{doc.id}" if doc.id is not None else "page")


def edit_url(doc: PageDocument, base_url: str = "") -> str:
    """The admin's edit URL of a stored page, absolute with base_url ("" for file pages)."""
    return absolute_url(doc.edit_url, base_url)


def file_position(page: PageResult, finding: Finding) -> SourcePosition | None:
    """Where a finding is in the page's file; None for a page read from the database.

    A finding of a file page without a position of its own (a whole-page
    finding, say) points at the top of the file, so it still lands in the file.
    """
    if finding.source is not None:
        return finding.source
    if page.document.source_path:
        return SourcePosition(page.document.source_path, 1, 1)
    return None


def compiler_line(position: SourcePosition, finding: Finding, where: str, *, label: str = "") -> str:
    """'content/x.md:48:1: error: faq.E007 FAQ "…", question 2: The FAQ answer is…'.

    The `path:line:col: error: ` head is what editors' quickfix lists and CI
    problem matchers (gcc style) recognise. Content's control characters are
    escaped; `label` (default: the severity) is inserted as given, so the text
    report can colour it.
    """
    head = clean_text(f"{position.path}:{position.line}:{position.column}")
    body = clean_text(f"{finding.id} {where}: {finding.message}")
    return f"{head}: {label or finding.severity}: {body}"


def location_fragment(location: Location) -> str:
    """'block-3/faq-2' (a machine's path: blocks 0-based, FAQ questions 1-based)."""
    parts = []
    if location.field:
        parts.append(f"field-{location.field}")
    if location.block is not None:
        parts.append(f"block-{location.block}")
    if location.faq_item is not None:
        parts.append(f"faq-{location.faq_item + 1}")
    return "/".join(parts)


def qualified_name(doc: PageDocument, location: Location) -> str:
    """'intimacy/fear-of-intimacy#block-3/faq-2' ('…' alone for page-level findings)."""
    fragment = location_fragment(location)
    return f"{page_path(doc)}#{fragment}" if fragment else page_path(doc)


def message_with_hint(finding: Finding, sep: str = " — ") -> str:
    return f"{finding.message}{sep}{finding.hint}" if finding.hint else finding.message


def place(page: PageResult, finding: Finding) -> str:
    """Where the finding is, in the editor's words (validators.places).

    The engine names it when it makes the finding (`Finding.where`), while it
    holds the whole page; a report may keep only the page's name
    (PageResult.without_content). A finding made by hand is named here.
    """
    return finding.where or where(page.document, finding.location)


def finding_line(page: PageResult, finding: Finding) -> str:
    """'FAQ "How is fear of intimacy…", question 2: The FAQ answer is empty. (faq.E006)'.

    What is wrong comes first; the check ID, for looking the check up, last.
    """
    return f"{place(page, finding)}: {finding.message} ({finding.id})"


def page_name(doc: PageDocument) -> str:
    """A page as editors name it: its title (its slug or id when it has none)."""
    return doc.title or page_path(doc)


def clean_text(text: str) -> str:
    """Make a string safe to print: control characters become visible escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def xml_safe(text: str) -> str:
    """Replace characters XML 1.0 cannot represent with visible escapes."""
    return _XML_ILLEGAL.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))


_NATIVE = frozenset({str, int, bool, type(None)})


def to_jsonable(value: object) -> object:
    """Recursively turn a value into JSON-native data; anything else becomes str.

    Dict keys become strings, tuples/lists become lists, sets become lists in a
    stable order, and non-finite floats (not valid JSON) become strings.
    """
    kind = type(value)
    # The common exact types first: a report converts every metric of every page.
    if kind in _NATIVE:
        return value
    if kind is dict:
        return {k if type(k) is str else _json_key(k): to_jsonable(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [to_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Mapping):
        return {_json_key(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((to_jsonable(v) for v in value), key=_sort_key)
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return str(value)


def metrics_data(metrics: Mapping | None) -> dict:
    """A page's metrics as the JSON report writes them: JSON-native, top-level keys sorted."""
    return dict(sorted(to_jsonable(metrics or {}).items()))


def _json_key(key: object) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return "null" if key is None else str(key).lower()
    return str(key)


def _sort_key(value: object) -> tuple[str, str]:
    return (type(value).__name__, repr(value))


def ordered_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors before warnings, otherwise in the order the engine produced them."""
    rank = {sev: n for n, sev in enumerate(reversed(SEVERITIES))}
    return sorted(findings, key=lambda f: rank.get(f.severity, len(rank)))
