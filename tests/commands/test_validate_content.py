"""The CI gate end to end: real database, real management command, real exit codes."""

import json
import re
import xml.etree.ElementTree as ET
from io import StringIO

import jsonschema
import pytest
from django.core.management import call_command
from django.test import override_settings

from cluster.models import PillarPage, TopicPage
from tests.commands.support import run_gate
from tests.paths import SEED, SHARED

SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


def gate(*args):
    """Run validate_content; return (exit code, stdout)."""
    code, out, _ = run_gate(*args)
    return code, out


def finding_ids(output, slug):
    page = next(p for p in json.loads(output)["pages"] if p["slug"] == slug)
    return [(f["id"], f["severity"]) for f in page["findings"]]


def test_demo_passes_with_zero_errors(demo):
    code, out = gate("--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["summary"] == {"pages": 10, "passed": 10, "failed": 0, "errors": 0, "warnings": 0}
    cluster = report["clusters"][0]
    assert cluster["coverage"]["realized"] == cluster["coverage"]["declared"] > 0
    assert cluster["orphans"] == []


def test_a_never_published_topic_is_an_orphan_of_the_draft_only(demo, tmp_path):
    source = tmp_path / "draft-only.md"
    source.write_text(
        "---\ntitle: Draft only\ntype: topic\nparent: intimacy\ncategory: Intimacy\n---\n"
        "Why does it matter?\n\nFear of intimacy is common, and it can change with care.\n",
        encoding="utf-8",
    )
    call_command("import_page", str(source), verbosity=0)  # a draft: import never publishes
    draft_only = TopicPage.objects.get(slug="draft-only")
    assert not draft_only.live
    clusters = {
        state: json.loads(gate("--cluster", "intimacy", "--state", state, "--format", "json")[1])["clusters"]
        for state in ("draft", "live")
    }
    # Nothing links to it yet, so the draft cluster names it ...
    assert clusters["draft"][0]["orphans"] == [draft_only.pk]
    # ... but it is not on the live site, so the live one does not (it did).
    assert clusters["live"][0]["orphans"] == []


def test_seed_as_new_pillar_draft_fails_only_on_missing_topic_links(demo):
    call_command("import_page", str(SEED), "--type", "pillar", "--slug", "intimacy", "--update", verbosity=0)
    code, out = gate("--page", "intimacy", "--format", "json")
    assert code == 1
    page = json.loads(out)["pages"][0]
    errors = [
        (f["id"], f["value"], f["message"], f["where"]) for f in page["findings"] if f["severity"] == "error"
    ]
    # Named by title in the message (and so in title order), by slug in `value`.
    topics = sorted(TopicPage.objects.child_of(demo).values_list("title", "slug"))
    assert errors == [
        ("links.E001", slug, f'The pillar does not link to its topic "{title}".', "Body")
        for title, slug in topics
    ]
    # The live pillar is untouched and still passes.
    assert gate("--page", "intimacy", "--state", "live")[0] == 0


def remove_block(topic, kind):
    raw = [b for b in topic.body.raw_data if b["type"] != kind]
    topic.body = raw
    topic.save_revision()


def test_removing_a_topic_faq_fails_with_faq_ids(demo):
    topic = TopicPage.objects.get(slug="responsive-desire")
    remove_block(topic, "faq")
    code, out = gate("--page", "responsive-desire", "--format", "json")
    assert code == 1
    assert finding_ids(out, "responsive-desire") == [("faq.E001", "error")]


def test_removing_the_link_to_the_pillar_fails_with_links_ids(demo):
    topic = TopicPage.objects.get(slug="responsive-desire")
    raw = topic.body.raw_data
    for block in raw:
        block["value"] = json.loads(
            json.dumps(block["value"]).replace(f'<a linktype=\\"page\\" id=\\"{demo.id}\\">', "<a>")
        )
    topic.body = raw
    topic.save_revision()
    code, out = gate("--page", "responsive-desire", "--format", "json")
    assert code == 1
    assert [i for i in finding_ids(out, "responsive-desire") if i[1] == "error"] == [("links.E002", "error")]


def test_unpublishing_a_linked_topic_fails_the_pillar(demo):
    TopicPage.objects.get(slug="attachment-style").unpublish()
    code, out = gate("--cluster", "intimacy", "--format", "json")
    assert code == 1
    pillar_errors = [i for i in finding_ids(out, "intimacy") if i[1] == "error"]
    assert pillar_errors and {i[0] for i in pillar_errors} == {"links.E004"}


def test_fail_on_warning(demo):
    assert gate("--fail-on", "warning")[0] == 0
    PillarPage.objects.get(slug="intimacy").adjacent_clusters.all()
    call_command("import_page", str(SEED), "--type", "pillar", "--slug", "intimacy", "--update", verbosity=0)
    assert gate("--page", "intimacy", "--state", "live", "--fail-on", "warning")[0] == 0


def test_every_machine_format_parses(demo, tmp_path):
    withdrawn = TopicPage.objects.get(slug="attachment-style")
    withdrawn.unpublish()
    linking = {
        p.slug
        for p in [demo, *TopicPage.objects.child_of(demo)]
        if f'linktype="page" id="{withdrawn.id}"' in str(p.body.raw_data)
    }
    code, out = gate("--format", "junit")
    suite = ET.fromstring(out)
    assert code == 1 and int(suite.find("testsuite").get("failures")) >= 1
    code, out = gate("--format", "github")
    first = out.splitlines()[0]
    ids = {p.title: p.id for p in [demo, *TopicPage.objects.child_of(demo)]}
    # A stored page has no file= to attach to: the title names it, the message ends with its edit view.
    title = re.fullmatch(r"::error title=links\.E004 · ([^:]+)::.+", first).group(1)
    title = title.replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
    assert code == 1 and first.endswith(f" (edit: /admin/pages/{ids[title]}/edit/)")
    sarif_file = tmp_path / "report.sarif"
    code, _ = gate("--format", "sarif", "--output", str(sarif_file), "--base-url", "https://cms.test")
    sarif = json.loads(sarif_file.read_text())
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"links.E004"}
    # Stored pages are named by title, with the Wagtail admin's edit view, and no fake file.
    for result in results:
        (location,) = result["locations"]
        assert "physicalLocation" not in location
        (logical,) = location["logicalLocations"]
        page_id = ids[logical["name"]]
        assert logical["properties"] == {"editUrl": f"https://cms.test/admin/pages/{page_id}/edit/"}
        assert result["properties"]["pageId"] == page_id
    code, out = gate("--format", "json", "--fail-on", "error")
    failing = {p["slug"] for p in json.loads(out)["pages"] if p["status"] == "fail"}
    assert code == 1 and failing == linking and "intimacy" in failing


