from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page

from cluster.content_io.exporter import source_from_page
from cluster.content_io.formats import FormatError, parse_file, render_markdown
from cluster.content_io.importer import ImportFailed, import_sources
from cluster.gate.rules import PublicationBlocked, publish_together

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
TYPE_ORDER = {"pillar": 0, "topic": 1, "page": 2}


def demo_sources():
    sources = [parse_file(path, path.read_bytes(), "markdown") for path in sorted(DEMO_DIR.glob("*.md"))]
    return sorted(sources, key=lambda s: TYPE_ORDER.get(s.type, 3))


def is_current(source) -> bool:
    page = Page.objects.filter(slug=source.slug).first()
    if page is None or not page.live or page.has_unpublished_changes:
        return False
    return render_markdown(source_from_page(page)) == render_markdown(source)


class Command(BaseCommand):
    help = "Create or refresh the published Intimacy demo cluster. Running it again changes nothing."

    def handle(self, **options):
        try:
            sources = demo_sources()
            stale = [s for s in sources if not is_current(s)]
            if not stale:
                self.stdout.write("Demo content is up to date; nothing changed.")
                return
            with transaction.atomic():
                results = import_sources(stale, update=True)
                publish_together(revisions=[r.revision for r in results])
        except (FormatError, ImportFailed, PublicationBlocked) as exc:
            raise CommandError(str(exc)) from None
        created = sum(1 for r in results if r.created)
        self.stdout.write(
            f"Demo cluster loaded: {created} pages created, {len(results) - created} updated, "
            f"{len(sources) - len(stale)} already current."
        )
