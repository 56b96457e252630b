"""Running import_content or export_content a second time changes nothing."""

import os

import pytest

from cluster.models import TopicPage
from tests.commands.tree_support import CONTENT, copy_demo_tree, database_state, run, tree_bytes

pytestmark = pytest.mark.django_db
LONG_AGO = 1_000_000_000  # 2001: any time a real write would replace


def test_importing_the_loaded_demo_changes_nothing(demo):
    before = database_state()
    for args in ([], ["--publish"]):
        result = run("import_content", CONTENT, *args)
        published = " Published 0." if args else ""
        assert (result.code, result.err) == (0, "")
        assert result.out == (
            f"Imported 11 pages from {CONTENT}: 0 created, 0 updated, 11 unchanged.{published}\n"
        )
        assert database_state() == before


def test_a_changed_file_makes_one_revision_and_the_second_run_none(demo, tmp_path):
    tree = copy_demo_tree(tmp_path)
    path = tree / "intimacy" / "responsive-desire.md"
    path.write_text(path.read_text().replace("\ncategory: Intimacy\n", "\ncategory: Closeness\n"))
    topic = TopicPage.objects.get(slug="responsive-desire")
    revisions = topic.revisions.count()

    first = run("import_content", tree)
    assert first.out == f"Imported 11 pages from {tree}: 0 created, 1 updated, 10 unchanged.\n"
    topic.refresh_from_db()
    assert topic.revisions.count() == revisions + 1
    assert topic.get_latest_revision_as_object().category == "Closeness"
    assert topic.live and topic.has_unpublished_changes  # a draft: without --publish nothing goes live

    before = database_state()
    second = run("import_content", tree)
    assert second.out == f"Imported 11 pages from {tree}: 0 created, 0 updated, 11 unchanged.\n"
    assert database_state() == before


def test_a_second_export_writes_nothing(demo, tmp_path):
    out = tmp_path / "out"
    assert run("export_content", out).out == f"Exported 11 pages to {out}: 11 written, 0 unchanged.\n"
    for path in out.rglob("*.md"):
        os.utime(path, (LONG_AGO, LONG_AGO))
    before = tree_bytes(out)

    again = run("export_content", out)
    assert (again.code, again.out) == (0, f"Exported 11 pages to {out}: 0 written, 11 unchanged.\n")
    assert tree_bytes(out) == before
    assert {p.stat().st_mtime for p in out.rglob("*.md")} == {LONG_AGO}
    assert sorted(p.name for p in out.rglob("*") if p.name.startswith(".")) == []  # no temp files left


def test_export_rewrites_only_the_file_whose_page_changed(demo, tmp_path):
    out = tmp_path / "out"
    run("export_content", out)
    for path in out.rglob("*.md"):
        os.utime(path, (LONG_AGO, LONG_AGO))
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    topic.seo_title = "Fear of intimacy, explained"
    topic.save_revision()

    assert run("export_content", out).out == f"Exported 11 pages to {out}: 1 written, 10 unchanged.\n"
    rewritten = [p.name for p in out.rglob("*.md") if p.stat().st_mtime != LONG_AGO]
    assert rewritten == ["fear-of-intimacy.md"]
    assert (
        "seo_title: Fear of intimacy, explained\n" in (out / "intimacy" / "fear-of-intimacy.md").read_text()
    )