@pytest.mark.parametrize("args", [["--cluster", "nope"], ["--page", "nope"]])
def test_unknown_selection_is_a_usage_error(demo, args):
    from django.core.management import CommandError

    with pytest.raises(CommandError) as exc:
        call_command("validate_content", *args)
    assert exc.value.returncode == 2 and "nope" in str(exc.value)


def test_a_page_that_is_not_a_cluster_page_is_a_usage_error(demo):
    from django.core.management import CommandError

    with pytest.raises(CommandError) as exc:
        call_command("validate_content", "--page", "find-your-intimacy-style")
    assert exc.value.returncode == 2
    assert str(exc.value) == (
        "--page find-your-intimacy-style: not a cluster page (it is a content page); "
        "use a pillar or topic slug"
    )


def test_an_unwritable_output_is_a_usage_error_not_a_failure(demo, tmp_path):
    from django.core.management import CommandError

    target = tmp_path / "no-such-folder" / "report.json"
    with pytest.raises(CommandError) as exc:
        call_command("validate_content", "--format", "json", "--output", str(target))
    assert exc.value.returncode == 2
    assert str(exc.value) == f"--output {target}: cannot write the report: No such file or directory"


@override_settings(CLUSTER_VALIDATION={"fre_warn": float("nan"), "fk_warn": 20})
def test_nan_and_inverted_thresholds_are_system_check_errors(demo):
    from django.core.management.base import SystemCheckError

    with pytest.raises(SystemCheckError) as exc:
        call_command("check")
    assert "'fre_warn' must be a finite number, got nan" in str(exc.value)


