"""import_content --publish publishes what passes the gate and lists what it held back."""

import pytest

from cluster.models import ContentPage, TopicPage
from tests.commands.tree_support import copy_demo_tree, run

pytestmark = pytest.mark.django_db
THIN_TOPIC = """---
title: Touch Starvation
category: Intimacy
language: en
---
What is touch starvation?

Touch starvation is a long lack of caring physical contact.

## Common questions

### Is it common?

Yes, often.
"""
ABOUT = "---\ntitle: About These Guides\ntype: page\nlanguage: en\n---\nWho writes these guides.\n"


def test_a_page_the_gate_refuses_stays_a_draft_and_is_listed_with_its_findings(demo, tmp_path):
    tree = copy_demo_tree(tmp_path)
    thin = tree / "intimacy" / "touch-starvation.md"
    thin.write_text(THIN_TOPIC)
    (tree / "intimacy" / "about.md").write_text(ABOUT)

    result = run("import_content", tree, "--publish")
    assert (result.code, result.err) == (1, "")
    assert result.out.splitlines() == [
        f"Imported 13 pages from {tree}: 2 created, 0 updated, 11 unchanged. Published 1.",
        "Held back by the publication gate, still drafts (1):",
        f"{thin}: faq.E002 The FAQ has 1 question; a topic page needs at least 3.",
        f"{thin}: faq.E007 The FAQ answer is 2 words long; it needs at least 30.",
        f'{thin}: links.E002 The topic does not link to its pillar "{demo.title}".',
        f"{thin}: links.E006 No other page of the cluster links to this topic: it is an orphan.",
    ]
    assert not TopicPage.objects.get(slug="touch-starvation").live
    assert ContentPage.objects.get(slug="about").live  # not a cluster page: the gate lets it through


def test_publish_also_publishes_unchanged_drafts_that_pass(demo, tmp_path):
    """A page imported earlier without --publish goes live on the next --publish run."""
    tree = copy_demo_tree(tmp_path)
    (tree / "intimacy" / "about.md").write_text(ABOUT)
    assert run("import_content", tree).code == 0
    assert not ContentPage.objects.get(slug="about").live

    result = run("import_content", tree, "--publish")
    assert (result.code, result.err) == (0, "")
    assert result.out == f"Imported 12 pages from {tree}: 0 created, 0 updated, 12 unchanged. Published 1.\n"
    assert ContentPage.objects.get(slug="about").live
