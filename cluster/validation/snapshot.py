"""Plain snapshots of cluster pages in one version (draft or live), loaded in bulk.

The cluster map and the validation service only need a page's identity, its stream data
and its declared links. Reading those straight from the live rows or from the
latest revisions' JSON keeps loading a whole cluster to a constant number of
queries; `Page.with_content_json` would cost several queries per page.
"""

from __future__ import annotations

from dataclasses import dataclass

from cluster.models import PillarPage, TopicPage
from cluster.stored.reader import stored_body
from cluster.validation.states import UNSAVED_ID


@dataclass(frozen=True)
class PageSnapshot:
    id: int
    kind: str  # "pillar" or "topic"
    slug: str
    title: str
    url_path: str
    language: str
    required_questions: tuple[str, ...]
    raw_body: tuple
    related: tuple[tuple[int, bool], ...] = ()  # (target id, required)
    adjacent: tuple[int, ...] = ()
    # What search engines show and what the page targets (the seo checks).
    seo_title: str = ""
    search_description: str = ""
    focus_keyphrase: str = ""

    @property
    def hashed_fields(self) -> list:
        """The page's fields besides its body that the checks read (content hashes cover them)."""
        return [
            self.kind,
            self.slug,
            self.title,
            self.language,
            self.required_questions,
            self.seo_title,
            self.search_description,
            self.focus_keyphrase,
        ]


def _questions(text) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _kind(page) -> str:
    return "pillar" if isinstance(page, PillarPage) else "topic"


def snapshot_of(page) -> PageSnapshot:
    """A page instance as it is in memory (a live row, or the editor's unsaved form)."""
    related = page.related_topics.all() if isinstance(page, TopicPage) else ()
    adjacent = page.adjacent_clusters.all() if isinstance(page, PillarPage) else ()
    return PageSnapshot(
        id=page.id or UNSAVED_ID,
        kind=_kind(page),
        slug=page.slug,
        title=page.title,
        url_path=page.url_path or "",
        language=page.language or "en",
        required_questions=_questions(page.required_questions),
        raw_body=tuple(page.body.raw_data),
        related=tuple((r.target_id, r.required) for r in related),
        adjacent=tuple(a.target_id for a in adjacent),
        seo_title=page.seo_title or "",
        search_description=page.search_description or "",
        focus_keyphrase=getattr(page, "focus_keyphrase", "") or "",
    )


def snapshot_of_revision(page_id: int, kind: str, url_path: str, content: dict) -> PageSnapshot:
    """A revision's content, placed at the page's current position in the tree."""
    return PageSnapshot(
        id=page_id,
        kind=kind,
        slug=content.get("slug", ""),
        title=content.get("title", ""),
        url_path=url_path,
        language=content.get("language") or "en",
        required_questions=_questions(content.get("required_questions")),
        raw_body=tuple(stored_body(content.get("body"))),
        related=tuple((r.get("target"), r.get("required", True)) for r in content.get("related_topics", [])),
        adjacent=tuple(a.get("target") for a in content.get("adjacent_clusters", [])),
        seo_title=content.get("seo_title") or "",
        search_description=content.get("search_description") or "",
        focus_keyphrase=content.get("focus_keyphrase") or "",
    )
