"""The few views of the project itself (the rest belong to Wagtail, the API and `cluster`)."""

from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.views.decorators.http import require_safe


@cache
def _favicon() -> bytes:
    return Path(finders.find("cluster/favicon.svg")).read_bytes()


@require_safe
def favicon(request):
    """The site's icon where browsers look for it, without depending on static file serving."""
    response = HttpResponse(_favicon(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
