"""Import a whole content tree in one transaction: every file, or nothing.

Exit codes: 0 done; 1 imported, but `--publish` held some pages back (the gate
refused them: they are drafts, listed with their findings); 2 nothing was
written (a bad file, a page an editor changed, or a publish the database
refused, each as `path:line: message` on stderr). A page an editor took offline
is not republished without `--update`; it is named on stdout.
docs/content-as-code.md, "Import and export a tree".
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from cluster.content_io.formats import FormatError
from cluster.content_io.importer import ImportFailed, import_sources
from cluster.content_io.tree_import import NEW, UNCHANGED, plan, read_tree
from cluster.gate.rules import PublicationBlocked, PublishFailed, publish_passing

HELD_BACK, NOTHING_WRITTEN = 1, 2
WITHDRAWN = "withdrawn by an editor; not republished (use --update to republish it)"


class Command(BaseCommand):
    help = (
        "Import every page of a content tree (<pillar>/index.md, <pillar>/<page>.md, or .txt) as drafts, "
        "all or nothing. Unchanged pages get no new revision."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the pages that pass the publication gate; list the others (exit code 1).",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also replace the drafts of pages an editor changed (their revisions stay in the history).",
        )

    def handle(self, directory, publish=False, update=False, verbosity=1, **options):
        if not Path(directory).is_dir():
            self.stderr.write(f"{directory}: not a directory")
            sys.exit(NOTHING_WRITTEN)
        paths = {}
        try:
            with transaction.atomic():
                planned = plan(read_tree([directory]), update=update)
                saved = import_sources([p.source for p in planned if p.needs_saving], update=True)
                paths = _paths(planned, saved)
                offline = [] if update or not publish else _withdrawn(planned)
                waiting = _to_publish(planned, saved, offline=offline, update=update) if publish else []
                refused = publish_passing(revisions=waiting)
        except (FormatError, ImportFailed) as exc:
            self.stderr.write(str(exc))
            sys.exit(NOTHING_WRITTEN)
        except (PublicationBlocked, PublishFailed) as exc:
            # Nothing the gate's rounds could take out (a refusal for a page
            # outside the batch) or a publish the database refused: the whole
            # run rolled back, so it is "nothing written", not "held back".
            self.stderr.write(_unexpected(exc, paths))
            sys.exit(NOTHING_WRITTEN)
        if verbosity:
            self.stdout.write(
                _summary(directory, planned, published=len(waiting) - len(refused), publish=publish)
            )
        for page in offline:
            self.stdout.write(f"{paths[page.pk]}: {WITHDRAWN}")
        if refused:
            self.stdout.write(f"Held back by the publication gate, still drafts ({len(refused)}):")
            for blocked in refused:
                for finding in blocked.findings:
                    self.stdout.write(f"{paths[blocked.page.pk]}: {finding.id} {finding.message}")
            sys.exit(HELD_BACK)


def _paths(planned, saved) -> dict:
    """Each page's file, by page id."""
    paths = {p.page.pk: p.source.path for p in planned if p.page}
    paths.update({r.page.pk: r.path for r in saved})
    return paths


def _withdrawn(planned) -> list:
    """Pages published once and now offline: an editor unpublished them, or they expired."""
    return [p.page for p in planned if p.page is not None and not p.page.live and p.page.first_published_at]


def _to_publish(planned, saved, *, offline, update) -> list:
    """The revisions to publish: every one just saved, and unchanged pages whose latest is not live.

    Unpublishing saves no revision, so a withdrawn page looks unchanged;
    only `--update` (the file over the editor) puts it back online.
    """
    skipped = {page.pk for page in offline}
    waiting = [
        p.page.latest_revision
        for p in planned
        if p.status == UNCHANGED
        and p.page.latest_revision is not None
        and (
            p.page.first_published_at is None
            or (p.page.live and p.page.has_unpublished_changes)
            or (update and not p.page.live)
        )
    ]
    return [r.revision for r in saved if r.page.pk not in skipped] + waiting


def _unexpected(exc, paths) -> str:
    if isinstance(exc, PublishFailed):
        return f"{paths.get(exc.page_id, exc.page_id)}: cannot publish: {exc}"
    where = paths.get(exc.page.pk) or exc.page.url_path
    return "\n".join(f"{where}: {f.id} {f.message}" for f in exc.findings) or f"{where}: {exc}"


def _summary(directory, planned, *, published, publish) -> str:
    counts = {status: sum(1 for p in planned if p.status == status) for status in (NEW, UNCHANGED)}
    updated = len(planned) - counts[NEW] - counts[UNCHANGED]
    line = (
        f"Imported {len(planned)} pages from {directory}: {counts[NEW]} created, "
        f"{updated} updated, {counts[UNCHANGED]} unchanged."
    )
    if publish:
        line += f" Published {published}."
    return line
