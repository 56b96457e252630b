"""Checking a few pages (`--page`, the admin gate) equals checking the whole cluster.

The page-scoped path keeps what it derives from the other pages between runs
(cluster/validation/scoped.py), so these tests also prove that a change to another page
(a new revision, publish, unpublish, delete, privacy) shows at once.
"""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from cluster.models import PillarPage, TopicPage
from cluster.stored.paths import site_root_path
from cluster.validation.caches import clear_all, validation_cache
from cluster.validation.scoped import _context
from tests.commands.support import gate


def page_findings(report, slug):
    page = next(p for p in report["pages"] if p["slug"] == slug)
    return page["findings"], page["metrics"]


def ids(report, slug):
    return sorted(f["id"] for f in page_findings(report, slug)[0])


@pytest.fixture
def fresh(demo):
    clear_all()
    return demo


@pytest.fixture
def defective(fresh):
    """The demo plus a generated cluster in which every tenth topic fails a check."""
    call_command("generate_cluster", "--topics", "30", "--seed", "3", "--slug", "gen", stdout=StringIO())
    return PillarPage.objects.get(slug="gen")


def test_every_page_run_equals_its_part_of_the_whole_run(defective):
    whole = gate()
    slugs = [p["slug"] for p in whole["pages"]]
    assert "gen-topic-0" in slugs and "fear-of-intimacy" in slugs
    failing = 0
    for slug in slugs:
        alone = gate("--page", slug)
        assert [p["slug"] for p in alone["pages"]] == [slug]
        assert page_findings(alone, slug) == page_findings(whole, slug), slug
        failing += bool(ids(alone, slug))
        # The cluster section describes the whole cluster; a page run has none.
        assert alone["clusters"] == []
    assert failing >= 3  # the generated defects are in the comparison


def test_a_question_copied_onto_another_page_shows_at_once(fresh):
    assert "faq.W001" not in ids(gate("--page", "responsive-desire"), "responsive-desire")
    source = TopicPage.objects.get(slug="responsive-desire")
    question = next(item["question"] for _, _, item in _faq_items(source))
    other = TopicPage.objects.get(slug="attachment-style")
    raw = other.body.raw_data
    faq = next(block for block in raw if block["type"] == "faq")
    answer = "<p>" + "A plain answer here. " * 6 + "</p>"
    faq["value"]["items"].append({"question": question, "answer": answer})
    other.body = raw
    other.save_revision()
    findings, _ = page_findings(gate("--page", "responsive-desire"), "responsive-desire")
    assert [(f["id"], f["value"]) for f in findings if f["id"] == "faq.W001"] == [
        ("faq.W001", "attachment-style")
    ]


def test_losing_every_link_into_a_topic_makes_it_an_orphan_at_once(fresh):
    target = TopicPage.objects.get(slug="vulnerability-threshold")
    assert "links.E006" not in ids(gate("--page", target.slug), target.slug)
    # Matched in the JSON text of the body, where quotes are escaped.
    anchor = re.compile(rf'<a [^>]*id=\\"{target.id}\\"[^>]*>(.*?)</a>', re.S)
    for page in [PillarPage.objects.get(slug="intimacy"), *TopicPage.objects.exclude(pk=target.pk)]:
        raw = list(page.body.raw_data)
        text = json.dumps(raw)
        if anchor.search(text):
            page.body = json.loads(anchor.sub(r"\1", text))
            page.save_revision()
    assert "links.E006" in ids(gate("--page", target.slug), target.slug)


def test_state_changes_of_a_linked_page_show_at_once(fresh):
    pillar = PillarPage.objects.get(slug="intimacy")
    linked = next(
        t for t in TopicPage.objects.child_of(pillar) if _links_to(list(t.body.raw_data), pillar.id)
    )
    assert "links.E004" not in ids(gate("--page", linked.slug), linked.slug)
    # Privacy changes no page row, so only fresh states can see it.
    restriction = PageViewRestriction.objects.create(
        page=pillar, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert "links.E004" in ids(gate("--page", linked.slug), linked.slug)
    restriction.delete()
    assert "links.E004" not in ids(gate("--page", linked.slug), linked.slug)
    pillar.unpublish()
    assert "links.E004" in ids(gate("--page", linked.slug), linked.slug)


def test_deleting_a_related_topic_shows_at_once(fresh):
    whole = gate()
    victim = TopicPage.objects.get(slug="attachment-style")
    linking = [
        p["slug"]
        for p in whole["pages"]
        if p["slug"] != victim.slug and _links_to(_raw(p["slug"]), victim.id)
    ]
    assert linking
    for slug in linking:
        gate("--page", slug)  # keep a context for each
    victim.delete()
    for slug in linking:
        assert "links.E005" in ids(gate("--page", slug), slug), slug


def _links_to(raw, page_id) -> bool:
    return f'id=\\"{page_id}\\"' in json.dumps(raw)  # JSON text: quotes are escaped


def _raw(slug):
    page = PillarPage.objects.filter(slug=slug).first() or TopicPage.objects.get(slug=slug)
    return list(page.body.raw_data)


def _faq_items(page):
    for block in page.body.raw_data:
        if block["type"] == "faq":
            for n, item in enumerate(block["value"]["items"]):
                yield block, n, item


def test_the_context_is_kept_while_the_other_pages_are_unchanged(fresh):
    """The fingerprint matches itself (the context is reused), and any other page's new revision breaks it.

    The subject's own edits never break it: its row is left out of the fingerprint.
    """
    pillar = PillarPage.objects.get(slug="intimacy")
    topics = list(TopicPage.objects.child_of(pillar).order_by("path"))
    subject, other = topics[0], topics[1]

    def context():
        return _context(pillar, "draft", frozenset({subject.id}), validation_cache(), site_root_path())

    first = context()
    assert context() is first
    subject.save_revision()
    assert context() is first
    other.save_revision()
    assert context() is not first
