"""Validation status of cluster pages, draft and live: the listing column, Status panel and dashboard.

Read from the whole-cluster reports of the validation service
(`cluster_report`, one draft and one live report per pillar), so the counts
are the ones Cluster health, the API and `validate_content` show. Pages are
batched by pillar: a listing of 50 topics of one cluster costs two reports,
about a dozen queries, however many rows it shows. The documents and
page-local findings behind a report are cached by content (caches.py), so a
second listing reads no revision again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from cluster.models import PillarPage, TopicPage
from cluster.validation.service import cluster_report
from validators.document import DRAFT, LIVE, PRIVATE

VERSIONS = (DRAFT, LIVE)
VISIBLE = (LIVE, PRIVATE)
CLUSTER_MODELS = (PillarPage, TopicPage)  # published: the site serves a live version


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@dataclass(frozen=True)
class VersionStatus:
    """One version of one page, as the report judged it."""

    version: str  # "draft" or "live"
    errors: int
    warnings: int

    @property
    def passes(self) -> bool:
        return self.errors == 0

    @property
    def text(self) -> str:
        """ "Passes", "Passes, 1 warning" or "2 errors, 1 warning": words, never colour alone."""
        if self.passes:
            return "Passes" + (f", {_plural(self.warnings, 'warning')}" if self.warnings else "")
        return f"{_plural(self.errors, 'error')}, {_plural(self.warnings, 'warning')}"


@dataclass(frozen=True)
class PageValidation:
    """A cluster page's status for its draft (latest revision) and its live version."""

    page_id: int
    title: str
    draft: VersionStatus
    live: VersionStatus | None  # None: the page has no live version ("not live")

    @property
    def failing(self) -> list[VersionStatus]:
        return [s for s in (self.draft, self.live) if s is not None and not s.passes]

    @property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.page_id])


def cluster_statuses(*, pillar: PillarPage) -> dict[int, PageValidation]:
    """Every page of the pillar's cluster, by id, in tree order (pillar first)."""
    reports = {v: cluster_report(pillar=pillar, version=v) for v in VERSIONS}
    results = {v: {r.document.id: r for r in reports[v].pages} for v in VERSIONS}
    # The live report looked up every member's publishing state.
    states = reports[LIVE].clusters[0].page_states
    statuses = {}
    for page_id, draft in results[DRAFT].items():
        live = results[LIVE].get(page_id)
        statuses[page_id] = PageValidation(
            page_id=page_id,
            title=draft.document.title,
            draft=_version(DRAFT, draft),
            live=_version(LIVE, live) if live and states.get(page_id) in VISIBLE else None,
        )
    return statuses


def _version(version: str, result) -> VersionStatus:
    return VersionStatus(version=version, errors=len(result.errors), warnings=len(result.warnings))


def page_statuses(*, pages) -> dict[int, PageValidation]:
    """The status of each pillar and topic page among `pages` (any Page rows); others are left out.

    One query finds the pillars; then two reports per distinct pillar.
    """
    pillar_paths = {p.id: _pillar_path(p) for p in pages if p.pk and p.specific_class in CLUSTER_MODELS}
    pillars = PillarPage.objects.filter(path__in=set(pillar_paths.values())).order_by("path")
    statuses = {}
    for pillar in pillars:
        wanted = {pid for pid, path in pillar_paths.items() if path == pillar.path}
        statuses.update({pid: s for pid, s in cluster_statuses(pillar=pillar).items() if pid in wanted})
    return statuses


def _pillar_path(page) -> str:
    return page.path if page.specific_class is PillarPage else page.path[: -page.steplen]


def draft_result(*, page):
    """The page's result (findings, metrics) in its cluster's draft report, or None outside a cluster.

    The draft is the page's latest saved revision: the version the listing's
    "Draft" status describes.
    """
    if not page.pk or page.specific_class not in CLUSTER_MODELS:
        return None
    pillar = PillarPage.objects.filter(path=_pillar_path(page)).first()
    if pillar is None:
        return None
    report = cluster_report(pillar=pillar, version=DRAFT)
    return next((r for r in report.pages if r.document.id == page.pk), None)


def pages_needing_attention() -> list[tuple[PillarPage, list[PageValidation]]]:
    """Every cluster with a failing page: (pillar, [failing pages in tree order]), clusters in tree order."""
    found = []
    for pillar in PillarPage.objects.order_by("path"):
        failing = [s for s in cluster_statuses(pillar=pillar).values() if s.failing]
        if failing:
            found.append((pillar, failing))
    return found


def page_status(*, page) -> PageValidation | None:
    """One page's status (the Status side panel); None for a page outside any cluster."""
    return page_statuses(pages=[page]).get(page.pk)
