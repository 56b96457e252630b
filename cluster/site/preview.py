"""The admin's page preview: the headless front end when there is one, the CMS's templates otherwise.

wagtail-headless-preview makes Preview open the front end in the preview pane
(docs/api.md, "Draft preview"). Without `HEADLESS_PREVIEW_URL` there is no
front end to open (a fresh machine after `make run`): the pane would show a
connection error, so the preview renders the page with this project's own
HTML templates instead, as Wagtail does by default. The draft-preview API
works either way.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin


class ClusterPreviewMixin(HeadlessPreviewMixin):
    def serve_preview(self, request, mode_name):
        if settings.CLUSTER_HEADLESS_PREVIEW:
            return super().serve_preview(request, mode_name)
        return Page.serve_preview(self, request, mode_name)
