"""A topic's category defaults to its pillar's (issue 15, item 8)."""

import pytest
from django.core.management import CommandError, call_command

from cluster.content_io.formats import parse_markdown
from cluster.content_io.importer import ImportFailed, import_sources
from cluster.models import PillarPage, TopicPage

TOPIC = "---\ntitle: Trust After Distance\ntype: topic\nparent: {parent}\n{category}---\nBody.\n"


def test_a_markdown_topic_without_category_takes_its_pillars(demo, tmp_path):
    path = tmp_path / "topic.md"
    path.write_text(TOPIC.format(parent="intimacy", category=""))
    call_command("import_page", str(path), verbosity=0)
    topic = TopicPage.objects.get(slug="trust-after-distance")
    assert (topic.get_parent().id, topic.category) == (demo.id, demo.category)
    assert topic.get_latest_revision_as_object().category == demo.category


def test_a_category_given_is_kept(demo, tmp_path):
    path = tmp_path / "topic.md"
    path.write_text(TOPIC.format(parent="intimacy", category="category: Trust\n"))
    call_command("import_page", str(path), verbosity=0)
    assert TopicPage.objects.get(slug="trust-after-distance").category == "Trust"


def test_a_pillar_placed_in_the_same_batch_gives_its_category(db):
    pillar = parse_markdown("p.md", "---\ntitle: Desire Hub\ntype: pillar\ncategory: Desire\n---\nBody.\n")
    topic = parse_markdown("t.md", TOPIC.format(parent="desire-hub", category=""))
    import_sources([pillar, topic])
    assert TopicPage.objects.get(slug="trust-after-distance").category == "Desire"


def test_a_pillar_without_category_still_needs_one(db):
    # Defaults never invent a category: a pillar has no parent pillar to take one from.
    path_text = "---\ntitle: Bare Hub\ntype: pillar\n---\nBody.\n"
    with pytest.raises(ImportFailed) as exc:
        import_sources([parse_markdown("bare.md", path_text)])
    assert str(exc.value) == "bare.md:1: missing category: pillar and topic pages need one"
    assert not PillarPage.objects.filter(slug="bare-hub").exists()


def test_an_unknown_parent_is_reported_with_the_missing_category(demo, tmp_path):
    path = tmp_path / "topic.md"
    path.write_text(TOPIC.format(parent="nowhere", category=""))
    with pytest.raises(CommandError) as exc:
        call_command("import_page", str(path), verbosity=0)
    assert str(exc.value).splitlines() == [
        f"{path}:1: missing category: pillar and topic pages need one",
        f"{path}:4: unknown parent 'nowhere'",
    ]
