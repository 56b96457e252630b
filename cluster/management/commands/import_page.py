from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cluster.content_io.formats import FormatError, parse_file
from cluster.content_io.importer import ImportFailed, import_sources


class Command(BaseCommand):
    help = "Import a page from the plain-text or Markdown format as a draft."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--type", choices=["pillar", "topic"], dest="page_type")
        parser.add_argument("--parent", help="Slug or site path of the parent page.")
        parser.add_argument("--slug")
        parser.add_argument("--format", choices=["text", "markdown"], dest="fmt")
        parser.add_argument("--update", action="store_true", help="Replace the draft of an existing page.")
        parser.add_argument("--dry-run", action="store_true", help="Check everything, write nothing.")

    def handle(self, path, page_type, parent, slug, fmt, update, dry_run, **options):
        file = Path(path)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read file: {exc.strerror}") from None
        try:
            source = parse_file(path, data, fmt)
            source.type = page_type or source.type
            source.parent = parent or source.parent
            source.slug = slug or source.slug
            if not source.type:
                raise FormatError(path, [(1, "page type unknown: pass --type pillar or topic")])
            results = import_sources([source], update=update, dry_run=dry_run)
        except (FormatError, ImportFailed) as exc:
            raise CommandError(str(exc)) from None
        result = results[0]
        verb = "Would import" if dry_run else ("Created" if result.created else "Updated draft of")
        self.stdout.write(f"{verb} {source.type} page {result.page.slug!r} (id {result.page.id}).")
