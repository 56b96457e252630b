"""The engine: crash isolation, ordering, metrics and cluster coverage."""

from __future__ import annotations

import dataclasses
import logging
import types

import pytest

from tests.validators.factories import (
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
from validators import Report, checks, indexes, registry, validate, validate_cluster, validate_page
from validators.document import DRAFT, LIVE, PILLAR, RELATED, TOPIC, Edge
from validators.findings import ERROR, Finding

# The families these engine tests were written against: their pages carry no
# SEO metadata, so the seo family (tests/validators/test_checks_seo.py) stays out.
FAMILIES = ("faq", "links", "readability")

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
    result = validate_page(page([lead(0), paragraph(1)]), families=[*FAMILIES, "test"])
    ids = [f.id for f in result.findings]
    assert ids == ["engine.E001", "faq.E001", "links.W003", "test.W001"]
    crash = result.findings[0]
    assert crash.severity == ERROR
    assert crash.message == "check test.boom crashed: ZeroDivisionError: division by zero"
    assert crash.value == "test.boom"
    assert result.status == "fail"


def test_crashing_check_logs_its_traceback(extra_check, caplog):
    def boom(doc, ctx):
        raise ZeroDivisionError("division by zero")

    extra_check("test", boom)
    with caplog.at_level(logging.ERROR, logger="validators.engine"):
        result = validate_page(
            page([lead(0), paragraph(1)], id=7, slug="fear-of-intimacy"), families=[*FAMILIES, "test"]
        )
    assert "engine.E001" in [f.id for f in result.findings]
    [record] = [r for r in caplog.records if r.name == "validators.engine"]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "Check test.boom crashed on page id=7 slug='fear-of-intimacy'"
    assert record.exc_info is not None
    assert record.exc_info[0] is ZeroDivisionError
    assert "division by zero" in str(record.exc_info[1])
    assert "ZeroDivisionError: division by zero" in caplog.text  # the traceback is in the log


def test_a_crash_is_not_cached_so_the_next_run_tries_again(extra_check):
    calls = []

    def flaky(doc, ctx):
        calls.append(doc.id)
        if len(calls) == 1:
            raise ZeroDivisionError("only the first time")
        return []

    flaky.local = True  # page-local results are the cached ones
    extra_check("test", flaky)
    # Results are cached by content hash; a document without one is never cached.
    doc = dataclasses.replace(page([lead(0), paragraph(1)], id=7, slug="fear-of-intimacy"), content_hash="h1")
    cache = {}
    store = type("Cache", (), {"get": lambda self, k, d=None: cache.get(k, d), "set": cache.__setitem__})()
    first = validate_cluster([doc], None, cache=store)
    second = validate_cluster([doc], None, cache=store)
    assert "engine.E001" in [f.id for f in first.findings]
    assert "engine.E001" not in [f.id for f in second.findings]
    assert calls == [7, 7]
    third = validate_cluster([doc], None, cache=store)  # a clean result is cached
    assert calls == [7, 7] and third.findings == second.findings


def test_check_returning_none_is_tolerated(extra_check):
    extra_check("test", lambda doc, ctx: None)
    result = validate_page(clean_topic(), families=[*FAMILIES, "test"])
    assert [f.id for f in result.findings] == ["links.W003"]


def test_findings_are_sorted_and_stamped_with_the_page():
    doc = page(
        [lead(0, answer=""), good_faq(1, count=1)],
        id=7,
        slug="fear-of-intimacy",
        required=("Is fear of intimacy normal?",),
    )
    result = validate_page(doc, families=FAMILIES)
    assert [(f.id, f.location) for f in result.findings] == [
        ("faq.E002", loc(block=1)),
        ("faq.E011", loc(field="required_questions")),
        ("faq.W002", loc(block=0)),
        ("links.W003", loc()),
    ]
    assert {(f.page_id, f.page_slug) for f in result.findings} == {(7, "fear-of-intimacy")}
    assert validate_page(doc, families=FAMILIES).findings == result.findings  # deterministic


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
    report = validate_cluster(_cluster_docs(), cluster, states, families=FAMILIES)
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
        "pages": 4,
        "passed": 1,
        "failed": 3,
        "errors": 4,
        "warnings": 0,
    }
    assert report.fails_at("error")


def test_validate_cluster_applies_overrides_per_page_type():
    cluster = cluster_map(topics=(2,))
    docs = [
        page([lead(0), good_faq(1, count=4)], id=1, type=PILLAR, links=(link(2),)),
        clean_topic(id=2, count=2, links=(link(1, anchor=ANCHOR),)),
    ]
    states = {1: LIVE, 2: LIVE}
    strict = validate_cluster(docs, cluster, states, families=FAMILIES)
    assert [(f.page_id, f.id) for f in strict.findings] == [(1, "faq.E002"), (2, "faq.E002")]
    relaxed = validate_cluster(
        docs,
        cluster,
        states,
        config_overrides={"faq_min_items": 4, "topic": {"faq_min_items": 2}},
        families=FAMILIES,
    )
    assert relaxed.findings == []


def test_validate_cluster_with_missing_pillar_node_and_draft_states():
    cluster = cluster_map(topics=(2,))
    cluster = type(cluster)(pillar_id=99, nodes=cluster.nodes[1:], edges=())
    report = validate_cluster(
        [clean_topic(id=2, links=(link(99, anchor=ANCHOR),))], cluster, {}, families=FAMILIES
    )
    assert report.clusters[0].pillar.status == "missing"
    assert [f.id for f in report.findings] == ["links.E005"]


