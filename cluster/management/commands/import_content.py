"""Import a whole content tree in one transaction: every file, or nothing.

Exit codes: 0 done; 1 imported, but `--publish` held some pages back (the gate
refused them: they are drafts, listed with their findings); 2 nothing was
written (a bad file, or a page an editor changed, each as `path:line: message`
on stderr). docs/content-as-code.md, "Import and export a tree".
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from cluster.content_io.formats import FormatError
from cluster.content_io.importer import ImportFailed, import_sources
from cluster.content_io.tree_import import NEW, UNCHANGED, plan, read_tree
from cluster.gate.rules import publish_passing

HELD_BACK, NOTHING_WRITTEN = 1, 2


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
        try:
            with transaction.atomic():
                planned = plan(read_tree([directory]), update=update)
                saved = import_sources([p.source for p in planned if p.needs_saving], update=True)
                waiting = _to_publish(planned, saved) if publish else []
                refused = publish_passing(revisions=waiting)
        except (FormatError, ImportFailed) as exc:
            self.stderr.write(str(exc))
            sys.exit(NOTHING_WRITTEN)
        if verbosity:
            self.stdout.write(
                _summary(directory, planned, published=len(waiting) - len(refused), publish=publish)
            )
        if refused:
            self.stdout.write(f"Held back by the publication gate, still drafts ({len(refused)}):")
            paths = {p.page.pk if p.page else None: p.source.path for p in planned}
            paths.update({r.page.pk: r.path for r in saved})
            for blocked in refused:
                for finding in blocked.findings:
                    self.stdout.write(f"{paths[blocked.page.pk]}: {finding.id} {finding.message}")
            sys.exit(HELD_BACK)


def _to_publish(planned, saved) -> list:
    """The revisions to publish: every one just saved, and unchanged pages whose latest is not live."""
    waiting = [
        p.page.latest_revision
        for p in planned
        if p.status == UNCHANGED
        and p.page.latest_revision is not None
        and (not p.page.live or p.page.has_unpublished_changes)
    ]
    return [r.revision for r in saved] + waiting


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
