"""import_content never replaces an editor's work without --update, and --update keeps it in the history."""

import pytest
from django.contrib.auth import get_user_model

from cluster.models import TopicPage
from tests.commands.tree_support import CONTENT, database_state, run

pytestmark = pytest.mark.django_db
FILE = CONTENT / "intimacy" / "fear-of-intimacy.md"
REFUSAL = (
    f"{FILE}:1: page 'fear-of-intimacy' has changes by an editor that this file does not have "
    "(export the tree to keep them, or use --update to replace its draft)\n"
)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", is_staff=True, is_superuser=True)


def edit(editor, *, publish):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    topic.title = "Fear of intimacy (editor)"
    revision = topic.save_revision(user=editor)
    if publish:
        revision.publish(user=editor)
    return revision


@pytest.mark.parametrize("publish", [False, True], ids=["draft", "published"])
def test_an_editors_change_stops_the_import_without_update(demo, editor, publish):
    edit(editor, publish=publish)
    before = database_state()
    result = run("import_content", CONTENT, "--publish")
    assert (result.code, result.out, result.err) == (2, "", REFUSAL)
    assert database_state() == before


def test_update_replaces_the_draft_and_keeps_the_editors_revision(demo, editor):
    editors = edit(editor, publish=False)
    result = run("import_content", CONTENT, "--update")
    assert (result.code, result.err) == (0, "")
    assert result.out == f"Imported 11 pages from {CONTENT}: 0 created, 1 updated, 10 unchanged.\n"
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    assert topic.latest_revision.user_id is None
    assert topic.get_latest_revision_as_object().title == (
        "Fear of Intimacy: Why Wanting Closeness Can Trigger Retreat"
    )
    assert topic.revisions.get(pk=editors.pk).as_object().title == "Fear of intimacy (editor)"


def test_an_editors_change_the_file_already_has_is_not_a_conflict(demo, editor):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    topic.save_revision(user=editor)  # saved by a person, same text as the file
    before = database_state()
    assert run("import_content", CONTENT).code == 0
    assert database_state() == before