def test_validate_groups_clusters_and_loose_pages():
    cluster = cluster_map(topics=(2,))
    docs = [
        page([lead(0), good_faq(1)], id=1, type=PILLAR, links=(link(2),)),
        clean_topic(id=2, links=(link(1, anchor=ANCHOR),)),
    ]
    loose = clean_topic(id=30, links=(link(2, anchor="closeness"),))
    report = validate([(cluster, docs), (None, [loose])], {1: LIVE, 2: DRAFT}, families=FAMILIES)
    assert [p.document.id for p in report.pages] == [1, 2, 30]
    assert len(report.clusters) == 1
    assert [(f.page_id, f.id) for f in report.findings] == [
        (1, "links.E004"),
        (30, "links.E004"),
        (30, "links.W003"),
    ]


def test_page_without_context_is_validated_alone():
    result = validate_page(clean_topic(), context(), families=FAMILIES)
    assert [f.id for f in result.findings] == ["links.W003"]
    assert TOPIC == result.document.type


def test_the_engine_hands_the_inbound_link_map_to_checks(extra_check, monkeypatch):
    seen = {}
    builds = []
    build = indexes.inbound_links
    monkeypatch.setattr(indexes, "inbound_links", lambda *a, **k: builds.append(a) or build(*a, **k))

    def spy(doc, ctx):
        seen[doc.id] = ctx.inbound_links
        return ()

    extra_check("test", spy)
    cluster = cluster_map(topics=(2, 3, 4))
    validate_cluster(_cluster_docs(), cluster, {n.id: LIVE for n in cluster.nodes})
    expected = {1: frozenset({2, 4}), 2: frozenset({1}), 3: frozenset({2})}
    assert seen == dict.fromkeys((1, 2, 3, 4), expected)
    assert len(builds) == 1  # once per run, for every page


def test_question_indexes_are_built_only_when_a_faq_check_asks(monkeypatch):
    built = []
    build = indexes._build_index
    monkeypatch.setattr(indexes, "_build_index", lambda docs, t: built.append(t) or build(docs, t))
    cluster = cluster_map(topics=(2, 3, 4))
    states = {n.id: LIVE for n in cluster.nodes}
    validate_cluster(_cluster_docs(), cluster, states, families=["links", "readability"])
    assert built == []
    validate_cluster(_cluster_docs(), cluster, states, families=["faq"])
    assert built == [0.8]  # once per run and threshold


def test_check_modules_keep_no_state():
    # Checks are pure functions: whatever they reuse across pages or runs is
    # the engine's (validators.indexes), so nothing can go stale inside them.
    for module in (checks.faq, checks.links, checks.readability):
        assert not hasattr(module, "clear_caches"), module.__name__
        for name, value in vars(module).items():
            if name.startswith("__") or isinstance(value, types.ModuleType | type):
                continue
            assert not isinstance(value, dict | list | set | bytearray), f"{module.__name__}.{name}"
            assert not hasattr(value, "cache_clear"), f"{module.__name__}.{name} is a cache"


class _DictCache(dict):
    def set(self, key, value):
        self[key] = value


def _two_topics(version: int, *, repeated: bool) -> list:
    """Pillar 1 and topics 2 and 3, with the same ids and slugs in either version.

    Not repeated: topic 3 asks its own questions and topic 2 links to it.
    Repeated: topic 3 asks topic 2's questions and nothing links to it.
    """
    topic_3 = clean_topic(id=2 if repeated else 3, links=(link(1, anchor=ANCHOR),))
    to_3 = () if repeated else (link(3, anchor="relational trauma"),)
    docs = [
        page([lead(0), good_faq(1)], id=1, type=PILLAR, links=(link(2),)),
        clean_topic(id=2, links=(link(1, anchor=ANCHOR), *to_3)),
        dataclasses.replace(topic_3, id=3, slug="page-3"),
    ]
    return [dataclasses.replace(d, content_hash=f"{d.id}-v{version}") for d in docs]


@pytest.mark.parametrize("scoped", [False, True], ids=["whole", "page-scoped"])
def test_same_ids_with_new_content_give_new_findings(scoped):
    # Nothing may be remembered by page id alone: validate the cluster again
    # with other documents under the same ids (and the same result cache) and
    # the cross-page verdicts follow the new content.
    cluster = cluster_map(topics=(2, 3))
    states = {n.id: LIVE for n in cluster.nodes}
    cache = _DictCache()

    def cross_page(docs):
        scope = {"only": {3}, "shared": {}} if scoped else {}
        report = validate_cluster(docs, cluster, states, cache=cache, **scope)
        return sorted((f.page_id, f.id) for f in report.findings if f.id in ("faq.W001", "links.E006"))

    assert cross_page(_two_topics(1, repeated=False)) == []
    repeated = [(3, "faq.W001")] * 3 + [(3, "links.E006")]
    expected = repeated if scoped else [(2, "faq.W001")] * 3 + repeated
    assert cross_page(_two_topics(2, repeated=True)) == expected
    assert cross_page(_two_topics(1, repeated=False)) == []  # and back
