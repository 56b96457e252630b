"""export_content never overwrites one page's file with another's, and writes ordinary files (issue 13)."""

import os
import stat

import pytest
from wagtail.models import Page

from cluster.models import ContentPage, PillarPage
from tests.commands.tree_support import run

pytestmark = pytest.mark.django_db
SHARED = "would both be written to this file; give one of them another slug"


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_child_with_slug_index_stops_the_export_and_nothing_is_written(demo, tmp_path):
    child = demo.add_child(instance=ContentPage(title="Index", slug="index", live=False))
    child.save_revision()
    out = tmp_path / "out"

    result = run("export_content", out)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"{out / 'intimacy' / 'index.md'}: pages '{demo.url_path}' (id {demo.pk}) and "
        f"'{child.url_path}' (id {child.pk}) {SHARED}\n"
    )
    assert not out.exists()


def test_two_pillars_with_one_slug_stop_the_export_and_nothing_is_written(demo, tmp_path):
    elsewhere = Page.get_first_root_node().add_child(instance=Page(title="Elsewhere", slug="elsewhere"))
    twin = elsewhere.add_child(
        instance=PillarPage(title="Intimacy Again", slug="intimacy", category="Other", live=False)
    )
    twin.save_revision()
    out = tmp_path / "out"

    result = run("export_content", out)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"{out / 'intimacy' / 'index.md'}: pages '{demo.url_path}' (id {demo.pk}) and "
        f"'{twin.url_path}' (id {twin.pk}) {SHARED}\n"
    )
    assert not out.exists()


def test_exported_files_get_the_usual_mode_and_a_rewritten_file_keeps_its_own(demo, tmp_path, umask_022):
    out = tmp_path / "out"
    assert run("export_content", out).code == 0
    modes = {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*.md")}
    assert modes == {0o644}  # 0o666 less the umask; mkstemp alone gave 0o600

    fear = out / "intimacy" / "fear-of-intimacy.md"
    fear.write_text(fear.read_text() + "\nA line the export takes out.\n")
    fear.chmod(0o640)
    result = run("export_content", out)
    assert (result.code, result.out) == (0, f"Exported 11 pages to {out}: 1 written, 10 unchanged.\n")
    assert stat.S_IMODE(fear.stat().st_mode) == 0o640


def _elsewhere():
    """A second site's home page: its pages have no place in the default site's tree."""
    return Page.get_first_root_node().add_child(instance=Page(title="Elsewhere", slug="elsewhere"))


def test_a_page_with_no_place_in_the_tree_is_named_and_not_silently_left_out(demo, tmp_path):
    out = tmp_path / "out"
    whole = run("export_content", out)
    assert whole.code == 0
    assert "Not exported" not in whole.out  # the demo has a place for every page
    about = _elsewhere().add_child(instance=ContentPage(title="About", slug="about", live=False))
    about.save_revision()

    result = run("export_content", out)
    assert result.code == 0
    files = len(list(out.rglob("*.md")))
    assert result.out.splitlines() == [
        f"Exported {files} pages to {out}: 0 written, {files} unchanged.",
        f"Not exported: 1 page has no place in the tree: '{about.url_path}' (id {about.pk}).",
    ]
    assert not list(out.rglob("about*"))


def test_pages_with_no_place_in_the_tree_are_counted_after_the_first_ten(demo, tmp_path):
    home = _elsewhere()
    pages = [home.add_child(instance=ContentPage(title=f"Page {n}", slug=f"page-{n:02}")) for n in range(12)]

    last = run("export_content", tmp_path / "out").out.splitlines()[-1]
    named = ", ".join(f"'{page.url_path}' (id {page.pk})" for page in pages[:10])
    assert last == f"Not exported: 12 pages have no place in the tree: {named} and 2 more."


def test_a_content_page_named_index_at_the_top_stops_the_export(demo, tmp_path):
    page = demo.get_parent().add_child(instance=ContentPage(title="Index", slug="index", live=False))
    out = tmp_path / "out"

    result = run("export_content", out)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"{out / 'index.md'}: page '{page.url_path}' (id {page.pk}) would be read back as a pillar; "
        "give it another slug\n"
    )
    assert not out.exists()
