"""Report formatters for `validate_content --format ...` (no Django needed)."""

from __future__ import annotations

import io
import json
import os
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.paths import SHARED
from validators.document import (
    FAQ,
    HEADING,
    LEAD,
    PARAGRAPH,
    PILLAR,
    TOPIC,
    Block,
    Edge,
    FAQItem,
    Node,
    PageDocument,
)
from validators.findings import (
    ERROR,
    WARNING,
    ClusterResult,
    EdgeResult,
    Finding,
    Location,
    PageResult,
    Report,
)
from validators.reporters import (
    FORMATS,
    ProgressBar,
    json_report,
    junit,
    render,
    render_pieces,
    reported,
    sarif,
    text,
)
from validators.reporters import github as github_fmt

SARIF_SCHEMA_PATH = Path(os.environ.get("SARIF_SCHEMA", SHARED / "schemas" / "sarif-schema-2.1.0.json"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")


# --- building reports by hand --------------------------------------------------------


def doc(
    page_id: int, slug: str, *, url: str | None = None, type: str = TOPIC, blocks=(), edit_url: str = ""
) -> PageDocument:
    return PageDocument(
        id=page_id,
        type=type,
        slug=slug,
        title=slug.replace("-", " ").capitalize(),
        url=f"/intimacy/{slug}/" if url is None else url,
        blocks=tuple(blocks),
        edit_url=edit_url,
    )


def stored(page_id: int, slug: str, **kw) -> PageDocument:
    """A page as the database reader builds it: with the admin's edit URL."""
    return doc(page_id, slug, edit_url=f"/admin/pages/{page_id}/edit/", **kw)


# The failing page's body: FAQ_ERROR points at its FAQ's second question,
# SENTENCE_WARNING at its paragraph.
FEAR_BLOCKS = (
    Block(0, LEAD, text="Closeness feels risky.", title="Why does closeness feel risky?"),
    Block(1, PARAGRAPH, text="Fear of intimacy is the worry that being known will cost you."),
    Block(2, HEADING, text="Where it comes from"),
    Block(
        3,
        FAQ,
        title="Common questions",
        faq_items=(
            FAQItem("How is fear of intimacy treated?", "With patience."),
            FAQItem("Can it go away?", "Often."),
        ),
    ),
)


def finding(id: str, severity: str = ERROR, message: str = "", **kw) -> Finding:
    return Finding(id=id, severity=severity, message=message or f"{id} happened", **kw)


FAQ_ERROR = finding(
    "faq.E002",
    message="Answer is 212 words (max 120)",
    hint="Shorten the answer to 120 words or fewer.",
    location=Location(block=3, faq_item=1),
    value=212,
    threshold=120,
)
LINK_ERROR = finding(
    "links.E001",
    message="Required link to the pillar is missing",
    hint="Link to /intimacy/ from the lead or body.",
)
SENTENCE_WARNING = finding(
    "readability.W003",
    WARNING,
    "Sentence has 41 words (max 30)",
    hint="Split the sentence.",
    location=Location(block=1, start=10, end=52),
    value=41,
    threshold=30,
)
GRADE_WARNING = finding("readability.W001", WARNING, "Grade level 11.2 (max 9)", value=11.2)


def sample_report() -> Report:
    """10 pages: 9 passed, 1 failed; 2 errors, 5 warnings; one complete cluster."""
    pillar = stored(1, "intimacy", url="/intimacy/", type=PILLAR)
    failing = stored(2, "fear-of-intimacy", blocks=FEAR_BLOCKS)
    pages = [
        PageResult(pillar, [GRADE_WARNING], {"words": 1800, "grade": 8.1}),
        PageResult(failing, [FAQ_ERROR, LINK_ERROR, SENTENCE_WARNING], {"words": 900}),
        PageResult(stored(3, "attachment-styles"), [GRADE_WARNING, SENTENCE_WARNING]),
        PageResult(stored(4, "love-languages"), [SENTENCE_WARNING]),
    ]
    pages += [PageResult(stored(n, f"topic-{n}")) for n in range(5, 11)]
    edges = [EdgeResult(Edge(1, n, "pillar-topic"), True) for n in range(2, 11)]
    edges += [EdgeResult(Edge(n, 1, "topic-pillar"), True) for n in range(2, 11)]
    edges += [EdgeResult(Edge(n, n + 1, "related", required=False), True) for n in range(2, 11)]
    node = Node(1, "intimacy", "Intimacy", PILLAR, "live", "/intimacy/")
    return Report(pages=pages, clusters=[ClusterResult(node, edges, [])])


def many_findings_report(errors: int, warnings: int) -> Report:
    findings = [finding(f"faq.E{n:03d}", ERROR) for n in range(errors)]
    findings += [finding(f"readability.W{n:03d}", WARNING) for n in range(warnings)]
    return Report(pages=[PageResult(doc(1, "big-page"), findings)])


# --- registry ------------------------------------------------------------------------


def test_registry_lists_every_format():
    assert list(FORMATS) == ["text", "json", "junit", "sarif", "github"]
    assert all(callable(f) for f in FORMATS.values())


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_render_dispatches_and_handles_empty_reports(fmt):
    report = sample_report()
    assert render(fmt, report) == FORMATS[fmt](report)
    out = render(fmt, Report(), fail_on="warning", base_url="https://x.test", color=True)
    assert isinstance(out, str) and out.endswith("\n")


def test_unknown_format_and_bad_fail_on_are_rejected():
    with pytest.raises(ValueError, match="unknown report format 'yaml'"):
        render("yaml", Report())
    for fmt in FORMATS:
        with pytest.raises(ValueError, match="fail_on"):
            render(fmt, sample_report(), fail_on="info")


# --- text ----------------------------------------------------------------------------


def test_text_groups_findings_by_page():
    out = text.render(sample_report())
    lines = out.splitlines()
    i = lines.index("✖ Fear of intimacy  /intimacy/fear-of-intimacy/")
    assert lines[:3] == [
        "✔ Intimacy  /intimacy/",
        "  WARNING Whole page: Grade level 11.2 (max 9) (readability.W001)",
        "✖ Fear of intimacy  /intimacy/fear-of-intimacy/",
    ]
    assert lines[i + 1 : i + 6] == [
        '  ERROR FAQ "How is fear of intimacy…", question 2: Answer is 212 words (max 120) (faq.E002)',
        "    hint: Shorten the answer to 120 words or fewer.",
        "  ERROR Whole page: Required link to the pillar is missing (links.E001)",
        "    hint: Link to /intimacy/ from the lead or body.",
        '  WARNING Paragraph "Fear of intimacy is the…": Sentence has 41 words (max 30) (readability.W003)',
    ]


def test_text_cluster_and_summary_lines():
    out = text.render(sample_report())
    assert "Cluster Intimacy: 27/27 links (100%), orphans: none" in out.splitlines()
    assert out.splitlines()[-1] == "10 pages: 9 passed, 1 failed; 2 errors, 5 warnings"


def test_text_cluster_with_gaps_and_orphans_never_rounds_up_to_100():
    node = Node(1, "intimacy", "Intimacy", PILLAR, "live", "/intimacy/")
    edges = [EdgeResult(Edge(1, n, "pillar-topic"), n != 2) for n in range(2, 202)]
    report = Report(
        pages=[PageResult(doc(2, "lonely"))],
        clusters=[ClusterResult(node, edges, orphans=[2, 99])],
    )
    out = text.render(report)
    assert "Cluster Intimacy: 199/200 links (99%), orphans: Lonely, #99" in out
    assert out.splitlines()[-1] == "1 page: 1 passed, 0 failed; 0 errors, 0 warnings"


def test_text_colour_only_when_asked():
    report = sample_report()
    plain = text.render(report, color=False)
    coloured = text.render(report, color=True)
    assert "\x1b" not in plain
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == plain


def test_text_neutralises_control_characters_from_content():
    evil = finding("faq.E001", message="bad \x1b[2J answer\nsecond line")
    out = text.render(Report(pages=[PageResult(doc(1, "p"), [evil])]), color=False)
    assert "\x1b" not in out
    assert "bad \\x1b[2J answer\n" in out
    assert "\n    second line" in out


# --- progress bar --------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("total", [0, 1, 200])
def test_progress_bar_is_silent_for_200_pages_or_fewer(total):
    stream = io.StringIO()
    bar = ProgressBar(total, stream, True)
    for _ in range(total):
        bar.advance()
    bar.close()
    assert not bar.enabled
    assert stream.getvalue() == ""


def test_progress_bar_is_silent_when_disabled():
    stream = io.StringIO()
    with ProgressBar(400, stream, enabled=False) as bar:
        bar.advance(400)
    assert stream.getvalue() == ""


def test_progress_bar_draws_for_more_than_200_pages():
    stream = io.StringIO()
    clock = FakeClock()
    with ProgressBar(400, stream, True, width=10, clock=clock) as bar:
        for _ in range(120):
            clock.now += 0.1
            bar.advance()
        assert stream.getvalue().endswith("\r[###.......] 120/400")
        for _ in range(280):
            clock.now += 0.1
            bar.advance()
    out = stream.getvalue()
    assert out.endswith("\r[##########] 400/400\n")
    assert out.count("\n") == 1


def test_progress_bar_redraws_at_most_20_times_a_second():
    stream = io.StringIO()
    clock = FakeClock()
    bar = ProgressBar(10_000, stream, True, clock=clock)
    for _ in range(10_000):
        clock.now += 0.0001  # 10,000 pages in one second
        bar.advance()
    bar.close()
    draws = stream.getvalue().count("\r")
    assert 2 <= draws <= 22  # ~20 per second, plus the final state on close
    assert stream.getvalue().endswith("10000/10000\n")


# --- json ----------------------------------------------------------------------------


def test_json_round_trips_with_exact_summary_and_key_order():
    report = sample_report()
    data = json.loads(json_report.render(report, fail_on="warning"))
    assert data["summary"] == {
        "pages": 10,
        "passed": 9,
        "failed": 1,
        "errors": 2,
        "warnings": 5,
    }
    assert list(data) == ["summary", "pages", "clusters", "fail_on", "generated_by"]
    assert data["fail_on"] == "warning"
    assert data["generated_by"] == "cluster-cms validate_content"

    page = data["pages"][1]
    assert list(page) == [
        "id",
        "slug",
        "title",
        "url",
        "edit_url",
        "source_path",
        "type",
        "status",
        "findings",
        "metrics",
    ]
    assert page["title"] == "Fear of intimacy"
    assert page["status"] == "fail" and page["slug"] == "fear-of-intimacy"
    assert page["url"] == "/intimacy/fear-of-intimacy/"
    assert page["edit_url"] == "/admin/pages/2/edit/" and page["source_path"] == ""
    assert page["findings"][0] == {
        "id": "faq.E002",
        "severity": "error",
        "message": "Answer is 212 words (max 120)",
        "hint": "Shorten the answer to 120 words or fewer.",
        "location": {"block": 3, "faq_item": 1},
        "where": 'FAQ "How is fear of intimacy…", question 2',
        "value": 212,
        "threshold": 120,
    }
    # value/threshold are left out when the check did not measure anything
    assert "value" not in page["findings"][1] and "threshold" not in page["findings"][1]
    assert page["metrics"] == {"words": 900}

    cluster = data["clusters"][0]
    assert list(cluster) == ["pillar", "coverage", "edges", "orphans"]
    assert cluster["pillar"] == {
        "id": 1,
        "slug": "intimacy",
        "title": "Intimacy",
        "url": "/intimacy/",
    }
    assert cluster["coverage"] == {"declared": 27, "realized": 27, "ratio": 1.0}
    assert cluster["edges"][0] == {
        "source": 1,
        "target": 2,
        "kind": "pillar-topic",
        "required": True,
        "realized": True,
    }
    assert cluster["orphans"] == []


def test_json_output_is_stable_with_one_page_per_line():
    report = sample_report()
    out = json_report.render(report)
    assert out == json_report.render(report)
    lines = out.splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    assert lines[1].startswith('  "summary": {"pages": 10,')
    assert lines[2] == '  "pages": ['
    pages = lines[3 : 3 + len(report.pages)]
    slugs = [json.loads(line.strip().rstrip(","))["slug"] for line in pages]
    assert slugs == [p.document.slug for p in report.pages]
    assert json.loads(out) == json_report.as_dict(report)


def documented_layout(data: dict) -> str:
    """The JSON report's layout as docs/cli.md describes it, built in one go (how render built it)."""
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            parts.append(f"  {json.dumps(key)}: [\n{items}\n  ]")
        else:
            parts.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


@pytest.mark.parametrize(
    "report",
    [
        sample_report(),
        Report(),
        Report(pages=sample_report().pages),
        Report(clusters=sample_report().clusters),
    ],
    ids=["pages and a cluster", "empty", "no cluster", "no page"],
)
def test_json_pieces_join_into_the_documented_layout(report):
    kw = {"fail_on": "warning", "base_url": "https://x.test"}
    pieces = list(json_report.chunks(report, **kw))
    assert len(pieces) > len(report.pages) + len(report.clusters)  # a piece a page: none holds them all
    layout = documented_layout(json_report.as_dict(report, **kw))
    assert "".join(pieces) == layout == render("json", report, **kw)
    assert render_pieces("text", report) and "".join(render_pieces("text", report)) == text.render(report)


def test_a_bad_fail_on_is_refused_before_the_first_piece():
    with pytest.raises(ValueError, match="fail_on"):
        next(json_report.chunks(sample_report(), fail_on="info"))


def with_odd_metrics(report: Report) -> Report:
    odd = {"ratio": float("inf"), (1, 2): "tuple key", "tags": {"b", "a"}, "obj": object()}
    odd["text"] = "caf\u00e9 \ud800"  # not ASCII, and a lone surrogate
    report.pages[0].metrics = {**report.pages[0].metrics, **odd}
    return report


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_renders_a_reported_part_as_the_part_itself(fmt):
    """validate_content keeps each cluster's part reported (compact) until it renders."""
    report = with_odd_metrics(sample_report())
    slim = reported(report)
    assert not any(p.document.blocks for p in slim.pages) and any(p.document.blocks for p in report.pages)
    for kw in ({}, {"fail_on": "warning", "base_url": "https://x.test"}):
        assert render(fmt, slim, **kw) == render(fmt, report, **kw)


def test_reported_metrics_read_back_as_the_json_report_gives_them():
    report = Report(pages=[PageResult(doc(1, "p"), [], with_odd_metrics(sample_report()).pages[0].metrics)])
    kept = reported(report).pages[0].metrics
    assert dict(kept) == json_report.as_dict(report)["pages"][0]["metrics"]
    assert kept["ratio"] == "inf" and kept["tags"] == ["a", "b"] and len(kept) == len(report.pages[0].metrics)
    assert not reported(Report(pages=[PageResult(doc(1, "p"))])).pages[0].metrics


def test_json_stringifies_values_that_are_not_json_native():
    odd = finding(
        "readability.W009",
        WARNING,
        value=Decimal("1.5"),
        threshold=float("nan"),
    )
    metrics = {"ratio": float("inf"), (1, 2): "tuple key", "tags": {"b", "a"}, "obj": object()}
    report = Report(pages=[PageResult(doc(1, "p"), [odd], metrics)])
    out = json_report.render(report)
    data = json.loads(out, parse_constant=lambda c: pytest.fail(f"non-standard JSON {c}"))
    f = data["pages"][0]["findings"][0]
    assert f["value"] == "1.5" and f["threshold"] == "nan"
    metrics_out = data["pages"][0]["metrics"]
    assert metrics_out["ratio"] == "inf"
    assert metrics_out["(1, 2)"] == "tuple key"
    assert metrics_out["tags"] == ["a", "b"]
    assert metrics_out["obj"].startswith("<object object")


def test_json_base_url_makes_urls_absolute():
    data = json.loads(json_report.render(sample_report(), base_url="https://example.org/"))
    assert data["pages"][1]["url"] == "https://example.org/intimacy/fear-of-intimacy/"
    assert data["pages"][1]["edit_url"] == "https://example.org/admin/pages/2/edit/"
    assert data["clusters"][0]["pillar"]["url"] == "https://example.org/intimacy/"


# --- junit ---------------------------------------------------------------------------


def parse_junit(out: str) -> ET.Element:
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    return root


def cases(root: ET.Element) -> dict[tuple[str, str], ET.Element]:
    suite = root.find("testsuite")
    return {(c.get("classname"), c.get("name")): c for c in suite.findall("testcase")}


def test_junit_has_one_testcase_per_page_and_family():
    root = parse_junit(junit.render(sample_report()))
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    assert suite.get("name") == "content-gate"
    testcases = suite.findall("testcase")
    assert len(testcases) == 10 * 3
    assert {c.get("name") for c in testcases} == {"faq", "links", "readability"}
    assert suite.get("tests") == "30"
    assert suite.get("errors") == "0" and suite.get("skipped") == "0"
    assert suite.get("failures") == "2"
    assert root.get("tests") == "30" and root.get("failures") == "2"


def test_junit_failures_only_at_or_above_fail_on():
    by_key = cases(parse_junit(junit.render(sample_report(), fail_on="error")))
    faq = by_key[("fear-of-intimacy", "faq")]
    failure = faq.find("failure")
    assert failure.get("type") == "faq.E002"
    assert failure.get("message") == (
        'FAQ "How is fear of intimacy…", question 2: Answer is 212 words (max 120) (faq.E002)'
    )
    assert failure.text == (
        'ERROR FAQ "How is fear of intimacy…", question 2: Answer is 212 words (max 120) (faq.E002)\n'
        "  hint: Shorten the answer to 120 words or fewer.\n"
        "page: /intimacy/fear-of-intimacy/\n"
        "edit: /admin/pages/2/edit/"
    )
    # a stored page has no file for JUnit readers to point at
    assert faq.get("file") is None and faq.get("line") is None
    assert by_key[("fear-of-intimacy", "links")].find("failure").get("type") == "links.E001"

    readability = by_key[("fear-of-intimacy", "readability")]
    assert readability.find("failure") is None
    assert "readability.W003" in readability.find("system-out").text
    assert by_key[("topic-5", "faq")].find("failure") is None
    assert list(by_key[("topic-5", "faq")]) == []

    strict = parse_junit(junit.render(sample_report(), fail_on="warning"))
    by_key = cases(strict)
    attachment = by_key[("attachment-styles", "readability")]
    assert attachment.find("failure").get("type") == "readability.W001,readability.W003"
    assert attachment.find("failure").get("message").endswith("(+1 more)")
    assert attachment.find("system-out") is None
    # intimacy/readability, fear-of-intimacy/{faq,links,readability},
    # attachment-styles/readability, love-languages/readability
    assert strict.find("testsuite").get("failures") == "6"


def test_junit_adds_families_found_in_findings():
    crash = finding("engine.E001", message="Check raised ValueError")
    report = sample_report()
    next(p for p in report.pages if p.document.slug == "topic-5").findings.append(crash)
    root = parse_junit(junit.render(report))
    testcases = root.find("testsuite").findall("testcase")
    assert len(testcases) == 10 * 4
    assert [c.get("name") for c in testcases[:4]] == ["faq", "links", "readability", "engine"]
    engine = cases(root)[("topic-5", "engine")]
    assert engine.find("failure").get("type") == "engine.E001"
    assert root.find("testsuite").get("failures") == "3"


def test_junit_escapes_markup_and_control_characters():
    nasty = finding(
        "faq.E003",
        message='Question "<b>Why & how?</b>" ]]> is repeated\x00\x1b',
        hint="Use 'one' question\nper item",
    )
    report = Report(pages=[PageResult(doc(1, 'slug-"<&>'), [nasty])])
    root = parse_junit(junit.render(report))
    case = cases(root)[('slug-"<&>', "faq")]
    failure = case.find("failure")
    assert '"<b>Why & how?</b>" ]]>' in failure.get("message")
    assert '"<b>Why & how?</b>" ]]>' in failure.text
    assert "hint: Use 'one' question\nper item" in failure.text


def test_junit_empty_report():
    root = parse_junit(junit.render(Report()))
    suite = root.find("testsuite")
    assert suite.get("tests") == "0" and suite.findall("testcase") == []


# --- sarif ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    if not SARIF_SCHEMA_PATH.exists():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA_PATH} (set SARIF_SCHEMA)")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def assert_valid_sarif(validator, out: str) -> dict:
    data = json.loads(out)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    return data


def test_sarif_validates_against_the_schema(sarif_validator):
    data = assert_valid_sarif(sarif_validator, sarif.render(sample_report()))
    assert data["version"] == "2.1.0"
    run = data["runs"][0]
    assert run["tool"]["driver"]["name"] == "cluster-cms"
    assert len(run["results"]) == 7


def test_sarif_empty_report_still_has_a_run(sarif_validator):
    data = assert_valid_sarif(sarif_validator, sarif.render(Report()))
    assert len(data["runs"]) == 1
    assert data["runs"][0]["results"] == []
    assert data["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_rules_are_the_check_ids_that_occur(sarif_validator):
    data = assert_valid_sarif(sarif_validator, sarif.render(sample_report()))
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "faq.E002",
        "links.E001",
        "readability.W001",
        "readability.W003",
    ]
    faq = rules[0]
    assert faq["shortDescription"]["text"] == "Answer is N words (max N)"
    assert faq["help"]["text"] == "Shorten the answer to 120 words or fewer."
    assert faq["defaultConfiguration"]["level"] == "error"
    assert rules[2]["defaultConfiguration"]["level"] == "warning"
    assert "help" not in rules[2]  # GRADE_WARNING has no hint
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_results_of_a_stored_page_name_the_page_and_its_edit_url(sarif_validator):
    data = assert_valid_sarif(sarif_validator, sarif.render(sample_report()))
    results = data["runs"][0]["results"]
    faq = next(r for r in results if r["ruleId"] == "faq.E002")
    assert faq == {
        "ruleId": "faq.E002",
        "ruleIndex": 0,
        "level": "error",
        "message": {
            "text": 'FAQ "How is fear of intimacy…", question 2: '
            "Answer is 212 words (max 120) — Shorten the answer to 120 words or fewer."
        },
        # No physicalLocation: a page in the database is no file a viewer could open.
        "locations": [
            {
                "logicalLocations": [
                    {
                        "name": "Fear of intimacy",
                        "fullyQualifiedName": "intimacy/fear-of-intimacy#block-3/faq-2",
                        "properties": {"editUrl": "/admin/pages/2/edit/"},
                    }
                ],
                "message": {"text": 'FAQ "How is fear of intimacy…", question 2'},
            }
        ],
        "properties": {
            "pageId": 2,
            "pageSlug": "fear-of-intimacy",
            "pageUrl": "/intimacy/fear-of-intimacy/",
            "location": {"block": 3, "faq_item": 1},
            "value": 212,
            "threshold": 120,
        },
    }

    # Character offsets into a block's text are no region of any file: kept as properties only.
    sentence = next(r for r in results if r["ruleId"] == "readability.W003")
    assert sentence["level"] == "warning"
    assert sentence["locations"] == [
        {
            "logicalLocations": [
                {
                    "name": "Fear of intimacy",
                    "fullyQualifiedName": "intimacy/fear-of-intimacy#block-1",
                    "properties": {"editUrl": "/admin/pages/2/edit/"},
                }
            ],
            "message": {"text": 'Paragraph "Fear of intimacy is the…"'},
        }
    ]
    assert sentence["properties"]["location"] == {"block": 1, "start": 10, "end": 52}

    link = next(r for r in results if r["ruleId"] == "links.E001")
    assert link["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "intimacy/fear-of-intimacy"
    assert all("physicalLocation" not in r["locations"][0] for r in results)


def test_sarif_base_url_makes_edit_and_page_urls_absolute(sarif_validator):
    out = sarif.render(sample_report(), base_url="https://example.org")
    data = assert_valid_sarif(sarif_validator, out)
    results = data["runs"][0]["results"]
    edit_urls = [r["locations"][0]["logicalLocations"][0]["properties"]["editUrl"] for r in results]
    assert edit_urls == [
        "https://example.org/admin/pages/1/edit/",
        *["https://example.org/admin/pages/2/edit/"] * 3,
        *["https://example.org/admin/pages/3/edit/"] * 2,
        "https://example.org/admin/pages/4/edit/",
    ]
    assert results[1]["properties"]["pageUrl"] == "https://example.org/intimacy/fear-of-intimacy/"


def test_sarif_page_without_url_or_edit_url_keeps_a_logical_location(sarif_validator):
    report = Report(pages=[PageResult(doc(7, "draft-page", url=""), [FAQ_ERROR])])
    data = assert_valid_sarif(sarif_validator, sarif.render(report))
    result = data["runs"][0]["results"][0]
    assert result["locations"] == [
        {
            "logicalLocations": [{"name": "Draft page", "fullyQualifiedName": "draft-page#block-3/faq-2"}],
            "message": {"text": "Body"},
        }
    ]
    assert "pageUrl" not in result["properties"]


# --- github --------------------------------------------------------------------------


def commands(out: str, level: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(f"::{level} ")]


def test_github_annotations():
    out = github_fmt.render(sample_report())
    lines = out.splitlines()
    # Stored pages: no file= to attach to, so the title names the page and the
    # message ends with where to edit it.
    assert lines == [
        "::warning title=readability.W001 · Intimacy::Whole page: Grade level 11.2 (max 9) "
        "(edit: /admin/pages/1/edit/)",
        '::error title=faq.E002 · Fear of intimacy::FAQ "How is fear of intimacy…", question 2: '
        "Answer is 212 words (max 120) — Shorten the answer to 120 words or fewer. "
        "(edit: /admin/pages/2/edit/)",
        "::error title=links.E001 · Fear of intimacy::Whole page: Required link to the pillar is missing "
        "— Link to /intimacy/ from the lead or body. (edit: /admin/pages/2/edit/)",
        '::warning title=readability.W003 · Fear of intimacy::Paragraph "Fear of intimacy is the…": '
        "Sentence has 41 words (max 30) — Split the sentence. (edit: /admin/pages/2/edit/)",
        "::warning title=readability.W001 · Attachment styles::Whole page: Grade level 11.2 (max 9) "
        "(edit: /admin/pages/3/edit/)",
        "::warning title=readability.W003 · Attachment styles::Body: "
        "Sentence has 41 words (max 30) — Split the sentence. (edit: /admin/pages/3/edit/)",
        "::warning title=readability.W003 · Love languages::Body: "
        "Sentence has 41 words (max 30) — Split the sentence. (edit: /admin/pages/4/edit/)",
        "content gate: 10 pages: 9 passed, 1 failed; 2 errors, 5 warnings",
    ]
    with_base = github_fmt.render(sample_report(), base_url="https://example.org").splitlines()
    assert with_base[0].endswith("(edit: https://example.org/admin/pages/1/edit/)")
    assert lines[-1] == "content gate: 10 pages: 9 passed, 1 failed; 2 errors, 5 warnings"
    assert not lines[-1].startswith("::")


def test_github_caps_annotations_at_ten_of_each_and_says_so():
    out = github_fmt.render(many_findings_report(errors=27, warnings=13))
    assert len(commands(out, "error")) == 10
    assert len(commands(out, "warning")) == 10
    (notice,) = commands(out, "notice")
    assert notice == (
        "::notice title=content gate::17 more errors and 3 more warnings not annotated "
        "(GitHub shows 10 of each per step); see the JSON/SARIF report"
    )
    # the first ten of each are the ones annotated
    assert "title=faq.E009 · " in out and "title=faq.E010 · " not in out
    assert out.splitlines()[-1].startswith("content gate: 1 page: 0 passed, 1 failed;")


@pytest.mark.parametrize(
    ("errors", "warnings", "expected"),
    [
        (11, 0, "1 more error not annotated"),
        (3, 12, "2 more warnings not annotated"),
        (10, 10, None),
    ],
)
def test_github_overflow_notice_counts(errors, warnings, expected):
    out = github_fmt.render(many_findings_report(errors, warnings))
    notices = commands(out, "notice")
    if expected is None:
        assert notices == []
    else:
        assert len(notices) == 1 and f"::{expected} (GitHub" in notices[0]


def test_github_escapes_data_and_properties():
    tricky = finding(
        "faq.E004",
        message="100% sure: line one\r\nline two, really",
        hint="a:b",
    )
    report = Report(pages=[PageResult(doc(1, "odd:slug,x"), [tricky])])
    out = github_fmt.render(report)
    (line,) = commands(out, "error")
    assert line == (
        "::error title=faq.E004 · Odd%3Aslug%2Cx::"
        "Whole page: 100%25 sure: line one%0D%0Aline two, really — a:b"
    )
    assert github_fmt.escape_property("50%: a,b\n") == "50%25%3A a%2Cb%0A"
    assert github_fmt.escape_data("50%: a,b\n") == "50%25: a,b%0A"


def test_github_message_cannot_inject_commands():
    injected = finding("faq.E005", message="ok\n::error::pwned\n::stop-commands::x")
    out = github_fmt.render(Report(pages=[PageResult(doc(1, "p"), [injected])]))
    assert [line for line in out.splitlines() if line.startswith("::")] == [
        "::error title=faq.E005 · P::Whole page: ok%0A::error::pwned%0A::stop-commands::x"
    ]


# --- properties over arbitrary content -----------------------------------------------

content_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=0, max_size=40)


@settings(max_examples=60, deadline=None)
@given(message=content_text, hint=content_text, slug=content_text)
def test_every_format_survives_arbitrary_text(sarif_validator, message, hint, slug):
    f = finding("faq.E001", message=message or "m", hint=hint, location=Location(block=0))
    w = finding("readability.W001", WARNING, message=message or "m", hint=hint)
    report = Report(pages=[PageResult(doc(1, slug or "s", url=""), [f, w])])

    data = json.loads(json_report.render(report))
    assert data["pages"][0]["findings"][0]["message"] == (message or "m")
    assert data["pages"][0]["findings"][0]["hint"] == hint

    root = parse_junit(junit.render(report))
    assert len(root.find("testsuite").findall("testcase")) == 3

    assert_valid_sarif(sarif_validator, sarif.render(report))

    # the runner reads commands line by line (\n); nothing may break a command up
    lines = github_fmt.render(report).rstrip("\n").split("\n")
    assert len(lines) == 3
    assert lines[0].startswith("::error title=") and lines[1].startswith("::warning title=")

    assert "\x1b" not in text.render(report)
