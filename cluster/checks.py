"""Django system checks for this app's settings.

A bad `CLUSTER_VALIDATION` override must surface in `manage.py check` (and so
at start-up and in CI), never as a crash when an editor presses Publish; a bad
`PUBLIC_BASE_URL` or `WAGTAILAPI_BASE_URL` never as wrong links in every page.
"""

from django.conf import settings
from django.core.checks import Error, register

from cluster.stored.public_urls import base_url_problem
from validators.config import validate_overrides


@register()
def check_validation_settings(app_configs, **kwargs):
    overrides = getattr(settings, "CLUSTER_VALIDATION", {})
    return [
        Error(
            f"CLUSTER_VALIDATION: {problem}",
            hint="See docs/checks.md#thresholds for the keys and their types.",
            obj="settings.CLUSTER_VALIDATION",
            id="cluster.E001",
        )
        for problem in validate_overrides(overrides)
    ]


@register()
def check_base_urls(app_configs, **kwargs):
    # A bad base URL would otherwise surface as wrong links in every page and response.
    return [
        Error(
            f"{name}: {problem}",
            hint=f"Set {name} to an origin such as https://www.example.org, or unset it (docs/api.md#urls).",
            obj=f"settings.{name}",
            id=check_id,
        )
        for name, check_id in (("PUBLIC_BASE_URL", "cluster.E002"), ("WAGTAILAPI_BASE_URL", "cluster.E003"))
        if (problem := base_url_problem(str(getattr(settings, name, "") or "")))
    ]
