"""The CI content gate: validate pages and write a machine-readable report.

Stored pages by default; page files when PATHs are named (content as code,
docs/content-as-code.md), with no database unless --against-db.

Exit codes: 0 nothing reaches --fail-on, 1 something does, 2 usage or
configuration error, or a page file that cannot be read (`path:line: message`
on stderr).
"""

import contextlib
import gc
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from wagtail.models import Page

from cluster.content_io.tree_pages import TreeErrors
from cluster.management.content_files import files_report
from cluster.management.workers import worker_processes
from cluster.models import PillarPage, TopicPage
from cluster.validation.caches import release_process_layer
from cluster.validation.cluster_map import pillar_of
from cluster.validation.config import validation_overrides
from cluster.validation.service import cluster_reports, page_report
from validators.config import validate_overrides
from validators.findings import Report
from validators.reporters import FORMATS, ProgressBar, render_pieces, reported

USAGE_ERROR = 2


@contextlib.contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector for one batch run.

    A 2,000-page run builds millions of objects that live until it ends
    (documents, sentences, findings), and the collector walks all of them
    again every time the heap grows by a quarter: a fifth of a cold run
    (docs/benchmarks.md). The run makes almost no reference cycles, so nothing
    waits long to be freed, and reference counting frees everything else as
    usual; collection resumes when the run ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _first_by_slug(model, slug):
    """The oldest page with this slug (slugs are unique among siblings only).

    Not `.first()`: its ORDER BY id LIMIT 1 lets PostgreSQL walk the primary
    key until a row matches, which grows with the site; the slug index finds
    the few candidates directly.
    """
    return min(model.objects.filter(slug=slug), key=lambda page: page.pk, default=None)


def _require_tables():
    """A database run needs a migrated database; say so in one line instead of a traceback.

    An SQLite file that does not exist is created empty on connection, so
    a fresh checkout's first run would otherwise end in "no such table".
    """
    try:
        tables = set(connection.introspection.table_names())
    except DatabaseError as exc:
        raise CommandError(f"cannot open the database: {str(exc).strip().splitlines()[0]}") from None
    if not {Page._meta.db_table, PillarPage._meta.db_table} <= tables:
        raise CommandError("the database has no cluster tables: run `python manage.py migrate`")


