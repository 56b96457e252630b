"""Slugs follow Wagtail's own rule, and --update finds the page under its parent only."""

from django.core.management import call_command
from wagtail.models import Page, Revision

from cluster.models import PillarPage, TopicPage

PARA = "Fear of intimacy is common, and it can change with patience and care."


def page_file(tmp_path, name, front):
    path = tmp_path / name
    path.write_text(f"---\n{front}\n---\nWhy does it matter?\n\n{PARA}\n", encoding="utf-8")
    return path


def test_a_title_without_ascii_letters_gets_a_unicode_slug_and_updates_in_place(demo, tmp_path):
    front = "title: 日本語のタイトル\ntype: topic\nparent: intimacy\ncategory: Intimacy"
    path = page_file(tmp_path, "ja.md", front)
    call_command("import_page", str(path), verbosity=0)
    before = Page.objects.count()
    call_command("import_page", str(path), "--update", verbosity=0)
    call_command("import_page", str(path), "--update", verbosity=0)
    pages = Page.objects.count()
    topic = TopicPage.objects.get(title="日本語のタイトル")
    assert (topic.slug, pages) == ("日本語のタイトル", before)
    assert Revision.objects.filter(object_id=str(topic.pk)).count() == 3


def test_update_replaces_the_draft_under_the_parent_given(demo, tmp_path):
    call_command(
        "import_page",
        str(page_file(tmp_path, "second.md", "title: Second cluster\ntype: pillar\ncategory: Other")),
        verbosity=0,
    )
    second = PillarPage.objects.get(slug="second-cluster")
    namesake = "title: Fear of intimacy\nslug: fear-of-intimacy\ntype: topic\ncategory: Other"
    call_command(
        "import_page", str(page_file(tmp_path, "a.md", namesake + "\nparent: second-cluster")), verbosity=0
    )
    ours = TopicPage.objects.get(slug="fear-of-intimacy", path__startswith=demo.path)
    ours_revision = ours.latest_revision_id
    changed = namesake.replace("Fear of intimacy", "Fear of intimacy, second cluster")
    call_command(
        "import_page",
        str(page_file(tmp_path, "b.md", changed + "\nparent: second-cluster")),
        "--update",
        verbosity=0,
    )
    theirs = TopicPage.objects.get(slug="fear-of-intimacy", path__startswith=second.path)
    ours.refresh_from_db()
    assert theirs.get_latest_revision_as_object().title == "Fear of intimacy, second cluster"
    assert ours.latest_revision_id == ours_revision
