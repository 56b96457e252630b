"""Wagtail's `publish_scheduled`, with the publication gate.

"cluster" comes before "wagtail" in INSTALLED_APPS, so this command wins.
Wagtail's loop publishes each due revision with `revision.publish()`; the gate
would raise on the first failing one and stop the whole run. Here a failing
revision is skipped instead: it stays unpublished (or the live version stays
as it was), the refusal is audit-logged as `cluster.scheduled_publish_blocked`
with the findings, the revision is unscheduled so the next run does not retry
it, and every other due page is still published.
"""

from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

from cluster.gate.rules import collecting_scheduled_refusals


class Command(WagtailCommand):
    help = "Publish scheduled revisions that pass validation, and unpublish expired pages."

    def handle(self, *args, **options):
        with collecting_scheduled_refusals() as refused:
            super().handle(*args, **options)
        for refusal in refused:
            codes = ", ".join(dict.fromkeys(f.id for f in refusal.findings))
            self.stderr.write(f"Not published: {refusal.page.title!r} (id {refusal.page.pk}): {codes}")
