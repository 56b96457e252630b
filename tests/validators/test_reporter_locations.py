"""Report locations a reviewer can open: file lines for pages read from files.

Pages read from the database are covered in test_reporters.py (named by
title, with the admin's edit URL). Here the findings carry a SourcePosition,
as `validate_content PATH` gives them, and every format must point at it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from urllib.parse import quote, unquote, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.validators.test_reporters import (
    FEAR_BLOCKS,
    assert_valid_sarif,
    cases,
    doc,
    finding,
    parse_junit,
    sarif_validator,  # noqa: F401 (a fixture)
)
from validators.document import PageDocument
from validators.findings import WARNING, Location, PageResult, Report, SourcePosition
from validators.reporters import github, json_report, junit, sarif, text

PATH = "content/intimacy/fear-of-intimacy.md"

FAQ_ERROR = finding(
    "faq.E007",
    message="The FAQ answer is 2 words long; it needs at least 30.",
    hint="Answer fully.",
    location=Location(block=3, faq_item=1),
    source=SourcePosition(PATH, 48, 3),
)
# No position of its own (a whole-page finding): reported at the top of the file.
LINK_ERROR = finding("links.E001", message="The page does not link to its pillar.")
SENTENCE_WARNING = finding(
    "readability.W004",
    WARNING,
    "A sentence is 53 words long (limit 35).",
    location=Location(block=1, start=10, end=52),
    source=SourcePosition(PATH, 12, 1),
)


def file_doc(path: str = PATH, **kw) -> PageDocument:
    """A page as the file reader builds it: a source path, no id, no edit URL."""
    return replace(doc(0, "fear-of-intimacy", blocks=FEAR_BLOCKS, **kw), id=None, source_path=path)


def file_report() -> Report:
    return Report(pages=[PageResult(file_doc(), [FAQ_ERROR, LINK_ERROR, SENTENCE_WARNING])])


def test_github_attaches_each_annotation_to_its_file_line():
    assert github.render(file_report()).splitlines() == [
        "::error file=content/intimacy/fear-of-intimacy.md,line=48,col=3,title=faq.E007::"
        'FAQ "How is fear of intimacy…", question 2: '
        "The FAQ answer is 2 words long; it needs at least 30. — Answer fully.",
        "::error file=content/intimacy/fear-of-intimacy.md,line=1,col=1,title=links.E001::"
        "Whole page: The page does not link to its pillar.",
        "::warning file=content/intimacy/fear-of-intimacy.md,line=12,col=1,title=readability.W004::"
        'Paragraph "Fear of intimacy is the…": A sentence is 53 words long (limit 35).',
        "content gate: 1 page: 0 passed, 1 failed; 2 errors, 1 warning",
    ]


def test_github_escapes_the_file_property():
    odd = finding("faq.E001", source=SourcePosition("content/a,b: c%.md", 2, 5))
    (line, _summary) = github.render(Report(pages=[PageResult(file_doc("content/a,b: c%.md"), [odd])]))[
        :-1
    ].split("\n")
    assert (
        line
        == "::error file=content/a%2Cb%3A c%25.md,line=2,col=5,title=faq.E001::Whole page: faq.E001 happened"
    )


def test_sarif_gives_a_relative_file_region(sarif_validator):  # noqa: F811
    data = assert_valid_sarif(sarif_validator, sarif.render(file_report(), base_url="https://example.org"))
    results = data["runs"][0]["results"]
    assert [r["locations"] for r in results] == [
        [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": PATH},
                    "region": {"startLine": line, "startColumn": column},
                },
                "logicalLocations": [{"name": "Fear of intimacy", "fullyQualifiedName": name}],
                "message": {"text": where},
            }
        ]
        for line, column, name, where in [
            (48, 3, "intimacy/fear-of-intimacy#block-3/faq-2", 'FAQ "How is fear of intimacy…", question 2'),
            (1, 1, "intimacy/fear-of-intimacy", "Whole page"),
            (12, 1, "intimacy/fear-of-intimacy#block-1", 'Paragraph "Fear of intimacy is the…"'),
        ]
    ]
    # The block offsets stay for machines, never as a region of the file.
    assert results[2]["properties"] == {
        "pageId": None,
        "pageSlug": "fear-of-intimacy",
        "pageUrl": "https://example.org/intimacy/fear-of-intimacy/",
        "location": {"block": 1, "start": 10, "end": 52},
    }


def test_sarif_file_uris_are_relative_and_percent_encoded(sarif_validator):  # noqa: F811
    paths = {
        "content/страх близости.md": "content/" + quote("страх") + "%20" + quote("близости") + ".md",
        "c:/odd #1?%.md": "c%3A/odd%20%231%3F%25.md",
        "./a/b.md": "./a/b.md",
    }
    for path, expected in paths.items():
        report = Report(
            pages=[PageResult(file_doc(path), [finding("faq.E001", source=SourcePosition(path, 1))])]
        )
        data = assert_valid_sarif(sarif_validator, sarif.render(report))
        uri = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == expected
        parts = urlsplit(uri)
        assert uri.isascii() and not parts.scheme and not parts.netloc and unquote(parts.path) == path


def test_junit_testcases_carry_file_and_line():
    root = parse_junit(junit.render(file_report()))
    by_key = cases(root)
    attrs = {name: by_key[("fear-of-intimacy", name)].attrib for name in ("faq", "links", "readability")}
    assert attrs == {
        "faq": {"classname": "fear-of-intimacy", "name": "faq", "time": "0", "file": PATH, "line": "48"},
        "links": {"classname": "fear-of-intimacy", "name": "links", "time": "0", "file": PATH, "line": "1"},
        # passing (its warning is below --fail-on): the file, but no line to fail on
        "readability": {"classname": "fear-of-intimacy", "name": "readability", "time": "0", "file": PATH},
    }
    assert by_key[("fear-of-intimacy", "faq")].find("failure").text == (
        f'{PATH}:48:3: error: faq.E007 FAQ "How is fear of intimacy…", question 2: '
        "The FAQ answer is 2 words long; it needs at least 30.\n"
        "  hint: Answer fully.\n"
        "page: /intimacy/fear-of-intimacy/"
    )
    assert by_key[("fear-of-intimacy", "readability")].find("system-out").text == (
        f'{PATH}:12:1: warning: readability.W004 Paragraph "Fear of intimacy is the…": '
        "A sentence is 53 words long (limit 35).\n"
        "page: /intimacy/fear-of-intimacy/"
    )


def test_text_prints_compiler_style_lines():
    assert text.render(file_report()).splitlines() == [
        "✖ Fear of intimacy  /intimacy/fear-of-intimacy/",
        f'{PATH}:48:3: error: faq.E007 FAQ "How is fear of intimacy…", question 2: '
        "The FAQ answer is 2 words long; it needs at least 30.",
        "    hint: Answer fully.",
        f"{PATH}:1:1: error: links.E001 Whole page: The page does not link to its pillar.",
        f'{PATH}:12:1: warning: readability.W004 Paragraph "Fear of intimacy is the…": '
        "A sentence is 53 words long (limit 35).",
        "",
        "1 page: 0 passed, 1 failed; 2 errors, 1 warning",
    ]
    coloured = text.render(file_report(), color=True).splitlines()
    assert coloured[1].startswith(f"{PATH}:48:3: \x1b[1;31merror\x1b[0m: faq.E007 ")


def test_json_carries_the_source():
    page = json.loads(json_report.render(file_report()))["pages"][0]
    assert (page["id"], page["edit_url"], page["source_path"]) == (None, "", PATH)
    assert [f.get("source") for f in page["findings"]] == [
        {"path": PATH, "line": 48, "column": 3},
        None,  # the engine gave it no position; the JSON says so rather than guess
        {"path": PATH, "line": 12, "column": 1},
    ]


# --- properties over arbitrary paths -------------------------------------------------

path_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30)


def unescape_property(value: str) -> str:
    # The runner's own unescaping, in the order GitHub's toolkit applies it.
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


@settings(max_examples=60, deadline=None)
@given(path=path_text, line=st.integers(1, 10**6), column=st.integers(1, 500))
def test_every_format_keeps_arbitrary_paths_intact(sarif_validator, path, line, column):  # noqa: F811
    f = finding("faq.E001", source=SourcePosition(path, line, column))
    report = Report(pages=[PageResult(file_doc(path), [f])])

    (annotation, _summary) = github.render(report).rstrip("\n").split("\n")
    props = annotation.split("::")[1].removeprefix("error ").split(",")
    assert [p.split("=", 1)[0] for p in props] == ["file", "line", "col", "title"]
    assert unescape_property(props[0].split("=", 1)[1]) == path
    assert props[1:] == [f"line={line}", f"col={column}", "title=faq.E001"]

    data = assert_valid_sarif(sarif_validator, sarif.render(report))
    physical = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert unquote(physical["artifactLocation"]["uri"]) == path
    assert physical["region"] == {"startLine": line, "startColumn": column}

    case = parse_junit(junit.render(report)).find("testsuite").find("testcase")
    assert case.get("line") == str(line)
