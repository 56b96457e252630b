"""The body's block labels are the editor's words (Wagtail derives "Faq", "Cta", "Url" from names)."""

from __future__ import annotations

from wagtail.blocks.list_block import ListBlockAdapter
from wagtail.blocks.struct_block import StructBlockAdapter

from cluster.blocks import CallToActionBlock, ContentStreamBlock, FAQBlock


def test_block_menu_labels():
    body = ContentStreamBlock()
    assert {name: block.label for name, block in body.child_blocks.items()} == {
        "lead": "Lead",
        "heading": "Heading",
        "paragraph": "Paragraph",
        "faq": "FAQ",
        "cta": "Call to action",
    }


def test_field_labels_inside_faq_and_call_to_action():
    assert [b.label for b in CallToActionBlock().child_blocks.values()] == ["Heading", "Label", "Page", "URL"]
    assert [b.label for b in FAQBlock().child_blocks.values()] == ["Title", "Questions"]


def test_a_collapsed_faq_item_shows_its_question():
    items = FAQBlock().child_blocks["items"]
    item = items.child_block
    # What the admin's JavaScript receives for the list and for each item in it.
    assert ListBlockAdapter().js_args(items)[1] is item
    _name, _children, meta = StructBlockAdapter().js_args(item)
    assert (meta["label"], meta["labelFormat"]) == ("Question", "{question}")
