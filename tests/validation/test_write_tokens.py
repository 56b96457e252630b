"""Page write tokens (cluster/validation/write_tokens.py): every write to a page row renews
its token, on whichever database the suite runs, and the page-scoped check
takes its shortcut only while nothing but its own pages changed.
"""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from wagtail.models import Page

from cluster import write_token_sql
from cluster.models import PageWriteToken, PillarPage, TopicPage
from cluster.signal_handlers import reinstall_write_token_triggers
from cluster.validation import scoped
from cluster.validation.caches import clear_all
from cluster.validation.write_tokens import cluster_tokens
from tests.commands.support import gate

SUBJECT = "responsive-desire"
OTHER = "attachment-style"


@pytest.fixture
def fresh(demo):
    clear_all()
    return demo


def tokens(pillar, *excluded_slugs):
    excluded = frozenset(TopicPage.objects.filter(slug__in=excluded_slugs).values_list("pk", flat=True))
    return cluster_tokens(pillar_id=pillar.pk, pillar_path=pillar.path, excluded=excluded)


def _revise(slug):
    page = TopicPage.objects.get(slug=slug)
    page.title += " (revised)"
    page.save_revision()


def _bulk_update(slug):
    TopicPage.objects.filter(slug=slug).update(title="Renamed in bulk")


def _raw_update(slug):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE wagtailcore_page SET draft_title = 'raw' WHERE slug = %s", [slug])


def _unpublish(slug):
    TopicPage.objects.get(slug=slug).unpublish()


def _delete(slug):
    TopicPage.objects.get(slug=slug).delete()


def _move_out(slug):
    # Treebeard rewrites paths in raw SQL; the page leaves the cluster.
    home = Page.objects.get(depth=2)
    TopicPage.objects.get(slug=slug).move(home, pos="last-child")


def _add(slug):
    pillar = PillarPage.objects.get(slug="intimacy")
    pillar.add_child(instance=TopicPage(title="New", slug="new-topic", category=pillar.category))


def _publish(slug):
    page = TopicPage.objects.get(slug=slug)
    page.title += " (published)"
    page.save_revision().publish()


def _move_in(slug):
    # A topic of another cluster joins this one.
    other = (
        PillarPage.objects.get(slug="intimacy")
        .get_parent()
        .add_child(instance=PillarPage(title="Other", slug="other", category="Other"))
    )
    newcomer = other.add_child(instance=TopicPage(title="Newcomer", slug="newcomer", category="Other"))
    before = tokens(PillarPage.objects.get(slug="intimacy"), SUBJECT)
    newcomer.move(PillarPage.objects.get(slug="intimacy"), pos="last-child")
    assert tokens(PillarPage.objects.get(slug="intimacy"), SUBJECT) != before


def _revise_the_pillar(slug):
    pillar = PillarPage.objects.get(slug="intimacy")
    pillar.title += " (revised)"
    pillar.save_revision()


