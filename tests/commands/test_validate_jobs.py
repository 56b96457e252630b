"""`validate_content --jobs N`: worker processes do the per-page work, the report is the same for any N.

Every run here starts cold (`clear_all`), so a run with workers computes
every page in them rather than reading the cache the run before filled.
"""

import json
import os
import re
import signal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cluster.management.workers import job_count
from cluster.models import PillarPage, TopicPage
from cluster.validation.caches import clear_all
from tests.commands.support import run_gate
from validators import local
from validators.findings import WARNING, Finding, Location


def cold_gate(*args):
    clear_all()
    return run_gate(*args)


def ids(report, slug):
    return [f["id"] for f in next(p for p in report["pages"] if p["slug"] == slug)["findings"]]


@pytest.fixture
def defective(demo):
    """The demo with a question on two pages and an orphan, and two generated clusters with defects.

    Three clusters: the command sends the documents of two ahead (service.cluster_reports).
    """
    call_command("generate_cluster", "--topics", "30", "--seed", "3", "--slug", "gen", stdout=StringIO())
    call_command("generate_cluster", "--topics", "10", "--seed", "5", "--slug", "gen-b", stdout=StringIO())
    source = TopicPage.objects.get(slug="responsive-desire")
    question = next(b for b in source.body.raw_data if b["type"] == "faq")["value"]["items"][0]["question"]
    other = TopicPage.objects.get(slug="attachment-style")
    raw = other.body.raw_data
    faq = next(block for block in raw if block["type"] == "faq")
    answer = "<p>" + "A plain answer here. " * 6 + "</p>"
    faq["value"]["items"].append({"question": question, "answer": answer})
    other.body = raw
    other.save_revision()
    orphan = TopicPage.objects.get(slug="vulnerability-threshold")
    anchor = re.compile(rf'<a [^>]*id=\\"{orphan.id}\\"[^>]*>(.*?)</a>', re.S)
    for page in [PillarPage.objects.get(slug="intimacy"), *TopicPage.objects.exclude(pk=orphan.pk)]:
        text = json.dumps(list(page.body.raw_data))
        if anchor.search(text):
            page.body = json.loads(anchor.sub(r"\1", text))
            page.save_revision()
    return orphan


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_reports_are_byte_identical_for_one_and_two_jobs(defective, fmt):
    one = cold_gate("--format", fmt, "--jobs", "1")
    two = cold_gate("--format", fmt, "--jobs", "2")
    assert one[0] == 1
    assert two == one


def test_the_cross_page_findings_are_in_the_comparison(defective):
    report = json.loads(cold_gate("--format", "json", "--jobs", "2")[1])
    assert "faq.W001" in ids(report, "attachment-style") and "faq.W001" in ids(report, "responsive-desire")
    assert "links.E006" in ids(report, "vulnerability-threshold")
    demo, gen, gen_b = report["clusters"]
    assert demo["orphans"] == [defective.id]
    assert (gen["pillar"]["slug"], gen_b["pillar"]["slug"]) == ("gen", "gen-b")
    assert {"links.E002", "faq.E001"} <= {f for p in report["pages"] for f in ids(report, p["slug"])}


def test_the_page_local_checks_run_in_worker_processes(demo, local_check):
    @local_check
    def where_run(doc, ctx):
        yield Finding("test.W001", WARNING, f"checked in process {os.getpid()}", "", Location())

    def processes(jobs):
        report = json.loads(cold_gate("--format", "json", "--jobs", jobs)[1])
        return {f["message"] for p in report["pages"] for f in p["findings"] if f["id"] == "test.W001"}

    here = f"checked in process {os.getpid()}"
    assert processes("1") == {here}  # the control
    workers = processes("2")
    assert workers and here not in workers


@pytest.fixture
def sent_for_results(monkeypatch):
    """The slugs of the documents this process sends to the workers for their local results."""
    sent = []
    real = local.in_workers

    def recorded(workers, docs, configs, families):
        sent.extend(doc.slug for doc in docs)
        return real(workers, docs, configs, families)

    monkeypatch.setattr(local, "in_workers", recorded)
    return sent


def test_documents_are_sent_to_the_workers_once(defective, sent_for_results):
    # The workers that build a document compute its local results in the same
    # task (loading.start_load's `overrides`): no document goes back for them.
    assert cold_gate("--format", "json", "--jobs", "2")[0] == 1
    assert sent_for_results == []


def test_a_page_whose_check_crashed_is_sent_again(demo, local_check, sent_for_results):
    # The control: a crash is never cached, so the engine asks the workers again.
    @local_check
    def boom(doc, ctx):
        if doc.slug == "responsive-desire":
            raise RuntimeError("boom")
        return ()

    assert cold_gate("--format", "json", "--jobs", "2")[0] == 1
    assert sent_for_results == ["responsive-desire"]


def test_a_check_that_crashes_in_a_worker_is_engine_e001_on_that_page(demo, local_check):
    @local_check
    def boom(doc, ctx):
        if doc.slug == "responsive-desire":
            raise RuntimeError(f"in process {os.getpid()}")
        return ()

    code, out, _ = cold_gate("--format", "json", "--jobs", "2")
    report = json.loads(out)
    assert code == 1
    crashed = {p["slug"]: [f for f in p["findings"] if f["id"] == "engine.E001"] for p in report["pages"]}
    [finding] = crashed.pop("responsive-desire")
    assert finding["severity"] == "error"
    pid = re.fullmatch(r"check test\.boom crashed: RuntimeError: in process (\d+)", finding["message"])
    assert pid and int(pid[1]) != os.getpid()
    assert not any(crashed.values())


def test_a_worker_refuses_database_queries(demo, local_check):
    @local_check
    def query(doc, ctx):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return ()

    assert cold_gate("--format", "json", "--jobs", "1")[0] == 0  # the control: here it may
    report = json.loads(cold_gate("--format", "json", "--jobs", "2")[1])
    crashes = [f["message"] for p in report["pages"] for f in p["findings"] if f["id"] == "engine.E001"]
    assert len(crashes) == len(report["pages"])
    assert set(crashes) == {
        "check test.query crashed: RuntimeError: a validation worker process never queries the database"
    }


def test_a_worker_that_dies_stops_the_run_with_exit_2(demo, local_check):
    parent = os.getpid()

    @local_check
    def die(doc, ctx):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return ()

    with pytest.raises(CommandError) as exc:
        cold_gate("--format", "json", "--jobs", "2")
    assert exc.value.returncode == 2
    assert str(exc.value).startswith("a worker process stopped before the run was done")


@pytest.mark.parametrize("jobs", ["-1", "-4"])
def test_a_negative_job_count_is_a_usage_error(demo, jobs):
    with pytest.raises(CommandError) as exc:
        call_command("validate_content", "--jobs", jobs)
    assert exc.value.returncode == 2
    assert str(exc.value) == f"--jobs {jobs}: give 1 or more worker processes, or 0 for one per CPU"


def test_zero_jobs_means_one_per_cpu(demo):
    assert job_count(0) == os.cpu_count() and job_count(3) == 3
    assert cold_gate("--format", "json", "--jobs", "0") == cold_gate("--format", "json", "--jobs", "1")
