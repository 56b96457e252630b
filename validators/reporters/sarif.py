"""SARIF 2.1.0 log, for code-scanning UIs and other SARIF consumers."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from ..findings import ERROR, SEVERITIES, Finding, PageResult, Report
from ._common import (
    TOOL_NAME,
    check_fail_on,
    message_with_hint,
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


def render(
    report: Report, *, fail_on: str = "error", base_url: str = "", color: bool = False
) -> str:
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


def as_uri(url: str) -> str:
    """Percent-encode what a URI cannot hold raw (Unicode slugs, spaces); keep the rest."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


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
    loc = finding.location
    location: dict = {}
    uri = as_uri(page_url(doc, base_url))
    if uri:
        physical: dict = {"artifactLocation": {"uri": uri}}
        if loc.start is not None and loc.end is not None and loc.end >= loc.start >= 0:
            physical["region"] = {"charOffset": loc.start, "charLength": loc.end - loc.start}
        location["physicalLocation"] = physical
    where = place(page, finding)
    logical = {"fullyQualifiedName": qualified_name(doc, loc), "name": where}
    location["logicalLocations"] = [logical]

    properties: dict = {"pageId": doc.id, "pageSlug": doc.slug}
    if loc.as_dict():
        properties["location"] = loc.as_dict()
    if finding.value is not None:
        properties["value"] = finding.value
    if finding.threshold is not None:
        properties["threshold"] = finding.threshold

    return {
        "ruleId": finding.id,
        "ruleIndex": rule_index,
        "level": _level(finding.severity),
        "message": {"text": f"{where}: {message_with_hint(finding)}"},
        "locations": [location],
        "properties": to_jsonable(properties),
    }
