"""The engine: crash isolation, ordering, metrics and cluster coverage."""

from __future__ import annotations

import pytest

from tests.validator_factories import (
    clean_topic,
    cluster_map,
    context,
    good_faq,
    lead,
    link,
    loc,
    page,
    paragraph,
)
from validators import Report, registry, validate, validate_cluster, validate_page
from validators.document import DRAFT, LIVE, PILLAR, RELATED, TOPIC, Edge
from validators.findings import ERROR, Finding

ANCHOR = "intimacy psychology"


@pytest.fixture
def extra_check(monkeypatch):
    """Register checks for one test only."""

    def add(family, fn):
        monkeypatch.setattr(registry, "_checks", [*registry._checks, (family, fn)])
        fn.family = family
        return fn

    return add


def test_crashing_check_becomes_engine_e001_and_others_still_run(extra_check):
    def boom(doc, ctx):
        yield Finding("test.W001", "warning", "before the crash")
        raise ZeroDivisionError("division by zero")

    extra_check("test", boom)
    result = validate_page(page([lead(0), paragraph(1)]))
    ids = [f.id for f in result.findings]
    assert ids == ["engine.E001", "faq.E001", "links.W003", "test.W001"]
    crash = result.findings[0]
    assert crash.severity == ERROR
    assert crash.message == "check test.boom crashed: ZeroDivisionError: division by zero"
    assert crash.value == "test.boom"
    assert result.status == "fail"


def test_check_returning_none_is_tolerated(extra_check):
    extra_check("test", lambda doc, ctx: None)
    assert [f.id for f in validate_page(clean_topic()).findings] == ["links.W003"]


def test_findings_are_sorted_and_stamped_with_the_page():
    doc = page(
        [lead(0, answer=""), good_faq(1, count=1)],
        id=7,
        slug="fear-of-intimacy",
        required=("Is fear of intimacy normal?",),
    )
    result = validate_page(doc)
    assert [(f.id, f.location) for f in result.findings] == [
        ("faq.E002", loc(block=1)),
        ("faq.E011", loc(field="required_questions")),
        ("faq.W002", loc(block=0)),
        ("links.W003", loc()),
    ]
    assert {(f.page_id, f.page_slug) for f in result.findings} == {(7, "fear-of-intimacy")}
    assert validate_page(doc).findings == result.findings  # deterministic


def test_families_filter():
    doc = page([paragraph(0)])
    assert [f.id for f in validate_page(doc, families=["links"]).findings] == ["links.W003"]


def test_unknown_page_type_uses_topic_thresholds():
    doc = page([lead(0), good_faq(1, count=3)], type="landing")
    assert [f.id for f in validate_page(doc, families=["faq"]).findings] == []


def test_metrics_shape():
    result = validate_page(clean_topic())
    assert set(result.metrics) == {"faq_items", "coverage", "readability"}
    assert result.metrics["faq_items"] == 3
    assert result.metrics["coverage"] == {"declared": 0, "realized": 0, "ratio": 1.0}


def _cluster_docs():
    return [
        page([lead(0), paragraph(1), good_faq(2)], id=1, type=PILLAR, links=(link(2),)),
        clean_topic(id=2, links=(link(1, anchor=ANCHOR), link(3))),
        clean_topic(id=3),
        clean_topic(id=4, links=(link(1, anchor=ANCHOR),)),
    ]


def test_validate_cluster_reports_coverage_per_cluster_and_per_page():
    cluster = cluster_map(topics=(2, 3, 4), extra_edges=(Edge(2, 3, RELATED),))
    states = {n.id: LIVE for n in cluster.nodes}
    report = validate_cluster(_cluster_docs(), cluster, states)
    assert isinstance(report, Report)
    [result] = report.clusters
    assert result.pillar.id == 1
    assert [(e.edge.source, e.edge.target, e.edge.kind, e.realized) for e in result.edges] == [
        (1, 2, "pillar-topic", True),
        (1, 3, "pillar-topic", False),
        (1, 4, "pillar-topic", False),
        (2, 1, "topic-pillar", True),
        (3, 1, "topic-pillar", False),
        (4, 1, "topic-pillar", True),
        (2, 3, "related", True),
    ]
    assert result.coverage == {"declared": 7, "realized": 4, "ratio": 0.5714}
    assert result.orphans == [4]
    per_page = {p.document.id: p.metrics["coverage"] for p in report.pages}
    assert per_page == {
        1: {"declared": 3, "realized": 1, "ratio": 0.3333},
        2: {"declared": 2, "realized": 2, "ratio": 1.0},
        3: {"declared": 1, "realized": 0, "ratio": 0.0},
        4: {"declared": 1, "realized": 1, "ratio": 1.0},
    }
    link_findings = [(f.page_id, f.id, f.value) for f in report.findings if f.family == "links"]
    assert link_findings == [
        (1, "links.E001", "page-3"),
        (1, "links.E001", "page-4"),
        (3, "links.E002", "page-1"),
        (4, "links.E006", None),
    ]
    assert report.summary() == {
        "pages": 4, "passed": 1, "failed": 3, "errors": 4, "warnings": 0,
    }
    assert report.fails_at("error")


def test_validate_cluster_applies_overrides_per_page_type():
    cluster = cluster_map(topics=(2,))
    docs = [
        page([lead(0), good_faq(1, count=4)], id=1, type=PILLAR, links=(link(2),)),
        clean_topic(id=2, count=2, links=(link(1, anchor=ANCHOR),)),
    ]
    states = {1: LIVE, 2: LIVE}
    strict = validate_cluster(docs, cluster, states)
    assert [(f.page_id, f.id) for f in strict.findings] == [(1, "faq.E002"), (2, "faq.E002")]
    relaxed = validate_cluster(
        docs, cluster, states, {"faq_min_items": 4, "topic": {"faq_min_items": 2}}
    )
    assert relaxed.findings == []


def test_validate_cluster_with_missing_pillar_node_and_draft_states():
    cluster = cluster_map(topics=(2,))
    cluster = type(cluster)(pillar_id=99, nodes=cluster.nodes[1:], edges=())
    report = validate_cluster([clean_topic(id=2, links=(link(99, anchor=ANCHOR),))], cluster, {})
    assert report.clusters[0].pillar.status == "missing"
    assert [f.id for f in report.findings] == ["links.E005"]


def test_validate_groups_clusters_and_loose_pages():
    cluster = cluster_map(topics=(2,))
    docs = [
        page([lead(0), good_faq(1)], id=1, type=PILLAR, links=(link(2),)),
        clean_topic(id=2, links=(link(1, anchor=ANCHOR),)),
    ]
    loose = clean_topic(id=30, links=(link(2, anchor="closeness"),))
    report = validate([(cluster, docs), (None, [loose])], {1: LIVE, 2: DRAFT})
    assert [p.document.id for p in report.pages] == [1, 2, 30]
    assert len(report.clusters) == 1
    assert [(f.page_id, f.id) for f in report.findings] == [
        (1, "links.E004"),
        (30, "links.E004"),
        (30, "links.W003"),
    ]


def test_page_without_context_is_validated_alone():
    result = validate_page(clean_topic(), context())
    assert [f.id for f in result.findings] == ["links.W003"]
    assert TOPIC == result.document.type
