"""Round trips and parsing rules of the two page formats (no database)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cluster.content_io.formats import FormatError, parse_markdown, parse_text, render_markdown, render_text
from cluster.content_io.formats.text import is_heading_shaped
from tests.paths import FIXTURES, SEED


def kinds(page):
    return [b.kind for b in page.blocks]


def test_seed_round_trips_through_text():
    text = SEED.read_text()
    assert render_text(parse_text(SEED, text)).rstrip() == text.rstrip()


def test_seed_structure():
    page = parse_text(SEED, SEED.read_text())
    assert (page.category, page.title[:20]) == ("Intimacy", "Intimacy Psychology:")
    assert kinds(page) == (
        ["lead"]
        + ["paragraph"] * 2
        + ["heading"]
        + ["paragraph"] * 3
        + ["heading"]
        + ["paragraph"] * 2
        + ["heading"]
        + ["paragraph"] * 2
        + ["heading"]
        + ["paragraph"] * 2
        + ["faq", "cta"]
    )
    faq = page.blocks[-2]
    assert faq.title == "Common questions" and len(faq.items) == 5
    assert faq.items[0][0] == "What is intimacy in psychology?"
    assert (page.blocks[-1].title, page.blocks[-1].text) == (
        "Curious where you land?",
        "Find your intimacy style",
    )


def test_question_headings_are_recognised():
    page = parse_text("q.txt", (FIXTURES / "question-headings.txt").read_text())
    headings = [b.text for b in page.blocks if b.kind == "heading"]
    assert headings == [
        "Why does desire sometimes arrive late?",
        "Where does the idea of spontaneous desire come from?",
    ]
    assert page.blocks[-2].title == "Frequently asked questions"


@pytest.mark.parametrize("name", ["question-headings.txt", "no-cta-emoji.txt"])
def test_text_fixtures_round_trip(name):
    text = (FIXTURES / name).read_text()
    assert render_text(parse_text(name, text)).rstrip() == text.rstrip()


def test_markdown_fixture_round_trips():
    text = (FIXTURES / "links.md").read_text()
    page = parse_markdown("links.md", text)
    assert page.related == [("fear-of-intimacy", True), ("responsive-desire", False)]
    assert kinds(page) == ["lead", "heading", "paragraph", "faq", "cta"]
    assert render_markdown(page) == text


@pytest.mark.parametrize(
    "title",
    ["Closeness \ufffe and distance", "Delete \x7f here", "C1 \x85\x9f marks", "Line \u2028 separator"],
)
def test_a_title_yaml_cannot_hold_raw_is_escaped_and_reads_back(title):
    page = parse_text("page.txt", f"Intimacy\n{title}\nWhat is it?\nAn answer.\n")
    assert page.title == title
    again = parse_markdown("page.md", render_markdown(page))
    assert again.title == title


def test_seed_survives_text_to_markdown_to_text():
    seed = parse_text(SEED, SEED.read_text())
    again = parse_markdown("seed.md", render_markdown(seed))
    assert render_text(again).rstrip() == SEED.read_text().rstrip()


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Long-term closeness has its own paradox", True),
        ("Why does intimacy feel good and dangerous at the same time?", True),
        ("This does not mean intimacy kills desire.", False),
        ("Closeness matters. It also scares us", False),
        ("- a list item", False),
        ("word " * 20, False),
    ],
)
def test_heading_shape(line, expected):
    assert is_heading_shaped(line) is expected


def test_blank_lines_are_tolerated_and_dropped():
    page = parse_text("b.txt", "Cat\n\nTitle\nQ?\n\nAnswer.\n")
    assert (page.title, kinds(page)) == ("Title", ["lead"])


@pytest.mark.parametrize(
    "text,problem",
    [
        ("Category only\n", (2, "missing title")),
        ("C\nT\nPara.\nCommon questions\n- Q?\n- A\n- Orphan?\n", (7, "question has no answer")),
        ("C\nT\nPara.\nFAQ\n- Q?\n- A\nCTA\nLabel\nextra\n", (7, "unexpected text after the FAQ")),
        # An item left empty ("- ", read as "-"): named as what it is, at its
        # line (it was "unexpected text after the FAQ", or an answer accepted empty).
        ("C\nT\nPara.\nFAQ\n- Q?\n- A\n- \n- Answer\n", (7, "a '- ' question with no text")),
        ("C\nT\nPara.\nFAQ\n- Q?\n- A\n-\n", (7, "a '- ' question with no text")),
        ("C\nT\nPara.\nFAQ\n- Q?\n- A\n- Q2?\n- \n", (7, "question has no answer: 'Q2?'")),
    ],
)
def test_text_errors_name_the_line(text, problem):
    with pytest.raises(FormatError) as exc:
        parse_text("bad.txt", text)
    line, message = exc.value.problems[0]
    assert (line, message[: len(problem[1])]) == problem
    assert str(exc.value).startswith(f"bad.txt:{problem[0]}: ")


@pytest.mark.parametrize(
    "text,line,start",
    [
        ("no front matter\n", 1, "Markdown pages start with"),
        ("---\ntitle: [unclosed\n---\nx\n", 2, "invalid YAML"),
        ("---\nslug: x\n---\nBody.\n", 2, "missing title"),
        ("---\ntitle: T\nsurprise: 1\n---\nBody.\n", 3, "unknown front matter key"),
        ("---\ntitle: T\n---\n## Common questions\n\n### Q?\n", 6, "question has no answer"),
        # "### " with nothing after it was read as a paragraph and merged into
        # the answer before it: the question vanished and the file passed.
        ("---\ntitle: T\n---\n## FAQ\n\n### Q?\n\nA.\n\n### \n\nB.\n", 10, "a '###' question with no text"),
        ("---\ntitle: T\n---\n## FAQ\n\n###\n\nB.\n", 6, "a '###' question with no text"),
        ("---\ntitle: T\n---\n## FAQ\n\n###\nB.\n", 6, "a '###' question with no text"),
        ("---\ntitle: T\n---\nPara.\n\n##\nMore.\n", 6, "a '##' heading with no text"),
        ("---\ntitle: T\n---\nPara.\n\n## \n\nMore.\n", 6, "a '##' heading with no text"),
    ],
)
def test_markdown_errors_name_the_line(text, line, start):
    with pytest.raises(FormatError) as exc:
        parse_markdown("bad.md", text)
    assert exc.value.problems[0][0] == line
    assert exc.value.problems[0][1].startswith(start)


# -- "any file in the format" ------------------------------------------------
# Lines are free text that cannot be mistaken for format syntax on their own
# line: no leading "- " and no leading/trailing whitespace.
words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40
)
line = words.map(str.strip).filter(lambda s: s and not s.startswith("- ") and s != "-")


@st.composite
def text_documents(draw):
    lines = [draw(line), draw(line)]
    if draw(st.booleans()):
        lines += [draw(line).rstrip("?") + "?", draw(line)]
    lines += draw(st.lists(line, max_size=8))
    if draw(st.booleans()):
        lines.append(draw(line))
        for _ in range(draw(st.integers(1, 4))):
            lines += ["- " + draw(line), "- " + draw(line)]
        lines += draw(st.lists(line, max_size=2))
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(text_documents())
def test_any_text_document_round_trips(text):
    try:
        page = parse_text("gen.txt", text)
    except FormatError:
        return  # e.g. a body that happens to look like an FAQ item line
    assert render_text(page) == text
    assert render_text(parse_markdown("g.md", render_markdown(page))).rstrip() == text.rstrip()
