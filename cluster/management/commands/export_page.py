from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from cluster.content_io.exporter import export_page


class Command(BaseCommand):
    help = "Print a page's latest revision in the plain-text or Markdown format."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", choices=["text", "markdown"], default="text", dest="fmt")

    def handle(self, slug, fmt, **options):
        pages = list(Page.objects.filter(slug=slug)[:2])
        if not pages:
            raise CommandError(f"no page with slug {slug!r}")
        if len(pages) > 1:
            raise CommandError(f"slug {slug!r} is ambiguous: more than one page uses it")
        self.stdout.write(export_page(pages[0], fmt), ending="")
