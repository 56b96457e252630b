"""Imported pages get the verdicts their content deserves, whatever the file format (issue 15).

Each page goes the way an import goes: parse the file, build the StreamField
data the importer saves (`stream_data`), read it with the one reader and
validate the document.
"""

from cluster.content_io.formats import parse_markdown, parse_text, render_markdown
from cluster.content_io.importer import stream_data
from cluster.content_io.richtext import html_to_markup, markup_to_html
from cluster.stored.reader import read_blocks
from validators import validate_page
from validators.document import PageDocument

ANSWER = "Responsive desire is wanting that shows up after closeness has begun."
SECTION = (
    "Many people notice interest only once they feel relaxed and close. "
    "That pattern is common, and it is not a sign that something is wrong."
)


def document(source) -> PageDocument:
    blocks, links = read_blocks(stream_data(source, {}))
    return PageDocument(id=1, type="topic", slug="p", title=source.title, blocks=blocks, links=links)


def findings(source, families=("faq", "readability")) -> list:
    result = validate_page(document(source), families=list(families))
    return [(f.id, f.location, f.value) for f in result.findings]


def test_a_markdown_question_heading_is_the_lead_as_in_the_text_format():
    # Issue 15: faq.W002 ("no direct answer") fired for the Markdown file only.
    markdown = parse_markdown(
        "p.md",
        f"---\ntitle: Desire\n---\n## What is responsive desire?\n\n{ANSWER}\n\n"
        f"## Where it comes from\n\n{SECTION}\n",
    )
    text = parse_text(
        "p.txt", f"Intimacy\nDesire\nWhat is responsive desire?\n{ANSWER}\nWhere it comes from\n{SECTION}\n"
    )
    assert [b.kind for b in markdown.blocks] == ["lead", "heading", "paragraph"]
    assert (markdown.blocks[0].text, markdown.blocks[0].answer) == ("What is responsive desire?", ANSWER)
    both = findings(markdown), findings(text)
    assert both[0] == both[1]
    assert [f[0] for f in both[0]] == ["faq.E001"]  # no FAQ section, in either format
    # A question heading followed by a FAQ question still opens the FAQ section.
    faq = parse_markdown("f.md", f"---\ntitle: F\n---\n## Questions?\n\n### Why?\n\n{ANSWER}\n")
    assert [b.kind for b in faq.blocks] == ["faq"]


NINE = [
    "- Notice when you feel most relaxed together",
    "- Plan unhurried time without a goal",
    "- Start with touch that asks for nothing",
    "* Talk about what helps you warm up",
    "* Let interest arrive in its own time",
    "+ Share one small wish each week",
    "1. Keep stress out of the bedroom",
    "2. Check in after closeness, not before",
    "3) Laugh about the awkward moments",
]


def test_a_tight_markdown_list_is_one_unit_per_item():
    # Issue 15: nine items without blank lines were read as one 55-word sentence (a false W004).
    body = "\n".join(["Some ideas to try:", *NINE])
    source = parse_markdown(
        "l.md", f"---\ntitle: Ideas\n---\nWhat helps?\n\n{ANSWER}\n\n## Ideas\n\n{body}\n"
    )
    doc = document(source)
    assert doc.blocks[2].text.split("\n") == ["Some ideas to try:", *NINE]
    assert findings(source, ["readability"]) == []
    metrics = validate_page(doc).metrics["readability"]
    assert metrics["sentences"] == 1 + 1 + 9  # the lead answer, the intro line, nine items
    assert render_markdown(source).endswith(body + "\n")


def test_list_lines_break_and_round_trip_while_hard_wrapped_prose_stays_one_line():
    markup = "Intro line\nwrapped here:\n- one [x](/a/)\n- two\n10. ten\n\nNext\nparagraph."
    html = markup_to_html(markup, lambda target: 7)
    assert html == (
        '<p>Intro line\nwrapped here:<br/>- one <a linktype="page" id="7">x</a><br/>- two<br/>10. ten</p>'
        "<p>Next\nparagraph.</p>"
    )
    assert html_to_markup(html, lambda page_id: "/a/") == markup
    # Not list items: a dash inside a line, a number without its mark, "-" without a space.
    for text in ("a - b\nc", "In\n2024 we met.", "Go\n-now"):
        assert "<br/>" not in markup_to_html(text, lambda target: None)
