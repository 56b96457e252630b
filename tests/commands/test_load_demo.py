"""`load_demo` never loses an editor's work; `--reset` restores the demo and says what it overwrites."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Revision

from cluster.models import ContentPage, TopicPage

DEMO_TITLE = "Fear of Intimacy: Why Wanting Closeness Can Trigger Retreat"
RESET_HINT = "Run `manage.py load_demo --reset` to restore the demo text."


def load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue().strip()


def database_state():
    """Every page and revision row that a run could add or change."""
    return (
        sorted(Page.objects.values_list("id", "title", "live", "latest_revision_id", "live_revision_id")),
        sorted(Revision.objects.values_list("id", "object_id", "user_id")),
    )


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", is_staff=True, is_superuser=True)


@pytest.fixture
def edited_topic(demo, editor):
    """fear-of-intimacy with a published edit and a newer draft, both by an editor."""
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    topic.title = "Fear of intimacy"
    topic.save_revision(user=editor).publish(user=editor)
    topic.title = "Fear of intimacy (draft)"
    topic.save_revision(user=editor)
    return topic


def test_a_second_run_changes_nothing(demo):
    before = database_state()
    assert load_demo() == "Demo cluster: 0 pages created; 11 already there."
    assert database_state() == before


def test_a_namesake_in_another_cluster_is_not_the_demo_page(demo):
    """Slugs are unique among siblings only: another pillar's 'attachment-style' is not ours."""
    from cluster.models import PillarPage

    other = PillarPage(title="Dating", slug="dating", category="Dating", live=False, body=[])
    demo.get_parent().add_child(instance=other)
    namesake = TopicPage(
        title="Attachment style (dating)", slug="attachment-style", category="Dating", body=[]
    )
    other.add_child(instance=namesake)
    namesake.save_revision()
    before = database_state()
    assert load_demo() == "Demo cluster: 0 pages created; 11 already there."
    assert database_state() == before


def test_a_run_leaves_an_edited_page_as_it_is_and_names_it(edited_topic):
    before = database_state()
    assert load_demo() == (
        "Demo cluster: 0 pages created; 11 already there "
        "(1 changed by an editor, left as it is: 'Fear of intimacy (draft)'). " + RESET_HINT
    )
    assert database_state() == before
    topic = TopicPage.objects.get(pk=edited_topic.pk)
    assert (topic.title, topic.get_latest_revision_as_object().title) == (
        "Fear of intimacy",
        "Fear of intimacy (draft)",
    )


def test_an_edit_by_the_system_user_that_changes_the_text_counts_as_changed(demo):
    # No user on the revision, as in a shell or a script: the text decides.
    topic = TopicPage.objects.get(slug="attachment-style")
    topic.search_description = "Edited in a shell."
    topic.save_revision().publish()
    before = database_state()
    assert "1 changed by an editor, left as it is: 'Attachment" in load_demo()
    assert database_state() == before


def test_a_withdrawn_demo_page_stays_withdrawn(demo):
    page = ContentPage.objects.get(slug="find-your-intimacy-style")
    page.unpublish()
    load_demo()
    assert not ContentPage.objects.get(pk=page.pk).live


def test_missing_pages_are_created_and_published_beside_an_edited_pillar(demo, editor):
    demo.search_description = "The editor's description."
    demo.save_revision(user=editor).publish(user=editor)
    # The CTA page: no prose links it, so the gate admits it again.
    ContentPage.objects.get(slug="find-your-intimacy-style").delete()
    output = load_demo()
    created = ContentPage.objects.get(slug="find-your-intimacy-style")
    assert created.live and not created.has_unpublished_changes
    assert created.get_parent().id == demo.id
    demo.refresh_from_db()
    assert demo.search_description == "The editor's description."
    # Every other demo page links the deleted page's old id: their text now
    # differs from the demo's, so they are named, and left alone.
    assert output.startswith(
        "Demo cluster: 1 page created; 10 already there (10 changed by an editor, left as they are: "
        "'Intimacy Psychology: Why Closeness Feels Safe and Risky at Once', "
    )
    assert output.endswith(RESET_HINT)


def test_a_missing_topic_the_editors_pages_no_longer_link_stays_a_draft(demo):
    # The other pages link to the deleted topic's old id, and are not touched:
    # the gate refuses the new topic as an orphan, so it is created as a draft.
    TopicPage.objects.get(slug="responsive-desire").delete()
    output = load_demo()
    topic = TopicPage.objects.get(slug="responsive-desire")
    assert not topic.live
    assert output.startswith(
        "Demo cluster: 1 page created as a draft, not published (the gate refused them: "
    )
    assert "links.E006" in output and output.endswith(RESET_HINT)
    before = database_state()
    assert "1 still a draft the gate refused: 'Responsive Desire" in load_demo()
    assert database_state() == before
    load_demo("--reset")
    assert TopicPage.objects.get(slug="responsive-desire").live


def test_reset_says_what_it_overwrites_and_restores_the_demo(edited_topic, editor):
    added = TopicPage(title="An editor's own topic", slug="editors-topic", category="Intimacy")
    TopicPage.objects.get(pk=edited_topic.pk).get_parent().add_child(instance=added)
    pages_before = Page.objects.count()
    assert load_demo("--reset").splitlines() == [
        "Overwriting 1 page with the demo text: 'Fear of intimacy (draft)'. "
        "Their earlier versions stay in each page's history.",
        "Demo cluster: 0 pages created, 1 reset to the demo text; 10 already as in the demo.",
    ]
    topic = TopicPage.objects.get(pk=edited_topic.pk)
    assert (topic.live, topic.has_unpublished_changes, topic.title) == (True, False, DEMO_TITLE)
    assert Page.objects.count() == pages_before  # the editor's own page is still there
    assert load_demo() == "Demo cluster: 0 pages created; 11 already there."


def test_reset_dry_run_names_the_pages_and_changes_nothing(edited_topic):
    before = database_state()
    assert load_demo("--reset", "--dry-run").splitlines() == [
        "Would overwrite 1 page with the demo text: 'Fear of intimacy (draft)'. "
        "Their earlier versions stay in each page's history.",
        "Dry run, nothing was changed. Demo cluster: 0 pages to create, 1 to reset to the demo text; "
        "10 already as in the demo.",
    ]
    assert database_state() == before


def test_reset_refused_by_the_gate_changes_nothing(demo, monkeypatch):
    from cluster.management.commands import load_demo as command

    TopicPage.objects.get(slug="responsive-desire").delete()
    before = database_state()
    sources = command.demo_sources()
    for source in sources:
        source.blocks = [b for b in source.blocks if b.kind != "faq"]  # every page now fails the gate
    monkeypatch.setattr(command, "demo_sources", lambda: sources)
    with pytest.raises(CommandError, match="cannot be published"):
        load_demo("--reset")
    assert database_state() == before
