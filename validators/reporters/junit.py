"""JUnit XML: one testcase per page and check family, for CI test reporters."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..findings import Finding, PageResult, Report
from ._common import check_fail_on, families, finding_line, is_blocking, page_url, xml_safe

SUITE_NAME = "content-gate"


def render(
    report: Report, *, fail_on: str = "error", base_url: str = "", color: bool = False
) -> str:
    """`<testsuites><testsuite name="content-gate">` with pages × families testcases.

    A testcase fails (one `<failure>`) when its page has findings of that
    family at or above `fail_on`; findings below `fail_on` are listed in the
    testcase's `<system-out>`, with the page URL (absolute if `base_url` is
    given). `color` is accepted and ignored.
    """
    check_fail_on(fail_on)
    names = families(report)
    tests = len(report.pages) * len(names)

    suites = ET.Element("testsuites", _attrs(name="cluster-cms validate_content"))
    suite = ET.SubElement(suites, "testsuite", _attrs(name=SUITE_NAME))
    failures = 0

    for page in report.pages:
        doc = page.document
        url = page_url(doc, base_url)
        by_family: dict[str, list[Finding]] = {name: [] for name in names}
        for finding in page.findings:
            by_family[finding.family].append(finding)
        for name in names:
            case = ET.SubElement(suite, "testcase", _attrs(classname=doc.slug, name=name, time="0"))
            blocking = [f for f in by_family[name] if is_blocking(f, fail_on)]
            informative = [f for f in by_family[name] if not is_blocking(f, fail_on)]
            if blocking:
                failures += 1
                ids = list(dict.fromkeys(f.id for f in blocking))
                message = finding_line(page, blocking[0])
                if len(blocking) > 1:
                    message += f" (+{len(blocking) - 1} more)"
                failure = ET.SubElement(
                    case, "failure", _attrs(message=message, type=",".join(ids))
                )
                failure.text = xml_safe(_listing(page, blocking, url))
            if informative:
                out = ET.SubElement(case, "system-out")
                out.text = xml_safe(_listing(page, informative, url))

    counts = _attrs(tests=tests, failures=failures, errors=0, skipped=0, time="0")
    suites.attrib.update(_attrs(tests=tests, failures=failures, errors=0))
    suite.attrib.update(counts)
    ET.indent(suites, space="  ")
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _attrs(**values: object) -> dict[str, str]:
    return {k: xml_safe(str(v)) for k, v in values.items()}


def _listing(page: PageResult, findings: list[Finding], url: str) -> str:
    lines = []
    for f in findings:
        lines.append(f"{f.severity.upper()} {finding_line(page, f)}")
        if f.hint:
            lines.append(f"  hint: {f.hint}")
    if url:
        lines.append(f"page: {url}")
    return "\n".join(lines)
