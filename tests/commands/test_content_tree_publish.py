"""import_content --publish publishes what passes the gate and lists what it held back."""

import pytest
from wagtail.models import Page

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


def test_pages_that_pass_only_beside_a_refused_page_are_held_back_too(demo, tmp_path):
    """The pillar fails; its topics link to it, so without it going live they fail as well."""
    demo.delete()
    tree = copy_demo_tree(tmp_path)
    index = tree / "intimacy" / "index.md"
    text = index.read_text()
    for _ in range(2):  # 6 FAQ items down to 4; a pillar needs 5
        text = text[: text.rindex("\n\n### ")] + "\n"
    index.write_text(text)

    result = run("import_content", tree, "--publish")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[:3] == [
        f"Imported 11 pages from {tree}: 11 created, 0 updated, 0 unchanged. Published 1.",
        "Held back by the publication gate, still drafts (10):",
        f"{index}: faq.E002 The FAQ has 4 questions; a pillar page needs at least 5.",
    ]
    # Each held-back page's findings are those of the site as it ends up: every
    # link to another held-back page is a link to a draft (links.E004).
    ids = [(line.split(": ")[0].removeprefix(f"{tree}/intimacy/"), line.split(" ")[1]) for line in lines[2:]]
    drafts_linked = {
        "index.md": 9,
        "attachment-style.md": 4,
        "emotional-vs-physical-intimacy.md": 4,
        "fear-of-intimacy.md": 4,
        "intimacy-after-trauma.md": 4,
        "long-term-desire-paradox.md": 4,
        "rebuilding-intimacy-after-rupture.md": 3,
        "responsive-desire.md": 3,
        "sexual-brakes-and-accelerators.md": 3,
        "vulnerability-threshold.md": 4,
    }
    assert ids == [("index.md", "faq.E002")] + [
        (name, "links.E004") for name, count in drafts_linked.items() for _ in range(count)
    ]
    assert [p.slug for p in Page.objects.live().filter(depth__gt=2)] == ["find-your-intimacy-style"]


@pytest.mark.parametrize("expired", [False, True], ids=["unpublished", "expired"])
def test_a_page_taken_offline_stays_offline_unless_update(demo, tmp_path, expired):
    """Unpublishing saves no revision, so the page looks unchanged; --publish must not put it back."""
    tree = copy_demo_tree(tmp_path)
    TopicPage.objects.get(slug="fear-of-intimacy").unpublish(set_expired=expired)
    fear = tree / "intimacy" / "fear-of-intimacy.md"

    result = run("import_content", tree, "--publish")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines() == [
        f"Imported 11 pages from {tree}: 0 created, 0 updated, 11 unchanged. Published 0.",
        f"{fear}: withdrawn by an editor; not republished (use --update to republish it)",
    ]
    assert not TopicPage.objects.get(slug="fear-of-intimacy").live

    result = run("import_content", tree, "--publish", "--update")
    assert (result.code, result.err) == (0, "")
    assert result.out == f"Imported 11 pages from {tree}: 0 created, 0 updated, 11 unchanged. Published 1.\n"
    assert TopicPage.objects.get(slug="fear-of-intimacy").live


def test_a_changed_file_of_a_withdrawn_page_is_saved_but_not_published(demo, tmp_path):
    tree = copy_demo_tree(tmp_path)
    TopicPage.objects.get(slug="fear-of-intimacy").unpublish()
    fear = tree / "intimacy" / "fear-of-intimacy.md"
    fear.write_text(fear.read_text().replace("\ncategory: Intimacy\n", "\ncategory: Closeness\n"))

    result = run("import_content", tree, "--publish")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines() == [
        f"Imported 11 pages from {tree}: 0 created, 1 updated, 10 unchanged. Published 0.",
        f"{fear}: withdrawn by an editor; not republished (use --update to republish it)",
    ]
    page = TopicPage.objects.get(slug="fear-of-intimacy")
    assert not page.live
    assert page.get_latest_revision_as_object().category == "Closeness"
