"""The one reader of stored content (cluster/stored/reader.py).

Line breaks (Shift+Enter in the editor, stored as `<br/>`) separate words on
every route: the engine's own HTML path always split them, the production
reader glued them ("first linesecond line"; issue 11, defect 3).
"""

from __future__ import annotations

import pytest
from wagtail.models import APIToken
from wagtail.test.utils import WagtailTestUtils

from cluster.models import TopicPage
from cluster.stored import reader
from cluster.validation.documents import document_from_page
from tests.api.support import topic_body
from tests.gate.support import edit_url, page_form_data
from validators.text import count_words, html_units

LINE_BREAK = "<p>first line<br/>second line</p>"

# Hostile stored values: none may crash the reader, whatever it makes of them.
HOSTILE = [
    "",
    "   ",
    "<p>",
    "</div></div><p>escaped</p>",
    "<div><p>unclosed",
    "<script>alert(1)</script><p>after</p>",
    "<p>" + "deep " * 20_000 + "</p>",
    "<b>" * 500 + "nested" + "</b>" * 500,
    "<p>Ünïcödé — 日本語のテキスト 🙂🙂 مرحبا</p>",
    "<p>\x00 NUL and \ufeff BOM</p>",
    '<a linktype="page" id="not-a-number">x</a>',
    '<a linktype="page" id="99999999999999999999999">big id</a>',
    "<!-- only a comment -->",
    "&lt;p&gt;escaped markup&lt;/p&gt;",
]


def test_a_line_break_separates_words():
    text, links = reader.read_rich_text(LINE_BREAK)
    assert text == "first line\nsecond line" and links == []
    # Batched and single reads agree, whatever else is in the batch.
    batch = reader.read_rich_texts([LINE_BREAK, "<p>other</p>"])
    assert batch[LINE_BREAK] == (text, links)


def test_units_are_lines_and_links_carry_their_page():
    html = '<p>One <a linktype="page" id="3">page</a>.</p><ul><li>a</li><li>b<br>c</li></ul>'
    text, links = reader.read_rich_text(html)
    assert text == "One page.\na\nb\nc"
    assert links == [("", "page", 3)]
    assert reader.rich_text_targets(html) == {3}


def test_a_batch_falls_back_to_single_reads_when_markup_escapes_its_wrapper():
    good = ['<p>One <a linktype="page" id="3">x</a></p>', "<ul><li>a</li><li>b</li></ul>"]
    assert reader.read_rich_texts(good) == {html: reader.read_rich_text(html) for html in good}
    broken = ["<p>before</div><p>after</p>", "<p>next</p>"]
    assert reader.read_rich_texts(broken) == {html: reader.read_rich_text(html) for html in broken}


def test_blocks_faq_items_cta_and_targets_of_a_body():
    body = [
        {"type": "lead", "value": {"question": "Q?", "answer": LINE_BREAK}},
        {"type": "heading", "value": "Head"},
        {"type": "paragraph", "value": '<p>See <a linktype="page" id="7">seven</a></p>'},
        {
            "type": "faq",
            "value": {
                "title": "FAQ",
                "items": [
                    {
                        "type": "item",
                        "value": {"question": "A?", "answer": '<p><a linktype="page" id="8">8</a></p>'},
                    },
                    {"question": "Old shape?", "answer": "<p>plain dict items are read too</p>"},
                ],
            },
        },
        {"type": "cta", "value": {"label": "Go", "page": 9, "url": ""}},
        "not a block",
        {"value": "no type"},
    ]
    blocks, links = reader.read_blocks(body)
    assert [b.kind for b in blocks] == ["lead", "heading", "paragraph", "faq", "cta"]
    assert blocks[0].text == "first line\nsecond line"
    assert [item.question for item in blocks[3].faq_items] == ["A?", "Old shape?"]
    assert [(link.field, link.target_id) for link in links] == [("body", 7), ("faq", 8), ("cta", 9)]
    assert reader.link_targets(body) == {7, 8, 9}
    assert list(reader.rich_texts(body)) == [
        LINE_BREAK,
        '<p>See <a linktype="page" id="7">seven</a></p>',
        '<p><a linktype="page" id="8">8</a></p>',
        "<p>plain dict items are read too</p>",
    ]


