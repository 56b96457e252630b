"""Content pages directly under the home page live at the top of a content tree.

A tree is the default site's clusters, a folder per pillar, and its home
page's content pages ("About", "Privacy") as `<slug>.md` at the top, with
`type: page` and no parent: no parent means the home page, as for a pillar.
"""

import json

import pytest
from wagtail.models import Page

from cluster.models import ContentPage, PillarPage, TopicPage
from tests.commands.support import run_gate
from tests.commands.tree_support import copy_demo_tree, run, tree_bytes

pytestmark = pytest.mark.django_db

ABOUT = "---\ntitle: About us\ntype: page\nlanguage: en\n---\nWe write about closeness, desire and repair.\n"


def test_a_content_page_under_home_is_exported_at_the_top_and_imports_back_byte_for_byte(demo, tmp_path):
    home = demo.get_parent()
    about = home.add_child(
        instance=ContentPage(
            title="About us",
            slug="about",
            live=False,
            body=[("paragraph", "<p>We write about closeness, desire and repair.</p>")],
        )
    )
    about.save_revision()
    out = tmp_path / "out"
    assert run("export_content", out).code == 0
    assert (out / "about.md").read_text() == ABOUT
    first = tree_bytes(out)

    about.delete()
    imported = run("import_content", out)
    assert (imported.code, imported.err) == (0, "")
    assert imported.out.startswith(f"Imported {len(first)} pages from {out}: 1 created, 0 updated,")
    again = ContentPage.objects.get(slug="about")
    assert again.get_parent().pk == home.pk

    assert run("export_content", tmp_path / "again").code == 0
    assert tree_bytes(tmp_path / "again") == first


def test_a_page_file_at_the_top_of_a_tree_is_a_page_under_the_home_page(demo, tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "about.md").write_text(ABOUT)

    result = run("import_content", tree)
    assert (result.code, result.err) == (0, "")
    page = ContentPage.objects.get(slug="about")
    assert page.get_parent().pk == demo.get_parent().pk
    assert (
        run("import_content", tree).out
        == f"Imported 1 pages from {tree}: 0 created, 0 updated, 1 unchanged.\n"
    )


def test_a_topic_file_in_a_folder_without_an_index_still_belongs_to_the_folders_pillar(demo, tmp_path):
    folder = tmp_path / "tree" / demo.slug
    folder.mkdir(parents=True)
    (folder / "slow-trust.md").write_text(
        "---\ntitle: Slow Trust\ncategory: Intimacy\nlanguage: en\n---\n\nTrust grows slowly.\n"
    )

    assert run("import_content", tmp_path / "tree").code == 0
    assert TopicPage.objects.get(slug="slow-trust").get_parent().pk == demo.pk


def _link_ids(tree) -> list[str]:
    code, out, err = run_gate("--format", "json", str(tree))
    assert err == ""
    report = json.loads(out)
    return [f["id"] for p in report["pages"] for f in p["findings"] if f["id"].startswith("links.")]


def test_a_link_to_a_top_page_resolves_when_validating_files(tmp_path):
    tree = copy_demo_tree(tmp_path)
    topic = tree / "intimacy" / "responsive-desire.md"
    sentence = "That shift alone can lower pressure for both partners."
    topic.write_text(topic.read_text().replace(sentence, sentence[:-1] + ", as [our story](/about/) tells."))
    assert _link_ids(tree) == ["links.W004"]  # control: no page at /about/ among the files

    (tree / "about.md").write_text(ABOUT)
    assert _link_ids(tree) == []


def test_a_page_file_in_a_cluster_folder_without_its_index_stays_in_that_cluster(demo, tmp_path):
    tree = copy_demo_tree(tmp_path)
    (tree / "intimacy" / "index.md").unlink()
    for other in (tree / "intimacy").glob("*.md"):
        if other.name != "find-your-intimacy-style.md":
            other.unlink()

    result = run("import_content", tree)
    assert (result.code, result.err) == (0, "")
    assert result.out.endswith("0 created, 0 updated, 1 unchanged.\n")
    assert [p.get_parent().pk for p in ContentPage.objects.filter(slug="find-your-intimacy-style")] == [
        demo.pk
    ]


def test_a_page_kept_outside_its_pillars_folder_keeps_its_parent_through_export(demo, tmp_path):
    tree = tmp_path / "tree"
    (tree / "misc").mkdir(parents=True)
    guide = "---\ntitle: Guide\ntype: page\nparent: intimacy\nlanguage: en\n---\nA short guide.\n"
    (tree / "misc" / "guide.md").write_text(guide)
    assert run("import_content", tree).code == 0

    assert run("export_content", tree).code == 0
    assert (tree / "misc" / "guide.md").read_text() == guide  # the parent its folder would not give
    again = run("import_content", tree)
    assert (again.code, again.err) == (0, "")
    assert [p.get_parent().pk for p in ContentPage.objects.filter(slug="guide")] == [demo.pk]


def test_a_top_page_file_that_names_the_home_page_as_parent_reads_as_unchanged(demo, tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "about.md").write_text(
        ABOUT.replace("type: page\n", f"type: page\nparent: {demo.get_parent().slug}\n")
    )
    assert run("import_content", tree).code == 0

    again = run("import_content", tree)
    assert again.out == f"Imported 1 pages from {tree}: 0 created, 0 updated, 1 unchanged.\n"
    assert ContentPage.objects.get(slug="about").revisions.count() == 1


