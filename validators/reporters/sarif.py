"""SARIF 2.1.0 log, for code-scanning UIs and other SARIF consumers."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from ..findings import ERROR, SEVERITIES, Finding, PageResult, Report
from ._common import (
    TOOL_NAME,
    check_fail_on,
    edit_url,
    file_position,
    message_with_hint,
    page_name,
    page_url,
    place,
    qualified_name,
    to_jsonable,
)

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

# Message pattern for a rule's short description: the variable parts of a
# message (quoted text, numbers) are replaced so one instance describes the rule.
_QUOTED = re.compile(r"""("[^"]*"|“[^”]*”|'[^']*'|‘[^’]*’)""")
_NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:[.,]\d+)*%?(?![\w])")


def render(report: Report, *, fail_on: str = "error", base_url: str = "", color: bool = False) -> str:
    """`color` is accepted for a uniform signature and ignored."""
    data = as_dict(report, fail_on=fail_on, base_url=base_url)
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def as_dict(report: Report, *, fail_on: str = "error", base_url: str = "") -> dict:
    check_fail_on(fail_on)
    rules, index = _rules(report)
    results = [
        _result(page, finding, index[finding.id], base_url)
        for page in report.pages
        for finding in page.findings
    ]
    run = {
        "tool": {"driver": {"name": TOOL_NAME, "rules": rules}},
        "results": results,
        "properties": {"failOn": fail_on, "summary": report.summary()},
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def message_pattern(message: str) -> str:
    """'Answer is 212 words (max 120)' -> 'Answer is N words (max N)'."""
    return _NUMBER.sub("N", _QUOTED.sub("“…”", message)).strip()


def _rules(report: Report) -> tuple[list[dict], dict[str, int]]:
    """One reportingDescriptor per check ID present, sorted by ID."""
    seen: dict[str, list[Finding]] = {}
    for finding in report.findings:
        seen.setdefault(finding.id, []).append(finding)
    rules = []
    index = {}
    for n, (rule_id, findings) in enumerate(sorted(seen.items())):
        index[rule_id] = n
        rule: dict = {
            "id": rule_id,
            "shortDescription": {"text": message_pattern(findings[0].message) or rule_id},
        }
        hint = next((f.hint for f in findings if f.hint), "")
        if hint:
            rule["help"] = {"text": hint}
        worst = max(
            (f.severity for f in findings),
            key=lambda s: SEVERITIES.index(s) if s in SEVERITIES else -1,
        )
        rule["defaultConfiguration"] = {"level": _level(worst)}
        rule["properties"] = {"family": findings[0].family}
        rules.append(rule)
    return rules, index


def _level(severity: str) -> str:
    return "error" if severity == ERROR else "warning"


def _result(page: PageResult, finding: Finding, rule_index: int, base_url: str) -> dict:
    doc = page.document
    where = place(page, finding)
    properties: dict = {"pageId": doc.id, "pageSlug": doc.slug}
    url = page_url(doc, base_url)
    if url:
        properties["pageUrl"] = url
    # Character offsets count into one block's plain text, not into any file:
    # they stay here for machines, never as a region.
    if finding.location.as_dict():
        properties["location"] = finding.location.as_dict()
    if finding.value is not None:
        properties["value"] = finding.value
    if finding.threshold is not None:
        properties["threshold"] = finding.threshold

    return {
        "ruleId": finding.id,
        "ruleIndex": rule_index,
        "level": _level(finding.severity),
        "message": {"text": f"{where}: {message_with_hint(finding)}"},
        "locations": [_location(page, finding, where, base_url)],
        "properties": to_jsonable(properties),
    }


def _location(page: PageResult, finding: Finding, where: str, base_url: str) -> dict:
    """The file line for a page read from a file; always the page, named, as a logical location.

    A page from the database has no artifact a SARIF viewer could open, so it
    gets no physicalLocation: its logical location carries the admin's edit URL.
    """
    doc = page.document
    logical: dict = {"name": page_name(doc), "fullyQualifiedName": qualified_name(doc, finding.location)}
    url = edit_url(doc, base_url)
    if url:
        logical["properties"] = {"editUrl": url}
    location: dict = {}
    position = file_position(page, finding)
    if position is not None:
        location["physicalLocation"] = {
            "artifactLocation": {"uri": file_uri(position.path)},
            "region": {"startLine": position.line, "startColumn": position.column},
        }
    location["logicalLocations"] = [logical]
    location["message"] = {"text": where}
    return location


def file_uri(path: str) -> str:
    """A relative path as a relative URI reference: '/' kept, everything else reserved encoded.

    Encoding ':' keeps a first segment like 'c:' from reading as a scheme, and
    '#', '?' and '%' from ending the path early or decoding into something else.
    """
    return quote(path, safe="/")