WRITES = {
    "a new revision": _revise,
    "a bulk update": _bulk_update,
    "raw SQL": _raw_update,
    "an unpublish": _unpublish,
    "a delete": _delete,
    "a move out of the cluster": _move_out,
    "an added topic": _add,
    "a publish": _publish,
    "a move into the cluster": _move_in,
    "the pillar's own revision": _revise_the_pillar,
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_every_write_to_another_page_changes_the_sum(fresh, write):
    before = tokens(fresh, SUBJECT)
    assert before is not None and before[0] == Page.objects.child_of(fresh).count() - 1
    WRITES[write](OTHER)
    assert tokens(fresh, SUBJECT) != before


def test_the_subjects_own_writes_leave_the_sum(fresh):
    before, whole = tokens(fresh, SUBJECT), tokens(fresh)
    _revise(SUBJECT)
    assert tokens(fresh, SUBJECT) == before
    assert tokens(fresh) != whole  # control: the same write, counted


def test_a_rolled_back_write_does_not_bring_its_sum_back(fresh):
    before = tokens(fresh, SUBJECT)
    with pytest.raises(RuntimeError), transaction.atomic():
        _bulk_update(OTHER)
        rolled_back = tokens(fresh, SUBJECT)
        raise RuntimeError
    assert tokens(fresh, SUBJECT) == before != rolled_back
    # The same write again draws new tokens: the sum seen inside the
    # rolled-back transaction names nothing that exists.
    _bulk_update(OTHER)
    assert tokens(fresh, SUBJECT) not in (before, rolled_back)


def test_every_page_has_a_token_under_its_parent(fresh):
    _move_out(OTHER)  # treebeard's raw SQL rewrites the moved page's path
    paths = dict(Page.objects.values_list("id", "path"))
    parents = dict(PageWriteToken.objects.values_list("page_id", "parent_path"))
    assert parents == {page_id: path[:-4] for page_id, path in paths.items()}


def _drop_or_disable_triggers():
    statements = {
        "sqlite": write_token_sql.DROP["sqlite"],
        "postgresql": ["ALTER TABLE wagtailcore_page DISABLE TRIGGER cluster_page_write"],
    }[connection.vendor]
    with connection.cursor() as cursor:  # undone with the test's transaction
        for statement in statements:
            cursor.execute(statement)


def test_without_the_triggers_no_sum_is_read(fresh):
    assert tokens(fresh, SUBJECT) is not None
    gate("--page", SUBJECT)
    _drop_or_disable_triggers()  # after a first read: checked on every run, not once
    assert tokens(fresh, SUBJECT) is None
    _bulk_update(OTHER)  # a write nothing records
    assert [p["slug"] for p in gate("--page", SUBJECT)["pages"]] == [SUBJECT]  # the fingerprint alone


def test_migrate_puts_back_triggers_a_table_rebuild_dropped(fresh):
    before = tokens(fresh, SUBJECT)
    _drop_or_disable_triggers()
    _bulk_update(OTHER)
    reinstall_write_token_triggers(sender=PageWriteToken._meta.app_config, using="default")
    after = tokens(fresh, SUBJECT)
    # Back, and every token new: the write made without them counts too.
    assert after is not None and after != before
    _revise(OTHER)
    assert tokens(fresh, SUBJECT) != after


@pytest.fixture
def fingerprints(monkeypatch):
    calls = []
    read = scoped._fingerprint_rows

    def counted(*args, **kwargs):
        calls.append(args)
        return read(*args, **kwargs)

    monkeypatch.setattr(scoped, "_fingerprint_rows", counted)
    return calls


def _question_of(slug):
    faq = next(b for b in TopicPage.objects.get(slug=slug).body.raw_data if b["type"] == "faq")
    return faq["value"]["items"][0]["question"]


def _ask_on(slug, question):
    page = TopicPage.objects.get(slug=slug)
    raw = page.body.raw_data
    faq = next(block for block in raw if block["type"] == "faq")
    faq["value"]["items"].append({"question": question, "answer": "<p>" + "A plain answer. " * 8 + "</p>"})
    page.body = raw
    page.save_revision()


def repeated(report):
    return [f["value"] for f in report["pages"][0]["findings"] if f["id"] == "faq.W001"]


def test_editing_the_checked_page_takes_the_shortcut(fresh, fingerprints):
    gate("--page", SUBJECT)
    assert len(fingerprints) == 1
    _ask_on(SUBJECT, _question_of(OTHER))
    found = gate("--page", SUBJECT)
    assert len(fingerprints) == 1  # the sum was seen: no row read
    assert repeated(found) == [OTHER]
    clear_all()
    assert gate("--page", SUBJECT) == found  # as a cold run sees it
    assert len(fingerprints) == 2


@pytest.mark.parametrize("versions", [("draft", "live"), ("live", "draft")])
def test_a_sum_seen_in_one_version_is_not_the_other(fresh, fingerprints, versions):
    first, second = versions
    gate("--page", SUBJECT, "--state", first)
    gate("--page", SUBJECT, "--state", second)
    assert len(fingerprints) == 2


def test_another_page_edited_is_seen_at_once(fresh, fingerprints):
    assert repeated(gate("--page", SUBJECT)) == []
    _ask_on(OTHER, _question_of(SUBJECT))
    found = gate("--page", SUBJECT)
    assert len(fingerprints) == 2  # a new sum: the exact fingerprint decided
    assert repeated(found) == [OTHER]
    clear_all()
    assert gate("--page", SUBJECT) == found  # as a cold run sees it


def test_tokens_loaded_from_a_fixture_are_new_not_the_dumped_ones(fresh, tmp_path):
    dumped = tokens(fresh, SUBJECT)
    fixture = tmp_path / "tokens.json"
    call_command("dumpdata", "cluster.PageWriteToken", output=str(fixture), verbosity=0)
    _revise(OTHER)
    changed = tokens(fresh, SUBJECT)
    assert changed != dumped

    call_command("loaddata", str(fixture), verbosity=0)
    loaded = tokens(fresh, SUBJECT)
    assert loaded is not None
    assert loaded not in (dumped, changed)


def test_a_loaded_token_row_follows_its_page_where_it_is_now(fresh, tmp_path):
    fixture = tmp_path / "tokens.json"
    call_command("dumpdata", "cluster.PageWriteToken", output=str(fixture), verbosity=0)
    moved = TopicPage.objects.get(slug=SUBJECT)
    other = fresh.get_parent().add_child(instance=PillarPage(title="Other", slug="other", category="Other"))
    moved.move(other, pos="last-child")
    gone = TopicPage.objects.get(slug=OTHER)
    gone_id = gone.pk
    gone.delete()

    call_command("loaddata", str(fixture), verbosity=0)
    row = PageWriteToken.objects.get(page_id=moved.pk)
    assert row.parent_path == other.path
    assert not PageWriteToken.objects.filter(page_id=gone_id).exists()
