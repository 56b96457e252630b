"""A hard-wrapped plain-text file is refused with its lines named (issue 15, item 3).

Each line of the text format is one block, so a paragraph wrapped at 72
characters became a run of fragments: some read as headings, and readability
measured half-sentences. `tests/fixtures/hard-wrapped.txt` is our own text,
wrapped with `textwrap.fill(width=72)`; its FAQ lines were left whole.
"""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from cluster.content_io.formats import FormatError, parse_text, render_text
from tests.paths import FIXTURES

WRAPPED = FIXTURES / "hard-wrapped.txt"
HINT = "join them into one line (the text format holds one paragraph per line)"


def joined(text: str, runs) -> str:
    """The file with each run of lines (first, last) joined into one line: what the hint asks for."""
    lines = text.split("\n")
    for first, last in reversed(runs):
        lines[first - 1 : last] = [" ".join(lines[first - 1 : last])]
    return "\n".join(lines)


def test_the_wrapped_fixture_is_refused_naming_every_paragraph():
    with pytest.raises(FormatError) as exc:
        parse_text(WRAPPED, WRAPPED.read_text())
    assert exc.value.problems == [
        (4, f"lines 4-5 look like one paragraph hard-wrapped across lines: {HINT}"),
        (6, f"lines 6-10 look like one paragraph hard-wrapped across lines: {HINT}"),
        (12, f"lines 12-16 look like one paragraph hard-wrapped across lines: {HINT}"),
    ]


def test_the_same_text_one_paragraph_per_line_parses_and_round_trips():
    # Positive control: following the hint gives a file the format accepts.
    text = joined(WRAPPED.read_text(), [(4, 5), (6, 10), (12, 16)])
    page = parse_text("joined.txt", text)
    assert [b.kind for b in page.blocks] == ["lead", "paragraph", "heading", "paragraph", "faq"]
    assert page.blocks[2].text == "Why small repairs matter more than grand gestures"
    assert render_text(page) == text


@pytest.mark.parametrize(
    "text,problems",
    [
        # Commas end no paragraph: three lines that each run on.
        (
            "C\nT\nFirst we talk,\nThen we listen,\nThen we decide.\n",
            [(3, f"lines 3-5 look like one paragraph hard-wrapped across lines: {HINT}")],
        ),
        # An unfinished line, then lower case, twice.
        (
            "C\nT\nA sentence that goes\non and keeps going\nuntil it ends.\n",
            [(3, f"lines 3-5 look like one paragraph hard-wrapped across lines: {HINT}")],
        ),
        # Once one run of three proves the file wrapped, a run of two is named too.
        (
            "C\nT\nA sentence that goes\non and keeps going\nuntil it ends.\nAnother that breaks\nonce.\n",
            [
                (3, f"lines 3-5 look like one paragraph hard-wrapped across lines: {HINT}"),
                (6, f"lines 6-7 look like one paragraph hard-wrapped across lines: {HINT}"),
            ],
        ),
        # Opening quotes or brackets before the lower-case letter do not hide it.
        (
            "C\nT\nShe said it was\n\u201cnot quite what we\n(meant) at all.\n",
            [(3, f"lines 3-5 look like one paragraph hard-wrapped across lines: {HINT}")],
        ),
    ],
)
def test_wrapped_runs_are_errors_naming_their_lines(text, problems):
    with pytest.raises(FormatError) as exc:
        parse_text("w.txt", text)
    assert exc.value.problems == problems


@pytest.mark.parametrize(
    "text",
    [
        # A heading, then a paragraph that starts in lower case: one break, not a run.
        "C\nT\nThe iPhone years\niPhone owners upgrade less often now.\n",
        # A run of two alone is not proof: a FAQ answer wrapped once stays legal.
        "C\nT\nA paragraph wrapped\nonce.\n",
        # Finished lines: a lower-case start after a full stop or colon is a new block.
        "C\nT\nIt ends here.\nlower case starts here.\nand here:\nfine.\n",
        # Blank lines separate blocks, so lines either side are not one paragraph.
        "C\nT\nGoes on\n\nand on\n\nand on\n",
        # A '- ' line is a new FAQ item, never the rest of the line before it.
        "C\nT\nPara.\nQuestions,\n- Why is it,\n- because,\n",
    ],
)
def test_text_that_is_not_wrapped_is_accepted(text):
    parse_text("ok.txt", text)


def test_import_page_refuses_the_wrapped_file_and_writes_nothing(demo):
    before = Page.objects.count()
    with pytest.raises(CommandError) as exc:
        call_command("import_page", str(WRAPPED), "--type", "topic", "--parent", "intimacy")
    assert str(exc.value).splitlines() == [
        f"{WRAPPED}:4: lines 4-5 look like one paragraph hard-wrapped across lines: {HINT}",
        f"{WRAPPED}:6: lines 6-10 look like one paragraph hard-wrapped across lines: {HINT}",
        f"{WRAPPED}:12: lines 12-16 look like one paragraph hard-wrapped across lines: {HINT}",
    ]
    assert Page.objects.count() == before
