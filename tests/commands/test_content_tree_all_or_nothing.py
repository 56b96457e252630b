"""A bad file stops the whole run: `path:line: message` on stderr, exit 2, nothing written."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from wagtail.models import Page
from wagtail.signals import page_published

from cluster.gate.rules import PublicationBlocked
from tests.commands.test_content_tree_publish import ABOUT
from tests.commands.tree_support import copy_demo_tree, database_state, run, tree_bytes
from validators.findings import Finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(demo, tmp_path):
    """The demo tree with one page changed, so a run that wrote anything would show."""
    tree = copy_demo_tree(tmp_path)
    path = tree / "intimacy" / "attachment-style.md"
    path.write_text(path.read_text().replace("\ncategory: Intimacy\n", "\ncategory: Closeness\n"))
    return tree


def test_a_file_that_does_not_parse_stops_the_import(tree):
    bad = tree / "intimacy" / "broken.md"
    bad.write_text("---\ntitle: Broken\n")
    (tree / "intimacy" / "empty.txt").write_text("")
    before = database_state()
    result = run("import_content", tree)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"{bad}:1: front matter is not closed by a '---' line\n"
        f"{tree / 'intimacy' / 'empty.txt'}:1: the file is empty\n"
    )
    assert database_state() == before


def test_a_file_the_database_refuses_rolls_back_the_pages_saved_before_it(tree):
    bad = tree / "intimacy" / "zz-late.md"  # read last, after the changed page was saved
    bad.write_text("---\ntitle: Late\ncategory: Intimacy\nrelated: [no-such-topic]\n---\nBody text.\n")
    before = database_state()
    result = run("import_content", tree, "--publish")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"{bad}:4: related topic 'no-such-topic' is not a topic page\n"
    assert database_state() == before


def test_a_missing_directory_is_named(db, tmp_path):
    result = run("import_content", tmp_path / "nowhere")
    assert (result.code, result.err) == (2, f"{tmp_path / 'nowhere'}: not a directory\n")


def test_export_stops_on_a_bad_file_in_the_target_and_writes_nothing(demo, tmp_path):
    out = tmp_path / "out"
    (out / "intimacy").mkdir(parents=True)
    bad = out / "intimacy" / "fear-of-intimacy.md"
    bad.write_text("---\ntitle: [unclosed\n---\nBody.\n")
    result = run("export_content", out)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{bad}:2: ")
    assert tree_bytes(out) == {"intimacy/fear-of-intimacy.md": b"---\ntitle: [unclosed\n---\nBody.\n"}


REFUSALS = [
    (ValidationError("the slug is taken"), "cannot publish: the slug is taken"),
    (IntegrityError("UNIQUE constraint failed: path"), "cannot publish: UNIQUE constraint failed: path"),
]


@pytest.mark.parametrize(("error", "message"), REFUSALS, ids=["validation", "integrity"])
def test_a_publish_the_database_refuses_is_named_and_nothing_is_written(tree, error, message):
    about = tree / "intimacy" / "about.md"
    about.write_text(ABOUT)

    def refuse(sender, instance, **kwargs):
        if instance.slug == "about":
            raise error

    before = database_state()
    with refusing(refuse):
        result = run("import_content", tree, "--publish")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"{about}: {message}\n"
    assert database_state() == before


def test_a_refusal_for_a_page_outside_the_batch_is_named_and_nothing_is_written(tree):
    outside = Page.objects.get(depth=2)  # the site's root page: no file in the tree
    finding = Finding(id="links.E004", severity="error", message="The page links to a draft.")

    def refuse(sender, instance, **kwargs):
        if instance.slug == "attachment-style":
            raise PublicationBlocked(outside, [finding])

    before = database_state()
    with refusing(refuse):
        result = run("import_content", tree, "--publish")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"{outside.url_path}: links.E004 The page links to a draft.\n"
    assert database_state() == before


@contextmanager
def refusing(receiver):
    """Fault injection: `receiver` runs as each page of the run is published."""
    page_published.connect(receiver, dispatch_uid="tree-test-refusal")
    try:
        yield
    finally:
        page_published.disconnect(dispatch_uid="tree-test-refusal")