# Structure the admin's editor never writes, but API v3 and old data can.
STRUCTURE = [
    LINE_BREAK,
    "<ul><li>parent<ul><li>child</li></ul>tail</li></ul>",
    "intro <p>inside</p> outro",
    "<div>first</div><div>second</div>",
    "<h2>Heading</h2><p>Body <b>bold</b> <i>it</i>alic.</p>",
    "<table><tr><td>a</td><td>b</td></tr></table>",
    "<p>one<br><br>two</p><blockquote>quoted</blockquote>",
]


@pytest.mark.parametrize("html", STRUCTURE + HOSTILE)
def test_the_reader_splits_prose_as_the_engines_html_path_does(html):
    expected = "\n".join(text for _, text in html_units(html))
    assert reader.read_rich_text(html)[0] == expected
    assert reader.read_rich_texts([html, "<p>x</p>"]).get(html, ("", []))[0] == expected


def test_block_elements_never_glue_words():
    assert reader.read_rich_text("<div>first</div><div>second</div>")[0] == "first\nsecond"
    assert reader.read_rich_text("<ul><li>parent<ul><li>child</li></ul></li></ul>")[0] == "parent\nchild"
    assert reader.read_rich_text("intro <p>x</p>")[0] == "intro\nx"


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_rich_text_never_crashes_the_reader(html):
    text, links = reader.read_rich_text(html)
    assert "alert(1)" not in text  # a script's text is never prose
    assert all(target is None or isinstance(target, int) for _, _, target in links)
    body = [{"type": "paragraph", "value": html}, {"type": "faq", "value": {"items": [{"answer": html}]}}]
    blocks, _ = reader.read_blocks(body)
    assert len(blocks) == 2


@pytest.mark.parametrize("value", [None, 7, [], {"items": "nope"}, {"items": [None, 3, "x"]}])
def test_malformed_stored_values_read_as_empty(value):
    kinds = ("lead", "faq", "cta", "paragraph")
    blocks, links = reader.read_blocks([{"type": kind, "value": value} for kind in kinds])
    assert [b.kind for b in blocks] == ["lead", "faq", "cta", "paragraph"] and links == ()


def _paragraph_text(page) -> str:
    doc = document_from_page(page, version="draft")
    return next(b.text for b in doc.blocks if b.kind == "paragraph" and "second line" in b.text)


# A line break is a unit break, as in the engine's HTML path: word counts and
# sentence splits see two lines, never "linesecond".


def test_a_line_break_saved_through_the_admin_form_separates_words(demo, client):
    admin = WagtailTestUtils.create_superuser("admin", "admin@example.com", "password")
    client.force_login(admin)
    page = TopicPage.objects.get(slug="fear-of-intimacy")
    raw = [*page.body.raw_data, {"type": "paragraph", "value": LINE_BREAK}]
    # The form posts each rich text as Draftail's contentstate, where
    # Shift+Enter is a soft line break ("\n") inside one block.
    data = page_form_data(page, raw)
    response = client.post(edit_url(page), data)
    assert response.status_code == 302, response.content[:2000]
    saved = TopicPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert "<br/>" in saved.body.raw_data[-1]["value"]
    text = _paragraph_text(saved)
    assert text == "first line\nsecond line" and count_words(text) == 4


def test_a_line_break_written_through_api_v3_separates_words(demo, client):
    editor = WagtailTestUtils.create_superuser("editor", "editor@example.com", "password")
    _, token = APIToken.create_token(user=editor, name="reader test")
    body = [*topic_body(demo), {"type": "paragraph", "value": LINE_BREAK}]
    data = {
        "meta": {"type": "cluster.TopicPage", "parent_id": demo.id},
        "title": "Line breaks",
        "slug": "line-breaks",
        "category": "Intimacy",
        "body": body,
    }
    response = client.post(
        "/api/v3/pages/", data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 201, response.content
    page = TopicPage.objects.get(slug="line-breaks")
    assert _paragraph_text(page) == "first line\nsecond line"


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ('[{"type": "heading", "value": "H"}]', [{"type": "heading", "value": "H"}]),
        ([{"type": "heading", "value": "H"}], [{"type": "heading", "value": "H"}]),
        ("", []),
        ("not json {", []),
        (None, []),
        ('{"a": 1}', []),
    ],
)
def test_a_revisions_stored_body_is_read_or_empty(stored, expected):
    assert reader.stored_body(stored) == expected
