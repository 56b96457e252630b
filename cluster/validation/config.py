"""The project's validation settings, as the engine takes them."""

from __future__ import annotations

from django.conf import settings


def validation_overrides() -> dict:
    """`CLUSTER_VALIDATION`: threshold overrides (docs/checks.md#thresholds); `manage.py check` vets them."""
    return getattr(settings, "CLUSTER_VALIDATION", {}) or {}
