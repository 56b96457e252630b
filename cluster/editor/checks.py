"""Our findings in Wagtail's Checks side panel (the glasses icon) and the Status side panel.

Wagtail's Checks panel measures the page shown in the preview (words,
reading time, readability, accessibility); the override of its template
(templates/wagtailadmin/shared/side_panels/checks.html) adds this project's
findings for the saved draft below Wagtail's issues, with their places and
hints, and a button that opens the live-updating "Validation report"
preview mode. The Status panel gets the draft and live status line.
"""

from __future__ import annotations

from wagtail.models import Page

from cluster.editor.panels import finding_rows
from cluster.editor.status import draft_result, page_status
from cluster.models import VALIDATION_PREVIEW_MODE


def checks_panel_context(*, page) -> dict | None:
    """The Checks panel's cluster section for a saved cluster page, or None (any other object)."""
    if not isinstance(page, Page):
        return None
    result = draft_result(page=page)
    if result is None:
        return None
    doc = result.document
    return {
        "status": page_status(page=page),
        "errors": finding_rows(doc, result.errors),
        "warnings": finding_rows(doc, result.warnings),
        "preview_mode": VALIDATION_PREVIEW_MODE,
    }


def status_panel_context(*, page) -> dict | None:
    """The Status panel's validation line (draft and live), or None for anything but a saved cluster page."""
    if not isinstance(page, Page) or not page.pk:
        return None
    status = page_status(page=page)
    return {"status": status} if status else None
