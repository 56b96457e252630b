"""validate_cluster(..., workers=): page-local results computed elsewhere, the same report."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import pytest

from tests.validators.factories import QUESTION_BANK, clean_topic, cluster_map, good_faq, lead, link, page
from validators import validate_cluster
from validators.document import PILLAR
from validators.findings import WARNING, Finding, Location


@pytest.fixture
def fork_pool():
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


class InProcess:
    """Workers that run each task here, and say whether a task is running (`inside`)."""

    def __init__(self):
        self.inside = False

    def map(self, fn, tasks):
        results = []
        for task in tasks:
            self.inside = True
            results.append(fn(task))
            self.inside = False
        return results


class Unused:
    def map(self, fn, tasks):
        raise AssertionError("no task was expected")


class DictCache:
    def __init__(self):
        self.data = {}

    def get(self, key, default=None):
        return self.data.get(key, default)

    def set(self, key, value):
        self.data[key] = value


def defective_cluster():
    """A pillar and three topics: topic 3 repeats a question of topic 2, topic 4 is an orphan."""
    pillar = page([lead(0), good_faq(1)], id=1, type=PILLAR, links=[link(2), link(3)])
    topics = [
        clean_topic(2, links=[link(1), link(3)]),
        dataclasses.replace(
            clean_topic(3, links=[link(1)]),
            blocks=(lead(0), good_faq(1, count=3, questions=(QUESTION_BANK[2][0], *QUESTION_BANK[3][:2]))),
        ),
        clean_topic(4, links=[link(1)]),
    ]
    docs = [pillar, *topics]
    return [dataclasses.replace(d, content_hash=f"hash-{d.id}") for d in docs], cluster_map(topics=(2, 3, 4))


def ids(report, page_id):
    return [f.id for f in next(p for p in report.pages if p.document.id == page_id).findings]


def test_worker_processes_give_the_same_report(fork_pool):
    docs, cmap = defective_cluster()
    alone = validate_cluster(docs, cmap)
    with_workers = validate_cluster(docs, cmap, workers=fork_pool)
    assert with_workers.pages == alone.pages
    assert with_workers.clusters == alone.clusters
    # The cross-page findings are in the comparison.
    assert "faq.W001" in ids(alone, 3) and "links.E006" in ids(alone, 4)
    assert alone.clusters[0].orphans == [4] and alone.clusters[0].incoming[3] == (1, 2)


def test_the_local_checks_run_in_the_worker_processes(local_check, fork_pool):
    @local_check
    def where_run(doc, ctx):
        yield Finding("test.W001", WARNING, f"checked in process {os.getpid()}", "", Location())

    docs, cmap = defective_cluster()
    report = validate_cluster(docs, cmap, workers=fork_pool)
    pids = {f.message for p in report.pages for f in p.findings if f.id == "test.W001"}
    assert len(pids) >= 1 and f"checked in process {os.getpid()}" not in pids
    # The control: without workers they run here.
    report = validate_cluster(docs, cmap)
    assert {f.message for p in report.pages for f in p.findings if f.id == "test.W001"} == {
        f"checked in process {os.getpid()}"
    }


def test_a_check_crashing_in_a_worker_is_engine_e001_on_that_page(local_check, fork_pool):
    @local_check
    def boom(doc, ctx):
        if doc.id == 3:
            raise ZeroDivisionError(f"in process {os.getpid()}")
        return ()

    docs, cmap = defective_cluster()
    cache = DictCache()
    report = validate_cluster(docs, cmap, cache=cache, workers=fork_pool)
    [crash] = [f for f in report.pages[2].findings if f.id == "engine.E001"]
    assert crash.message.startswith("check test.boom crashed: ZeroDivisionError: in process ")
    assert crash.message != f"check test.boom crashed: ZeroDivisionError: in process {os.getpid()}"
    assert [p.document.id for p in report.pages if "engine.E001" in [f.id for f in p.findings]] == [3]
    # As in one process, a crash is not cached: the other pages' results are.
    assert len([key for key in cache.data if key.startswith("validators:local:")]) == 3


def test_only_the_pages_the_cache_lacks_go_to_the_workers(local_check):
    workers, ran = InProcess(), []

    @local_check
    def note(doc, ctx):
        ran.append((doc.id, workers.inside))
        return ()

    docs, cmap = defective_cluster()
    cache = DictCache()
    first = validate_cluster(docs, cmap, cache=cache, workers=workers)
    assert ran == [(1, True), (2, True), (3, True), (4, True)]
    ran.clear()
    # Nothing is sent, so a pool that forks on first use is not even started.
    assert validate_cluster(docs, cmap, cache=cache, workers=Unused()).pages == first.pages
    assert ran == []
    edited = [dataclasses.replace(docs[2], content_hash="hash-3-edited"), *docs[:2], docs[3]]
    validate_cluster(edited, cmap, cache=cache, workers=workers)
    assert ran == [(3, True)]
