"""The revalidation cache never serves a stale verdict.

Documents are cached per revision and page-local findings per content hash;
link findings depend on other pages' states and must follow them at once.
"""

import pytest

from cluster.models import PillarPage, TopicPage  # noqa: F401
from cluster.validation import loading as documents
from cluster.validation.caches import clear_all
from tests.commands.support import gate
from validators import metrics


def pillar_ids(report):
    page = next(p for p in report["pages"] if p["slug"] == "intimacy")
    return sorted(f["id"] for f in page["findings"] if f["severity"] == "error")


@pytest.fixture
def warm(demo):
    clear_all()  # the whole-cluster reports kept in this process too: this run must compute
    assert gate()["summary"]["errors"] == 0
    return demo


def test_second_run_rebuilds_nothing(warm, monkeypatch):
    built, analysed = [], []
    real_build, real_analyse = documents.document_from_snapshot, metrics._analyse
    monkeypatch.setattr(
        documents, "document_from_snapshot", lambda *a, **kw: built.append(a) or real_build(*a, **kw)
    )
    monkeypatch.setattr(metrics, "_analyse", lambda *a: analysed.append(a) or real_analyse(*a))
    metrics.clear_caches()
    first = gate()
    assert (built, analysed) == ([], [])
    topic = TopicPage.objects.get(slug="responsive-desire")
    topic.title = "Responsive desire, retitled"
    topic.save_revision()
    second = gate()
    assert len(built) == 1 and len(analysed) == 1  # only the edited page
    assert first["summary"] == second["summary"]


def test_unpublishing_a_linked_page_shows_at_once(warm):
    TopicPage.objects.get(slug="attachment-style").unpublish()
    assert set(pillar_ids(gate())) == {"links.E004"}
    TopicPage.objects.get(slug="attachment-style").save_revision().publish()
    assert pillar_ids(gate()) == []


def test_deleting_a_linked_page_shows_at_once(warm):
    TopicPage.objects.get(slug="attachment-style").delete()
    assert set(pillar_ids(gate())) == {"links.E005"}


def test_publishing_a_linked_page_clears_the_finding(warm):
    # A new draft topic, and a pillar draft that links to it.
    fresh = TopicPage.objects.child_of(warm).first()
    draft = TopicPage(
        title="Brand new", slug="brand-new", category="Intimacy", body=fresh.body.raw_data, live=False
    )
    warm.add_child(instance=draft)
    draft.save_revision()
    pillar = PillarPage.objects.get(slug="intimacy")
    raw = pillar.body.raw_data
    raw.append(
        {"type": "paragraph", "value": f'<p>See <a linktype="page" id="{draft.id}">the new topic</a>.</p>'}
    )
    pillar.body = raw
    pillar.save_revision()
    assert pillar_ids(gate("--cluster", "intimacy")) == ["links.E004"]
    # The copied FAQ repeats questions (warnings only), so the topic may publish.
    draft.get_latest_revision().publish()
    assert pillar_ids(gate("--cluster", "intimacy")) == []


def test_changed_thresholds_never_reuse_cached_findings(warm, settings):
    before = gate()["summary"]["warnings"]
    settings.CLUSTER_VALIDATION = {"sentence_words_warn": 5}
    assert gate()["summary"]["warnings"] > before
    settings.CLUSTER_VALIDATION = {}
    assert gate()["summary"]["warnings"] == before
