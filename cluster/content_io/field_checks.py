"""Checks of an imported page's fields before anything is saved, each named by its line.

Without them a too-long title, an invalid slug or an unknown language would
reach the model or the database, which answer with a bare ValidationError
(or, on PostgreSQL, a DataError) that names no line.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.text import slugify
from wagtail.models import Page

from cluster.content_io.formats import FormatError, SourcePage
from cluster.models import LANGUAGE_CHOICES


def _allow_unicode() -> bool:
    return getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)


def slug_for(source: SourcePage) -> str:
    """The page's slug: the one given, or Wagtail's own rule applied to the title."""
    return source.slug or slugify(source.title, allow_unicode=_allow_unicode())[:255]


def _slug_problems(source: SourcePage) -> list:
    slug = slug_for(source)
    if not source.slug:
        if slug:
            return []
        return [
            (source.line_of("title"), "the title gives an empty slug (no letters or digits): add a 'slug'")
        ]
    try:
        Page._meta.get_field("slug").run_validators(slug)
        if not _allow_unicode() and not slug.isascii():
            raise ValidationError("use only ASCII letters, digits, hyphens and underscores")
    except ValidationError as exc:
        return [(source.line_of("slug"), f"slug {slug[:60]!r} is not valid: {' '.join(exc.messages)}")]
    return []


def _length_problems(source: SourcePage, model) -> list:
    problems = []
    for name in ("title", "seo_title", "focus_keyphrase", "category"):
        value = getattr(source, name)
        limit = getattr(_field(model, name), "max_length", None)
        if limit and len(value) > limit:
            problems.append(
                (source.line_of(name), f"{name} is {len(value)} characters long; the limit is {limit}")
            )
    return problems


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # content pages have no category
        return None


def check_fields(source: SourcePage, model):
    """Problems the model or the database would only raise without a line, named by line."""
    problems = _slug_problems(source) + _length_problems(source, model)
    if source.type in ("pillar", "topic"):
        problems += _cluster_field_problems(source)
    if problems:
        raise FormatError(source.path, problems)


def _cluster_field_problems(source: SourcePage) -> list:
    problems = []
    if not source.category.strip():
        line = source.line_of("category")
        problems.append((line, "missing category: pillar and topic pages need one"))
    languages = [code for code, _ in LANGUAGE_CHOICES]
    if source.language not in languages:
        problems.append(
            (
                source.line_of("language"),
                f"unknown language {source.language!r}: use one of {', '.join(languages)}",
            )
        )
    return problems