@override_settings(CLUSTER_VALIDATION={"faq_min_itemz": 3, "topic": {"faq_min_items": "three"}})
def test_bad_threshold_override_is_a_system_check_error_and_exit_2(demo):
    from django.core.management import CommandError
    from django.core.management.base import SystemCheckError

    with pytest.raises(SystemCheckError) as exc:
        call_command("check")
    assert "cluster.E001" in str(exc.value) and "faq_min_itemz" in str(exc.value)
    with pytest.raises(CommandError) as exc:
        call_command("validate_content", skip_checks=True)
    assert exc.value.returncode == 2


@override_settings(CLUSTER_VALIDATION={"topic": {"faq_min_items": 5}})
def test_threshold_override_applies(demo):
    code, out = gate("--page", "responsive-desire", "--format", "json")
    assert code == 1
    assert ("faq.E002", "error") in finding_ids(out, "responsive-desire")


def test_exit_codes_from_a_real_process(demo, tmp_path):
    import subprocess
    import sys

    from tests.paths import ROOT

    result = subprocess.run(
        [sys.executable, "manage.py", "validate_content", "--format", "bogus"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_the_collector_is_paused_for_the_run_and_resumed_after(demo, monkeypatch):
    import gc

    from cluster.management.commands import validate_content

    seen = []
    real = validate_content.render_pieces

    def render_pieces(*args, **kwargs):
        seen.append(gc.isenabled())
        yield "{"
        raise RuntimeError("the reporter failed")

    monkeypatch.setattr(validate_content, "render_pieces", render_pieces)
    with pytest.raises(RuntimeError):
        call_command("validate_content", "--format", "json", stdout=StringIO())
    assert seen == [False] and gc.isenabled()
    monkeypatch.setattr(validate_content, "render_pieces", real)
    gate("--format", "json")
    assert gc.isenabled()


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "github"])
def test_a_run_of_several_clusters_reports_what_their_whole_reports_render(demo, tmp_path, fmt):
    """The command keeps each cluster's part compact and writes JSON in pieces; the text is the same."""
    from cluster.validation.caches import clear_all, validation_cache
    from cluster.validation.service import cluster_report
    from validators.findings import Report
    from validators.reporters import render

    call_command("generate_cluster", "--topics", "12", "--seed", "4", "--slug", "gen", stdout=StringIO())
    clear_all()
    whole = Report()
    for pillar in PillarPage.objects.order_by("path"):
        part = cluster_report(pillar=pillar, version="draft")
        whole.pages += part.pages
        whole.clusters += part.clusters
    assert any(p.document.blocks for p in whole.pages) and len(whole.clusters) == 2
    expected = render(fmt, whole, base_url="https://cms.test")
    clear_all()
    code, out = gate("--format", fmt, "--base-url", "https://cms.test")
    assert code == 1 and out == expected
    # The process cache layer keeps the last cluster's entries only: no later
    # cluster of a batch run reads the earlier ones'.
    gen = PillarPage.objects.get(slug="gen")
    last = {str(gen.pk), *(str(p.pk) for p in gen.get_children())}
    documents = [key.split(":")[-3] for key in validation_cache().entries if key.startswith("cluster:doc:")]
    assert documents and set(documents) <= last
    gate("--format", fmt, "--base-url", "https://cms.test", "--output", str(tmp_path / "report"))
    assert (tmp_path / "report").read_text(encoding="utf-8") == expected
