"""The validation status selector (cluster/editor/status.py): draft and live, from the one report."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cluster.editor.status import VersionStatus, cluster_statuses, page_status, page_statuses
from cluster.models import ContentPage, PillarPage, TopicPage
from cluster.validation.service import cluster_report


def without_faq(page):
    """The page's body with its FAQ blocks removed (a topic then fails faq.E001)."""
    return [{"type": b["type"], "value": b["value"]} for b in page.body.raw_data if b["type"] != "faq"]


def save_draft_without_faq(slug="responsive-desire"):
    topic = TopicPage.objects.get(slug=slug)
    topic.body = without_faq(topic)
    topic.save_revision()
    return topic


def counts(report) -> dict:
    return {r.document.id: (len(r.errors), len(r.warnings)) for r in report.pages}


def test_a_failing_draft_on_a_passing_live_page(demo):
    topic = save_draft_without_faq()
    status = page_status(page=topic)
    draft_report = cluster_report(pillar=demo, version="draft")
    errors, warnings = counts(draft_report)[topic.id]
    assert errors > 0
    assert status.draft == VersionStatus(version="draft", errors=errors, warnings=warnings)
    assert status.live == VersionStatus(version="live", errors=0, warnings=status.live.warnings)
    assert status.failing == [status.draft]


def test_a_page_with_no_live_version_is_not_live(demo):
    draft = demo.add_child(instance=TopicPage(title="New topic", slug="new-topic", category="X", live=False))
    draft.save_revision()
    status = page_status(page=draft)
    assert status.live is None
    assert status.draft.passes is False  # no FAQ, no links yet


def test_counts_match_the_report_for_every_page_and_version(demo):
    save_draft_without_faq()
    statuses = cluster_statuses(pillar=demo)
    for version in ("draft", "live"):
        expected = counts(cluster_report(pillar=demo, version=version))
        got = {pid: (getattr(s, version).errors, getattr(s, version).warnings) for pid, s in statuses.items()}
        assert got == expected


def test_only_pillar_and_topic_pages_have_a_status(demo):
    children = list(Page.objects.child_of(demo))
    home = demo.get_parent()
    statuses = page_statuses(pages=[home, demo, *children])
    topics = set(TopicPage.objects.child_of(demo).values_list("id", flat=True))
    assert set(statuses) == {demo.id} | topics
    assert ContentPage.objects.child_of(demo).exists()  # the CTA page is listed, without a status


def test_the_cost_does_not_grow_with_the_pages_listed(demo):
    pages = [demo, *Page.objects.child_of(demo)]
    page_statuses(pages=pages)  # warm the document caches
    with CaptureQueriesContext(connection) as one:
        page_statuses(pages=pages[:1])
    with CaptureQueriesContext(connection) as all_of_them:
        page_statuses(pages=pages)
    assert len(all_of_them) == len(one)


def test_pages_of_two_clusters_are_batched_by_pillar(demo):
    home = demo.get_parent().specific
    other = home.add_child(instance=PillarPage(title="Other", slug="other", category="X", live=False))
    other.save_revision()
    statuses = page_statuses(pages=[other, *Page.objects.child_of(demo)])
    assert statuses[other.id].live is None
    assert len(statuses) == 1 + TopicPage.objects.child_of(demo).count()


@pytest.mark.parametrize(
    "errors, warnings, text",
    [
        (0, 0, "Passes"),
        (0, 1, "Passes, 1 warning"),
        (0, 3, "Passes, 3 warnings"),
        (1, 0, "1 error, 0 warnings"),
        (2, 1, "2 errors, 1 warning"),
    ],
)
def test_status_text_is_words(errors, warnings, text):
    assert VersionStatus(version="draft", errors=errors, warnings=warnings).text == text
