"""Write the site's clusters and top pages as a content tree; only files whose text changed are written."""

from pathlib import Path

from django.core.management.base import BaseCommand

from cluster.content_io.formats import FormatError
from cluster.content_io.importer import ImportFailed
from cluster.content_io.tree_export import pages_outside, tree_of, write_changed

BAD_INPUT = 2
LISTED = 10  # pages with no place in the tree named one by one; the rest are counted


class Command(BaseCommand):
    help = (
        "Export every cluster to DIR as <pillar>/index.md and <pillar>/<page>.md, and the home page's "
        "content pages as <page>.md (latest revisions). "
        "Files whose text is unchanged are not rewritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, directory, verbosity=1, **options):
        root = Path(directory)
        try:
            files = tree_of(root)
            written = write_changed(files)
        except (FormatError, ImportFailed) as exc:  # a bad file in DIR; two pages, one file
            self.stderr.write(str(exc))
            raise SystemExit(BAD_INPUT) from None
        except OSError as exc:
            self.stderr.write(f"{exc.filename or directory}: cannot write: {exc.strerror}")
            raise SystemExit(BAD_INPUT) from None
        if verbosity:
            self.stdout.write(
                f"Exported {len(files)} pages to {directory}: {len(written)} written, "
                f"{len(files) - len(written)} unchanged."
            )
            self._report_outside(pages_outside(files))

    def _report_outside(self, pages) -> None:
        if not pages:
            return
        named = ", ".join(f"{url_path!r} (id {pk})" for pk, url_path in pages[:LISTED])
        more = f" and {len(pages) - LISTED} more" if len(pages) > LISTED else ""
        noun = "page has" if len(pages) == 1 else "pages have"
        self.stdout.write(
            self.style.WARNING(f"Not exported: {len(pages)} {noun} no place in the tree: {named}{more}.")
        )