class Command(BaseCommand):
    help = "Validate cluster pages (FAQ, links, readability) and report the findings."
    # Django's system checks open the caches (a file cache creates its folder)
    # and may touch the database; a run on page files needs neither, so the
    # checks run in handle() for database runs only.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            metavar="PATH",
            help="Page files or content folders to validate instead of stored pages (no database).",
        )
        # Django adds it only with requires_system_checks; database runs keep it.
        parser.add_argument("--skip-checks", action="store_true", help="Skip system checks.")
        parser.add_argument(
            "--against-db",
            action="store_true",
            help="With PATHs: check links to pages outside the files against the database's pages.",
        )
        parser.add_argument(
            "--cluster",
            action="append",
            default=[],
            metavar="SLUG",
            help="Pillar slug of a cluster to validate (repeatable). Default: all.",
        )
        parser.add_argument(
            "--page",
            action="append",
            default=[],
            metavar="SLUG",
            help="Validate only this page, in its cluster's context (repeatable).",
        )
        parser.add_argument(
            "--state",
            choices=["draft", "live"],
            default="draft",
            help="draft: each page's latest revision (default); live: what is published.",
        )
        parser.add_argument("--format", choices=sorted(FORMATS), default="text", dest="fmt")
        parser.add_argument("--output", metavar="FILE", help="Write the report here instead of stdout.")
        parser.add_argument("--fail-on", choices=["error", "warning"], default="error")
        parser.add_argument("--base-url", default="", help="Prefix for page URLs in reports.")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            metavar="N",
            help="Worker processes for the per-page work (0: one per CPU). The report is the same for any N.",
        )

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            exc.returncode = USAGE_ERROR
            raise

    def handle(self, paths, against_db, cluster, page, state, fmt, output, fail_on, base_url, **options):
        problems = validate_overrides(validation_overrides())
        if problems:
            raise CommandError("invalid CLUSTER_VALIDATION setting: " + "; ".join(problems))
        jobs = options["jobs"]
        if jobs < 0:
            raise CommandError(f"--jobs {jobs}: give 1 or more worker processes, or 0 for one per CPU")
        with collector_paused():
            if paths:
                if cluster or page or state != "draft":
                    raise CommandError("PATHs are files: --cluster, --page and --state are for stored pages")
                if against_db:
                    _require_tables()
                report = self._validate_files(paths, against_db, jobs)
            else:
                if against_db:
                    raise CommandError("--against-db goes with PATHs: it checks page files' outside links")
                _require_tables()
                if not options.get("skip_checks"):
                    self.check()
                pillars, only = self._select(cluster, page)
                report = self._validate(pillars, state, only, jobs)
            pieces = render_pieces(
                fmt,
                report,
                fail_on=fail_on,
                base_url=base_url,
                color=fmt == "text" and not output and self.stdout.isatty(),
            )
            self._write(pieces, output)
            fails = report.fails_at(fail_on)
            # Freed while the collector is still paused: resumed with millions
            # of live objects, its first pass would walk them all (40 ms of a
            # 400 ms warm run at 2,000 pages) just before they are freed anyway.
            del report, pieces
        if fails:
            sys.exit(1)

    def _write(self, pieces, output):
        """The report as it is rendered, piece by piece: a 20,000-page JSON report is 60 MB of text."""
        if not output:
            last = ""
            for last in pieces:
                self.stdout.write(last, ending="")
            if not last.endswith("\n"):
                self.stdout.write("")  # the line ending
            return
        try:
            with open(output, "w", encoding="utf-8") as out:
                for piece in pieces:
                    out.write(piece)
        except OSError as exc:  # exit 1 would say "content failed"; this is a usage error
            raise CommandError(f"--output {output}: cannot write the report: {exc.strerror}") from None
        self.stderr.write(f"Report written to {output}")

    def _validate_files(self, paths, against_db, jobs) -> Report:
        try:
            with worker_processes(jobs) as workers:
                config = validation_overrides()
                return files_report(paths, against_db=against_db, config=config, workers=workers)
        except TreeErrors as exc:
            self.stderr.write(str(exc))
            sys.exit(USAGE_ERROR)

    def _select(self, cluster_slugs, page_slugs):
        pillars = {}
        for slug in cluster_slugs:
            pillar = _first_by_slug(PillarPage, slug)
            if pillar is None:
                raise CommandError(f"--cluster {slug}: no pillar page with that slug")
            pillars[pillar.id] = pillar
        only = set()
        for slug in page_slugs:
            page = _first_by_slug(Page, slug)
            if page is None:
                raise CommandError(f"--page {slug}: no pillar or topic page with that slug")
            if page.specific_class not in (PillarPage, TopicPage):
                # Otherwise the run checks nothing and passes with "0 pages".
                kind = page.specific_class._meta.verbose_name if page.specific_class else "page"
                raise CommandError(
                    f"--page {slug}: not a cluster page (it is a {kind}); use a pillar or topic slug"
                )
            pillar = pillar_of(page)
            if pillar is None:
                raise CommandError(f"--page {slug}: no pillar or topic page with that slug")
            pillars.setdefault(pillar.id, pillar)
            only.add(page.id)
        if not pillars:
            pillars = {p.id: p for p in PillarPage.objects.order_by("path")}
        return list(pillars.values()), only

    def _validate(self, pillars, state, only, jobs) -> Report:
        report = Report()
        overrides = validation_overrides()
        enabled = sys.stderr.isatty()
        # Counting a cluster's pages costs a query that grows with it; only the bar needs it.
        total = len(pillars) + sum(p.get_children().count() for p in pillars) if enabled else 0
        with ProgressBar(total, sys.stderr, enabled=enabled) as bar, worker_processes(jobs) as workers:
            # With --page, only those pages are checked and reported; the
            # rest of the cluster is their context. The cluster section
            # (coverage, orphans) describes the whole cluster, which a
            # page run does not check, so it is left out. Page runs
            # check a few pages and stay in this process.
            if only:
                parts = (
                    page_report(pillar=pillar, page_ids=only, version=state, config=overrides)
                    for pillar in pillars
                )
            else:
                parts = cluster_reports(pillars=pillars, version=state, config=overrides, workers=workers)
            for n, part in enumerate(parts):
                if n:
                    # Each entry is read once, by its own cluster: with a second
                    # cluster they are only memory (all 20,000 pages' of a large
                    # run). A one-cluster run keeps them, as it always did: a
                    # second run in this process (`revalidate_unchanged`) reads
                    # them without unpickling them from the shared cache.
                    release_process_layer()
                # What the reporters read, not the documents: a run keeps every
                # page's result until it renders (validators/reporters/compact.py).
                part = reported(part)
                report.pages += part.pages
                report.clusters += part.clusters
                bar.advance(len(part.pages))
        return report
