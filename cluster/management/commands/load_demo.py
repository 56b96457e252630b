"""Create the published Intimacy demo cluster; never overwrite an editor's work.

Without options the command only creates the demo pages that are missing (and
publishes them through the gate, together). A demo page that exists is never
touched, whatever its state: running it again changes nothing. `--reset`
restores the demo text of every demo page an editor changed, after saying
which; `--dry-run` says what a run would do and changes nothing.

A page counts as "changed by an editor" when its latest or live revision was
saved by a user (the command saves as the system, user None), when it has
unpublished changes or was withdrawn, when it is not under the demo's parent,
or when its latest revision exported as Markdown differs from the demo file.
A page the command created but the gate refused to publish stays a draft
(the pages already there may not link to it); `--reset` publishes it with the
rest of the demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page

from cluster.content_io.formats import FormatError, SourcePage
from cluster.content_io.importer import ImportFailed, import_sources
from cluster.content_io.sync import differs_from_source, page_in_place, pages_named, saved_by_the_system
from cluster.content_io.tree import read_tree_file, tree_files
from cluster.gate.rules import PublicationBlocked, publish_together

# The demo cluster is the example content tree (docs/content-as-code.md).
DEMO_DIR = Path(__file__).resolve().parents[3] / "content" / "intimacy"
TYPE_ORDER = {"pillar": 0, "topic": 1, "page": 2}


def demo_sources() -> list[SourcePage]:
    sources = [read_tree_file(path) for path in tree_files([DEMO_DIR])]
    return sorted(sources, key=lambda s: TYPE_ORDER.get(s.type, 3))


MISSING, AS_DEMO, DRAFT, CHANGED = "missing", "as in the demo", "draft", "changed"


@dataclass
class DemoPage:
    source: SourcePage
    page: Page | None  # the page with the demo's slug, None when missing
    status: str

    @property
    def title(self) -> str:
        """The title the editor sees in the admin (their draft's)."""
        return self.page.draft_title if self.page is not None else self.source.title


def status_of(page: Page | None, source: SourcePage) -> str:
    if page is None:
        return MISSING
    if not saved_by_the_system(page) or page.has_unpublished_changes and page.live:
        return CHANGED
    if differs_from_source(page, source):
        return CHANGED
    if page.live:
        return AS_DEMO
    # Never published: the gate refused it when this command created it. A
    # page someone withdrew keeps its first_published_at.
    return DRAFT if page.first_published_at is None else CHANGED


def demo_page_for(source: SourcePage, candidates: list[Page]) -> Page | None:
    """The page that is this demo page: the one with its slug under the demo's parent.

    With none there, a page with the slug elsewhere is taken to be the demo
    page, moved, and so changed by an editor: it is reported and left alone.
    """
    return page_in_place(source, candidates) or next((p for p in candidates if p.slug == source.slug), None)


def survey(sources) -> list[DemoPage]:
    pages = pages_named(sources)
    found = [(s, demo_page_for(s, pages)) for s in sources]
    return [DemoPage(s, page, status_of(page, s)) for s, page in found]


def titles(demos) -> str:
    return ", ".join(f"'{d.title}'" for d in demos)


def pages(n: int) -> str:
    return f"{n} page" if n == 1 else f"{n} pages"


class Command(BaseCommand):
    help = (
        "Create the demo pages that are missing and publish them. Running it again changes nothing; "
        "pages an editor changed are left as they are unless you pass --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Also overwrite demo pages an editor changed with the demo text (it names them first).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be created or overwritten; change nothing."
        )

    def handle(self, *, reset=False, dry_run=False, verbosity=1, **options):
        self.quiet = verbosity == 0
        try:
            demos = survey(demo_sources())
            if reset:
                self.reset(demos, dry_run=dry_run)
                summary = reset_summary(demos, dry_run=dry_run)
            else:
                refused = self.create(of(demos, MISSING), dry_run=dry_run)
                summary = load_summary(demos, refused=refused, dry_run=dry_run)
        except (FormatError, ImportFailed, PublicationBlocked) as exc:
            raise CommandError(str(exc)) from None
        self.say(f"Dry run, nothing was changed. {summary}" if dry_run else summary)

    def create(self, missing, *, dry_run) -> PublicationBlocked | None:
        """Create and publish the missing pages; drafts when the gate refuses them (returns why)."""
        if not missing:
            return None
        sources = [d.source for d in missing]
        try:
            self.load(sources, publish=True, dry_run=dry_run)
        except PublicationBlocked as exc:
            # The pages already there stay as they are, so a new page they do
            # not link to (links to a deleted topic point to its old id) cannot
            # pass the gate: it stays a draft, and --reset restores the links.
            self.load(sources, publish=False, dry_run=dry_run)
            return exc
        return None

    def reset(self, demos, *, dry_run):
        overwrite = of(demos, CHANGED, DRAFT)
        if overwrite:
            self.say(
                f"{'Would overwrite' if dry_run else 'Overwriting'} {pages(len(overwrite))} "
                f"with the demo text: {titles(overwrite)}. "
                "Their earlier versions stay in each page's history."
            )
        if overwrite or of(demos, MISSING):
            self.load([d.source for d in of(demos, MISSING, CHANGED, DRAFT)], publish=True, dry_run=dry_run)

    def load(self, sources, *, publish, dry_run):
        # Every page is saved and published as one unit: the gate checks them
        # together, and one refusal rolls back all of them.
        with transaction.atomic():
            results = import_sources(sources, update=True)
            if publish:
                publish_together(revisions=[r.revision for r in results])
            if dry_run:
                transaction.set_rollback(True)

    def say(self, text: str):
        if not self.quiet:
            self.stdout.write(text)


def of(demos, *statuses) -> list[DemoPage]:
    """The demo pages in these states, in the demo's order (pillar, topics, other pages)."""
    return [d for d in demos if d.status in statuses]


def load_summary(demos, *, refused, dry_run) -> str:
    missing = of(demos, MISSING)
    created = f"{pages(len(missing))} {'to create' if dry_run else 'created'}"
    if refused is not None:
        reason = str(refused).rstrip(".")
        drafts = "a draft" if len(missing) == 1 else "drafts"
        created += f" as {drafts}, not published (the gate refused them: {reason})"
    notes = []
    if changed := of(demos, CHANGED):
        left = "left as it is" if len(changed) == 1 else "left as they are"
        notes.append(f"{len(changed)} changed by an editor, {left}: {titles(changed)}")
    if drafts := of(demos, DRAFT):
        notes.append(f"{len(drafts)} still a draft the gate refused: {titles(drafts)}")
    there = f"{len(demos) - len(of(demos, MISSING))} already there"
    details = f" ({'; '.join(notes)})" if notes else ""
    line = f"Demo cluster: {created}; {there}{details}."
    if notes or refused is not None:
        line += " Run `manage.py load_demo --reset` to restore the demo text."
    return line


def reset_summary(demos, *, dry_run) -> str:
    created = f"{pages(len(of(demos, MISSING)))} {'to create' if dry_run else 'created'}"
    restored = f"{len(of(demos, CHANGED, DRAFT))} {'to reset' if dry_run else 'reset'} to the demo text"
    return f"Demo cluster: {created}, {restored}; {len(of(demos, AS_DEMO))} already as in the demo."
