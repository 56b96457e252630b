"""Django system checks for this app's settings.

A bad `CLUSTER_VALIDATION` override must surface in `manage.py check` (and so
at start-up and in CI), never as a crash when an editor presses Publish.
"""

from django.conf import settings
from django.core.checks import Error, register

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
