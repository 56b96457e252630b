"""The validation service: Wagtail pages and unsaved editor instances -> documents -> reports."""

from wagtail.models import Page

from cluster.models import PillarPage, TopicPage
from cluster.validation.cluster_map import pillar_of
from cluster.validation.documents import content_hash, document_from_page
from cluster.validation.service import cluster_report, draft_page_report
from validators.document import LIVE, PILLAR_TO_TOPIC, RELATED, TOPIC_TO_PILLAR, UNPUBLISHED


def test_document_carries_blocks_links_and_faq(demo):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    doc = document_from_page(topic, version="live")
    assert [b.kind for b in doc.blocks][0] == "lead"
    assert doc.lead.title == "What is fear of intimacy?"
    assert len(doc.faq_items) == 4
    assert demo.id in {link.target_id for link in doc.links}
    assert doc.url == "/intimacy/fear-of-intimacy/" and doc.type == "topic"


def test_documents_of_stored_pages_carry_the_admin_edit_url(demo, admin_client):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    doc = document_from_page(topic, version="live")
    assert doc.edit_url == f"/admin/pages/{topic.id}/edit/" and doc.source_path == ""
    # It is the page's own edit view, which an editor can open.
    response = admin_client.get(doc.edit_url)
    assert response.status_code == 200 and topic.title in response.content.decode()
    # Whole-cluster runs (documents loaded in bulk, then cached) carry it too.
    for _ in range(2):
        report = cluster_report(pillar=demo, version=LIVE)
        assert {p.document.id: p.document.edit_url for p in report.pages} == {
            page.id: f"/admin/pages/{page.id}/edit/" for page in [demo, *TopicPage.objects.child_of(demo)]
        }
    # The editor's form of a page not saved yet has no edit view.
    unsaved = TopicPage(title="Not saved yet", slug="not-saved-yet")
    assert document_from_page(unsaved, version="draft").edit_url == ""


def test_cluster_map_declares_edges_to_live_pages_only(demo):
    topics = {t.slug: t for t in TopicPage.objects.child_of(demo)}
    cmap = cluster_report(pillar=demo, version=LIVE).clusters[0].cluster_map
    kinds = {(e.source, e.target): e.kind for e in cmap.edges}
    assert all(kinds[(demo.id, t.id)] == PILLAR_TO_TOPIC for t in topics.values())
    assert all(kinds[(t.id, demo.id)] == TOPIC_TO_PILLAR for t in topics.values())
    related = {(e.source, e.target, e.required) for e in cmap.edges if e.kind == RELATED}
    fear = topics["fear-of-intimacy"]
    assert {(fear.id, r.target_id, r.required) for r in fear.related_topics.all()} <= related
    assert {n.status for n in cmap.nodes} == {LIVE}

    topics["attachment-style"].unpublish()
    cmap = cluster_report(pillar=demo, version=LIVE).clusters[0].cluster_map
    withdrawn = topics["attachment-style"].id
    assert cmap.node(withdrawn).status == UNPUBLISHED
    assert not [e for e in cmap.edges if e.target == withdrawn]


def test_pillar_of_finds_the_pillar_without_reading_its_body(demo, django_assert_num_queries):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    with django_assert_num_queries(1):  # the parent row; no specific query
        pillar = pillar_of(topic)
    assert isinstance(pillar, PillarPage) and pillar.pk == demo.pk and pillar.path == demo.path
    assert "body" in pillar.get_deferred_fields()
    assert pillar_of(demo) is demo
    assert pillar_of(Page.objects.get(pk=demo.pk)).pk == demo.pk  # a base Page row of a pillar
    assert pillar_of(demo.get_parent()) is None  # the home page is in no cluster


def test_unsaved_topic_is_validated_in_its_cluster(demo):
    source = TopicPage.objects.get(slug="responsive-desire")
    fresh = TopicPage(title="A new topic", slug="a-new-topic", category="Intimacy", body=source.body.raw_data)
    report = draft_page_report(page=fresh, parent=demo)
    [result] = report.pages
    assert result.document.id == 0
    # It copies responsive-desire's FAQ, so the cluster sees repeated questions,
    # and no page links to it yet, so it is an orphan. It has no search
    # description and no focus keyphrase yet (seo.W002, seo.W004).
    assert {f.id for f in result.findings} == {"faq.W001", "links.E006", "seo.W002", "seo.W004"}


def test_unsaved_topic_without_faq_fails(demo):
    fresh = TopicPage(title="Empty", slug="empty", category="Intimacy", body=[])
    [result] = draft_page_report(page=fresh, parent=demo).pages
    assert {f.id for f in result.errors} >= {"faq.E001", "links.E002"}


def test_draft_report_covers_the_whole_cluster(demo):
    report = cluster_report(pillar=demo, version="draft")
    assert len(report.pages) == 10 and report.summary()["errors"] == 0


def test_content_hash_ignores_block_ids_at_any_depth_but_not_text():
    with_ids = [
        {"id": "b1", "type": "paragraph", "value": '<p>Say "id": "x" here</p>'},
        {"id": 'q"2', "type": "faq", "value": {"items": [{"id": "i1", "type": "item", "value": {"q": "a"}}]}},
        {"id": 7, "type": "heading", "value": "Numeric ids take the slow path"},
    ]
    without = [
        {"type": "paragraph", "value": '<p>Say "id": "x" here</p>'},
        {"type": "faq", "value": {"items": [{"type": "item", "value": {"q": "a"}}]}},
        {"type": "heading", "value": "Numeric ids take the slow path"},
    ]
    assert content_hash(with_ids, ["topic"]) == content_hash(without, ["topic"])
    edited = [dict(without[0], value='<p>Say "id": "y" here</p>'), *without[1:]]
    assert content_hash(edited, ["topic"]) != content_hash(without, ["topic"])
