"""import_page / export_page through the real management commands and database."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from cluster.content_io.formats import render_markdown
from cluster.content_io.tree import read_tree_file
from cluster.models import PillarPage, TopicPage
from tests.paths import FIXTURES, SEED


def export(slug, fmt="text"):
    from io import StringIO

    out = StringIO()
    call_command("export_page", slug, "--format", fmt, stdout=out)
    return out.getvalue()


def test_seed_imports_as_draft_and_exports_back(db):
    call_command("import_page", str(SEED), "--type", "pillar", "--slug", "seed-pillar", verbosity=0)
    page = PillarPage.objects.get(slug="seed-pillar")
    assert (page.live, page.category) == (False, "Intimacy")
    assert export("seed-pillar").rstrip() == SEED.read_text().rstrip()


def test_seed_survives_text_markdown_text(db, tmp_path):
    call_command("import_page", str(SEED), "--type", "pillar", "--slug", "seed-pillar")
    md = tmp_path / "seed.md"
    md.write_text(export("seed-pillar", "markdown").replace("slug: seed-pillar", "slug: seed-md"))
    call_command("import_page", str(md))
    assert export("seed-md").rstrip() == SEED.read_text().rstrip()


def test_markdown_with_links_round_trips_exactly(demo):
    call_command("import_page", str(FIXTURES / "links.md"))
    page = TopicPage.objects.get(slug="links-page")
    assert page.get_parent().id == demo.id
    assert [(r.target.slug, r.required) for r in page.related_topics.all()] == [
        ("fear-of-intimacy", True),
        ("responsive-desire", False),
    ]
    html = page.body.raw_data[1]["value"] if page.body.raw_data[1]["type"] == "paragraph" else ""
    html = str(page.body.raw_data)
    assert f'linktype="page" id="{demo.id}"' in html
    assert export("links-page", "markdown") == (FIXTURES / "links.md").read_text()


@pytest.mark.parametrize("name", ["question-headings.txt", "no-cta-emoji.txt"])
def test_text_fixtures_round_trip_through_the_database(demo, name):
    call_command(
        "import_page", str(FIXTURES / name), "--type", "topic", "--parent", "intimacy", "--slug", "fx"
    )
    assert export("fx").rstrip() == (FIXTURES / name).read_text().rstrip()


def test_update_replaces_the_draft_but_not_the_live_version(demo):
    live_title = demo.title
    call_command("import_page", str(SEED), "--type", "pillar", "--slug", "intimacy", "--update")
    demo.refresh_from_db()
    assert demo.live and demo.title == live_title and demo.has_unpublished_changes
    assert export("intimacy").rstrip() == SEED.read_text().rstrip()


def test_dry_run_writes_nothing(db):
    before = Page.objects.count()
    call_command("import_page", str(SEED), "--type", "pillar", "--dry-run")
    assert Page.objects.count() == before


BAD_INPUTS = {
    "empty.txt": (b"", ":1: the file is empty"),
    "binary.txt": (b"Intimacy\n\x00\x01\x02", ":2: binary data"),
    "latin1.txt": ("Catégorie\nTitre\n".encode("latin-1"), ":1: not valid UTF-8"),
    "no-answer.txt": (
        b"Cat\nTitle\nWhy?\nBecause.\nCommon questions\n- One?\n- Yes.\n- Two?\n",
        ":8: question has no answer",
    ),
    "no-title.txt": (b"Cat\n", ":2: missing title"),
    "no-title.md": (b"---\nslug: x\ntype: pillar\n---\nBody.\n", ":2: missing title"),
    "bad-parent.md": (
        b"---\ntitle: T\ntype: topic\nparent: nowhere\ncategory: C\n---\nBody.\n",
        ":4: unknown parent 'nowhere'",
    ),
    "bad-link.md": (
        b"---\ntitle: T\ntype: pillar\ncategory: C\n---\nSee [a](/missing/) and [b](ghost-slug).\n",
        ":6: unresolved internal link '/missing/'",
    ),
    "dup-slug.md": (
        b"---\ntitle: T\nslug: intimacy\ntype: pillar\ncategory: C\n---\nBody.\n",
        ":3: a page with slug 'intimacy' already exists",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_names_file_and_line_and_writes_nothing(demo, tmp_path, name):
    data, expected = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    pages, revisions = Page.objects.count(), demo.revisions.count()
    with pytest.raises(CommandError) as exc:
        call_command("import_page", str(path), "--type", "pillar")
    assert f"{path}{expected}" in str(exc.value)
    assert (Page.objects.count(), demo.revisions.count()) == (pages, revisions)


def test_every_unresolved_link_is_listed(demo, tmp_path):
    path = tmp_path / "links.md"
    path.write_text(
        "---\ntitle: T\ntype: pillar\ncategory: C\n---\nSee [a](/missing/).\n\nAnd [b](ghost-slug).\n"
    )
    with pytest.raises(CommandError) as exc:
        call_command("import_page", str(path))
    assert str(exc.value).splitlines() == [
        f"{path}:6: unresolved internal link '/missing/' (anchor 'a')",
        f"{path}:8: unresolved internal link 'ghost-slug' (anchor 'b')",
    ]


def test_failure_late_in_the_import_rolls_back_the_created_page(demo, tmp_path):
    # The page is placed in the tree before links are resolved; a bad link
    # must take the placed page away again.
    path = tmp_path / "late.md"
    path.write_text("---\ntitle: Late\nslug: late\ntype: topic\nparent: intimacy\n---\n[x](/nope/)\n")
    with pytest.raises(CommandError):
        call_command("import_page", str(path))
    assert not Page.objects.filter(slug="late").exists()


def test_command_line_exit_code_is_non_zero(demo, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_page", str(path), "--type", "pillar"],
        capture_output=True,
        text=True,
        cwd=FIXTURES.parent.parent,
    )
    assert result.returncode != 0
    assert f"{path}:1: the file is empty" in result.stderr


@pytest.mark.parametrize(
    "data,expected",
    [
        (b"---\ntitle: T\ntype: pillar\n---\nBody.\n", ":1: missing category"),
        (
            b"---\ntitle: T\ntype: pillar\ncategory: C\nlanguage: xx\n---\nBody.\n",
            ":5: unknown language 'xx'",
        ),
    ],
)
def test_invalid_fields_are_reported_not_crashed(db, tmp_path, data, expected):
    path = tmp_path / ("bad.md" if data.startswith(b"---") else "bad.txt")
    path.write_bytes(data)
    with pytest.raises(CommandError) as exc:
        call_command("import_page", str(path), "--type", "pillar")
    assert f"{path}{expected}" in str(exc.value)


def test_text_update_keeps_what_the_text_format_cannot_express(demo, tmp_path):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    before = topic.get_latest_revision_as_object()
    text = tmp_path / "fear.txt"
    text.write_text(export("fear-of-intimacy"))
    call_command(
        "import_page",
        str(text),
        "--type",
        "topic",
        "--parent",
        "intimacy",
        "--slug",
        "fear-of-intimacy",
        "--update",
    )
    after = TopicPage.objects.get(slug="fear-of-intimacy").get_latest_revision_as_object()
    assert (after.seo_title, after.search_description) == (before.seo_title, before.search_description)
    assert (before.focus_keyphrase, after.focus_keyphrase) == ("fear of intimacy", "fear of intimacy")
    assert [(r.target_id, r.required) for r in after.related_topics.all()] == [
        (r.target_id, r.required) for r in before.related_topics.all()
    ]
    # The tree's file leaves out what its place says (slug, type, parent); export_page spells them out.
    demo_file = FIXTURES.parent.parent / "content" / "intimacy" / "fear-of-intimacy.md"
    assert export("fear-of-intimacy", "markdown") == render_markdown(read_tree_file(demo_file))


def test_focus_keyphrase_is_imported_and_exported(demo, tmp_path):
    page = tmp_path / "kp.md"
    page.write_text(
        "---\ntitle: Keyphrase page\nslug: kp-page\ntype: topic\nparent: intimacy\ncategory: Intimacy\n"
        "language: en\nseo_title: Keyphrase page\nfocus_keyphrase: keyphrase page\n---\n"
        "What is it?\n\nIt is a page.\n"
    )
    call_command("import_page", str(page), verbosity=0)
    assert TopicPage.objects.get(slug="kp-page").focus_keyphrase == "keyphrase page"
    assert export("kp-page", "markdown") == page.read_text()
