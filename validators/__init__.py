"""Framework-free content validation for cluster pages.

Modelled on Django's system checks: small registered check functions return
typed findings with stable IDs (see docs/checks.md). Nothing in this package
imports Django or Wagtail; `cluster/` adapts pages into `PageDocument`s.

    from validators import validate_cluster
    report = validate_cluster(docs, cluster_map, page_states)
    report.fails_at("error")
"""

from .config import ENGINE_VERSION, resolve, validate_overrides
from .document import ClusterMap, PageDocument, ValidationContext
from .engine import validate, validate_cluster, validate_page
from .findings import (
    ERROR,
    WARNING,
    ClusterResult,
    EdgeResult,
    Finding,
    Location,
    PageResult,
    Report,
)
from .offline import ensure_offline_textstat
from .registry import register, registered_checks

__all__ = [
    "ENGINE_VERSION",
    "ERROR",
    "WARNING",
    "ClusterMap",
    "ClusterResult",
    "EdgeResult",
    "Finding",
    "Location",
    "PageDocument",
    "PageResult",
    "Report",
    "ValidationContext",
    "ensure_offline_textstat",
    "register",
    "registered_checks",
    "resolve",
    "validate",
    "validate_cluster",
    "validate_overrides",
    "validate_page",
]
