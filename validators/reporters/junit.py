"""JUnit XML: one testcase per page and check family, for CI test reporters."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..document import PageDocument
from ..findings import Finding, PageResult, Report
from ._common import (
    check_fail_on,
    compiler_line,
    edit_url,
    families,
    file_position,
    finding_line,
    is_blocking,
    page_url,
    place,
    xml_safe,
)

SUITE_NAME = "content-gate"


def render(report: Report, *, fail_on: str = "error", base_url: str = "", color: bool = False) -> str:
    """`<testsuites><testsuite name="content-gate">` with pages × families testcases.

    A testcase fails (one `<failure>`) when its page has findings of that
    family at or above `fail_on`; findings below `fail_on` are listed in the
    testcase's `<system-out>`, with the page URL and a stored page's edit URL
    (absolute if `base_url` is given). `color` is accepted and ignored.
    """
    check_fail_on(fail_on)
    names = families(report)
    tests = len(report.pages) * len(names)

    suites = ET.Element("testsuites", _attrs(name="cluster-cms validate_content"))
    suite = ET.SubElement(suites, "testsuite", _attrs(name=SUITE_NAME))
    failures = 0

    for page in report.pages:
        by_family: dict[str, list[Finding]] = {name: [] for name in names}
        for finding in page.findings:
            by_family[finding.family].append(finding)
        for name in names:
            failures += _testcase(suite, page, name, by_family[name], fail_on=fail_on, base_url=base_url)

    counts = _attrs(tests=tests, failures=failures, errors=0, skipped=0, time="0")
    suites.attrib.update(_attrs(tests=tests, failures=failures, errors=0))
    suite.attrib.update(counts)
    ET.indent(suites, space="  ")
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _testcase(
    suite: ET.Element, page: PageResult, name: str, findings: list[Finding], *, fail_on: str, base_url: str
) -> int:
    """Add the page's testcase for one family; 1 if it failed, else 0.

    For a page read from a file the testcase carries `file` (and, when it
    fails, the `line` of its first failing finding): the attributes pytest
    writes and JUnit report actions read to point a failure at its line.
    """
    doc = page.document
    blocking = [f for f in findings if is_blocking(f, fail_on)]
    informative = [f for f in findings if not is_blocking(f, fail_on)]
    attrs: dict[str, object] = {"classname": doc.slug, "name": name, "time": "0"}
    first = file_position(page, blocking[0]) if blocking else None
    if first is not None:
        attrs.update(file=first.path, line=first.line)
    elif doc.source_path:
        attrs["file"] = doc.source_path
    case = ET.SubElement(suite, "testcase", _attrs(**attrs))
    footer = _footer(doc, base_url)
    if blocking:
        ids = list(dict.fromkeys(f.id for f in blocking))
        message = finding_line(page, blocking[0])
        if len(blocking) > 1:
            message += f" (+{len(blocking) - 1} more)"
        failure = ET.SubElement(case, "failure", _attrs(message=message, type=",".join(ids)))
        failure.text = xml_safe(_listing(page, blocking, footer))
    if informative:
        out = ET.SubElement(case, "system-out")
        out.text = xml_safe(_listing(page, informative, footer))
    return 1 if blocking else 0


def _footer(doc: PageDocument, base_url: str) -> list[str]:
    """The page's addresses under each listing: its URL, and its edit URL if stored."""
    lines = []
    if url := page_url(doc, base_url):
        lines.append(f"page: {url}")
    if url := edit_url(doc, base_url):
        lines.append(f"edit: {url}")
    return lines


def _attrs(**values: object) -> dict[str, str]:
    return {k: xml_safe(str(v)) for k, v in values.items()}


def _listing(page: PageResult, findings: list[Finding], footer: list[str]) -> str:
    """One line per finding, compiler style (`path:line:col: …`) for a file page."""
    lines = []
    for f in findings:
        position = file_position(page, f)
        if position is None:
            lines.append(f"{f.severity.upper()} {finding_line(page, f)}")
        else:
            lines.append(compiler_line(position, f, place(page, f)))
        if f.hint:
            lines.append(f"  hint: {f.hint}")
    return "\n".join([*lines, *footer])
