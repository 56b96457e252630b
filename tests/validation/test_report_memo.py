"""A whole-cluster report is kept by a digest of its inputs (service._report_key).

The same inputs give back the same report object; any change of an input
gives a new report, equal to the one a cold run computes from nothing.
"""

import pytest
from django.urls import set_script_prefix
from wagtail.models import Page, PageViewRestriction

from cluster.models import PillarPage, TopicPage
from cluster.validation.caches import clear_all, release_process_layer
from cluster.validation.service import cluster_report
from validators import registry
from validators.document import DRAFT, LIVE
from validators.findings import Finding
from validators.reporters import json_report, reported


def _json(report) -> str:
    return json_report.render(report)


def _cold(pillar, version) -> str:
    clear_all()
    return _json(cluster_report(pillar=pillar, version=version))


@pytest.fixture
def fresh(demo):
    clear_all()
    return demo


@pytest.mark.parametrize("version", [DRAFT, LIVE])
def test_an_unchanged_cluster_gives_back_the_same_report(fresh, version):
    first = cluster_report(pillar=fresh, version=version)
    assert cluster_report(pillar=fresh, version=version) is first
    assert _cold(fresh, version) == _json(first)


def _edit_a_topic(pillar):
    topic = TopicPage.objects.child_of(pillar).get(slug="attachment-style")
    topic.title = "Attachment style, retitled"
    topic.save_revision()


def _restrict_a_topic(pillar):
    topic = TopicPage.objects.child_of(pillar).get(slug="attachment-style")
    PageViewRestriction.objects.create(page=topic, restriction_type=PageViewRestriction.LOGIN)


def _unpublish_a_topic(pillar):
    TopicPage.objects.child_of(pillar).get(slug="attachment-style").unpublish()


def _move_the_cluster(pillar):
    # A move changes every page's URL and no revision.
    guides = pillar.get_parent().add_child(instance=Page(title="Guides", slug="guides"))
    pillar.move(guides, pos="last-child")


def _change_a_threshold(pillar, settings):
    settings.CLUSTER_VALIDATION = {"topic": {"faq_min_items": 40}}


def _add_a_check(pillar, monkeypatch):
    def always(doc, ctx):
        return [Finding("test.W001", "warning", f"checked {doc.slug}")]

    monkeypatch.setattr(registry, "_checks", [*registry._checks, ("test", always)])


CHANGES = {
    "a new revision": (_edit_a_topic, DRAFT),
    "a view restriction": (_restrict_a_topic, LIVE),
    "an unpublished page": (_unpublish_a_topic, DRAFT),
    "a move": (_move_the_cluster, LIVE),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_changed_input_gives_the_report_a_cold_run_gives(fresh, change):
    apply, version = CHANGES[change]
    before = cluster_report(pillar=fresh, version=version)
    apply(fresh)
    pillar = PillarPage.objects.get(pk=fresh.pk)
    after = cluster_report(pillar=pillar, version=version)
    assert after is not before
    assert _json(after) != _json(before)
    assert _json(after) == _cold(pillar, version)


@pytest.fixture
def script_prefix():
    yield set_script_prefix
    set_script_prefix("/")


@pytest.mark.parametrize("forget", [False, True], ids=["memo", "document cache"])
def test_the_admin_under_a_script_prefix_gives_new_edit_links(fresh, script_prefix, forget):
    # The edit URL is in each document, but in no revision: the document cache
    # and the report memo held it under keys that did not change with it.
    before = _json(cluster_report(pillar=fresh, version=DRAFT))
    assert '"edit_url": "/admin/pages/' in before
    script_prefix("/cms/")
    if forget:  # only the process layer: the documents stay in the shared cache
        release_process_layer()
    after = _json(cluster_report(pillar=fresh, version=DRAFT))
    assert '"edit_url": "/admin/pages/' not in after and '"edit_url": "/cms/admin/pages/' in after
    assert after == _cold(fresh, DRAFT)


def test_changed_thresholds_give_a_new_report(fresh, settings):
    before = cluster_report(pillar=fresh, version=DRAFT)
    _change_a_threshold(fresh, settings)
    after = cluster_report(pillar=fresh, version=DRAFT)
    assert "faq.E002" in _json(after) and _json(after) != _json(before)
    assert _json(after) == _cold(fresh, DRAFT)


def test_an_added_check_gives_a_new_report(fresh, monkeypatch):
    before = cluster_report(pillar=fresh, version=DRAFT)
    _add_a_check(fresh, monkeypatch)
    after = cluster_report(pillar=fresh, version=DRAFT)
    assert "test.W001" not in _json(before) and "test.W001" in _json(after)


def test_a_page_read_from_its_row_is_never_kept(fresh):
    # Legacy data: a page with no revision is read from its row, which no key names.
    TopicPage.objects.child_of(fresh).filter(slug="attachment-style").update(latest_revision=None)
    first = cluster_report(pillar=fresh, version=DRAFT)
    assert cluster_report(pillar=fresh, version=DRAFT) is not first


def test_a_batch_run_lets_each_cluster_go(fresh):
    # validate_content releases each cluster before the next (peak memory at 20,000 pages).
    first = cluster_report(pillar=fresh, version=DRAFT)
    compact = reported(first)
    assert reported(first) is compact
    release_process_layer()
    second = cluster_report(pillar=fresh, version=DRAFT)
    assert second is not first and reported(second) is not compact
    assert _json(second) == _json(first)


def test_a_report_with_a_crashed_check_is_computed_again(fresh, monkeypatch):
    # As the result cache never keeps engine.E001: the check may pass next time.
    calls = []

    def flaky(doc, ctx):
        calls.append(doc.slug)
        if len(calls) == 1:
            raise RuntimeError("a passing failure")
        return []

    monkeypatch.setattr(registry, "_checks", [*registry._checks, ("test", flaky)])
    first = cluster_report(pillar=fresh, version=DRAFT)
    assert "engine.E001" in _json(first)
    second = cluster_report(pillar=fresh, version=DRAFT)
    assert second is not first and "engine.E001" not in _json(second)
    assert cluster_report(pillar=fresh, version=DRAFT) is second