def test_a_top_page_and_a_pillar_with_one_slug_keep_their_own_files(demo, tmp_path):
    elsewhere = Page.get_first_root_node().add_child(instance=Page(title="Elsewhere", slug="elsewhere"))
    elsewhere.add_child(instance=PillarPage(title="About", slug="about", category="About", live=False))
    demo.get_parent().add_child(instance=ContentPage(title="About us", slug="about", live=False))
    out = tmp_path / "out"
    assert run("export_content", out).code == 0

    second = run("export_content", out)
    assert (second.code, second.err) == (0, "")
    assert {"about.md", "about/index.md"} <= set(tree_bytes(out))


@pytest.mark.parametrize(
    "name, text, line, message",
    [
        (
            "index.md",
            "---\ntitle: About us\ntype: page\n---\nHello.\n",
            3,
            "index.md is its folder's pillar, not a 'page' page; name the file after the page's slug",
        ),
        (
            "about.md",
            "---\ntitle: About us\nslug: index\ntype: page\n---\nHello.\n",
            3,
            "slug 'index' is kept for a folder's pillar file; give the page another slug",
        ),
    ],
)
def test_a_page_that_would_be_read_as_a_pillar_is_refused_at_its_line(
    demo, tmp_path, name, text, line, message
):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / name).write_text(text)
    before = ContentPage.objects.count()

    imported = run("import_content", tree)
    assert (imported.code, imported.out, imported.err) == (2, "", f"{tree / name}:{line}: {message}\n")
    assert ContentPage.objects.count() == before
    code, out, err = run_gate(str(tree))
    assert (code, out, err) == (2, "", f"{tree / name}:{line}: {message}\n")


TAKEN = " (the file names no parent, so its folder's name was taken, and the folder has no index file): "
TOP_TOPIC = "write 'parent: <pillar slug>', or 'type: page' for a page under the home page"
BELOW_TOPIC = "write 'parent: <pillar slug>', or add the pillar's index.md to the folder"
PAGE = (
    "a 'type: page' file is a page under the home page only directly in a folder the command names; "
    "name that folder, or write 'parent: <slug>'"
)
TEXT = (
    "a plain-text file cannot name its parent; add the pillar's index file to the folder, "
    "or write the page as Markdown"
)
TOPIC_FILE = ABOUT.replace("type: page\n", "category: Intimacy\n")


def test_a_top_file_without_type_page_is_told_how_to_become_a_page(demo, tmp_path):
    # A new user's "about.md" without `type: page` is read as a topic of a
    # pillar named after the folder; the error used to stop at that parent.
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "about.md").write_text(TOPIC_FILE)
    before = ContentPage.objects.count()

    imported = run("import_content", tree)
    assert (imported.code, imported.out) == (2, "")
    assert imported.err == f"{tree / 'about.md'}:1: unknown parent 'tree'{TAKEN}{TOP_TOPIC}\n"
    assert ContentPage.objects.count() == before
    code, out, err = run_gate(str(tree))
    assert (code, out) == (2, "")
    not_a_pillar = "parent 'tree' is not a pillar among the files read"
    assert err == f"{tree / 'about.md'}:1: {not_a_pillar}{TAKEN}{TOP_TOPIC}\n"

    (tree / "about.md").write_text(ABOUT)  # the fix the hint names
    assert run("import_content", tree).code == 0


@pytest.mark.parametrize(
    ("name", "text", "fix"),
    [
        # Below the top, `type: page` would not help: the hint offers what would.
        ("sub/about.md", TOPIC_FILE, BELOW_TOPIC),
        ("sub/about.md", ABOUT, PAGE),
        # Plain text has no front matter to write anything in.
        ("about.txt", "About us\n\nWe write about closeness, desire and repair.\n", TEXT),
    ],
)
def test_the_folder_hint_offers_a_fix_that_works_for_the_file(demo, tmp_path, name, text, fix):
    tree = tmp_path / "tree"
    (tree / name).parent.mkdir(parents=True, exist_ok=True)
    (tree / name).write_text(text)
    parent = (tree / name).parent.name

    imported = run("import_content", tree)
    assert imported.code == 2
    assert f"{tree / name}:1: unknown parent {parent!r}{TAKEN}{fix}\n" in imported.err


def test_a_parent_the_file_names_gets_no_folder_hint(demo, tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "about.md").write_text(ABOUT.replace("type: page\n", "category: Intimacy\nparent: nowhere\n"))

    imported = run("import_content", tree)
    assert (imported.code, imported.err) == (2, f"{tree / 'about.md'}:4: unknown parent 'nowhere'\n")


def test_a_top_page_file_named_alone_is_told_to_name_its_folder(demo, tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "about.md").write_text(ABOUT)

    code, out, err = run_gate(str(tree / "about.md"))
    assert (code, out) == (2, "")
    assert err == f"{tree / 'about.md'}:1: parent 'tree' is not a pillar among the files read{TAKEN}{PAGE}\n"
    assert run_gate(str(tree))[0] == 0


@pytest.mark.parametrize("name", ["guide.md", "intimacy/guide.md"])
def test_a_pillar_file_that_is_not_an_index_is_refused_at_its_type_line(demo, tmp_path, name):
    # It was a cluster of its own to validate_content and a pillar under a
    # pillar (refused) to import_content.
    tree = copy_demo_tree(tmp_path)
    (tree / name).write_text(ABOUT.replace("type: page", "type: pillar\ncategory: Intimacy"))
    move = "move guide.md to guide/index.md"
    message = f"{tree / name}:3: a pillar's file is the index.md of its cluster's folder; {move}\n"
    before = ContentPage.objects.count()

    imported = run("import_content", tree)
    assert (imported.code, imported.out, imported.err) == (2, "", message)
    assert ContentPage.objects.count() == before
    assert run_gate(str(tree)) == (2, "", message)
