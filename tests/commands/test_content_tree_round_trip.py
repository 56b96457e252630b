"""Round trip: a tree imported into an empty site exports back byte for byte."""

import pytest

from cluster.models import ContentPage, PillarPage, TopicPage
from tests.commands.tree_support import CONTENT, run, tree_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_site(demo):
    demo.delete()  # the session's demo cluster, and every page under it
    assert not PillarPage.objects.exists()


def test_the_demo_tree_round_trips_through_an_empty_site(empty_site, tmp_path):
    imported = run("import_content", CONTENT, "--publish")
    assert (imported.code, imported.err) == (0, "")
    assert imported.out == (
        f"Imported 11 pages from {CONTENT}: 11 created, 0 updated, 0 unchanged. Published 11.\n"
    )
    assert TopicPage.objects.live().count() == 9 and ContentPage.objects.live().count() == 1
    # `related` keeps the file's order in sort_order (unset, PostgreSQL returned
    # the rows in any order and the export reordered them).
    trauma = TopicPage.objects.get(slug="intimacy-after-trauma")
    assert [(r.sort_order, r.target.slug) for r in trauma.related_topics.all()] == [
        (0, "fear-of-intimacy"),
        (1, "sexual-brakes-and-accelerators"),
        (2, "rebuilding-intimacy-after-rupture"),
    ]
    exported = run("export_content", tmp_path / "out")
    assert (exported.code, exported.out) == (
        0,
        f"Exported 11 pages to {tmp_path / 'out'}: 11 written, 0 unchanged.\n",
    )
    assert tree_bytes(tmp_path / "out") == tree_bytes(CONTENT)


def test_a_text_page_stays_text_and_a_new_page_is_written_as_markdown(empty_site, tmp_path):
    tree = tmp_path / "tree"
    (tree / "calm").mkdir(parents=True)
    pillar = (
        "Calm\n"
        "Calm: A Pillar Page\n"
        "What is calm?\n"
        "Calm is a settled state of body and mind.\n"
        "Where calm comes from\n"
        "It grows from rest, safety and [breathing](/calm/breathing/).\n"
    )
    topic = "---\ntitle: Breathing\ncategory: Calm\nlanguage: en\n---\nBreathing slows the heart.\n"
    (tree / "calm" / "index.txt").write_text(pillar)
    (tree / "calm" / "breathing.md").write_text(topic)
    assert run("import_content", tree).code == 0
    assert PillarPage.objects.get(slug="calm").get_children().get().slug == "breathing"

    assert run("export_content", tree).out == f"Exported 2 pages to {tree}: 0 written, 2 unchanged.\n"
    assert tree_bytes(tree) == {"calm/breathing.md": topic.encode(), "calm/index.txt": pillar.encode()}
    elsewhere = tmp_path / "elsewhere"
    assert run("export_content", elsewhere).code == 0
    assert sorted(tree_bytes(elsewhere)) == ["calm/breathing.md", "calm/index.md"]
