"""Thresholds for every check, per page type, and validation of overrides.

Overrides come from settings (the Django side turns `validate_overrides`
problems into system-check errors at startup). Shape:

    {"faq_min_items": 4, "topic": {"faq_min_items": 2}}

Top-level keys apply to every page type; a "pillar" or "topic" sub-dict
applies to that type only and wins over the top-level value.
"""

from __future__ import annotations

import math
from copy import deepcopy
from functools import cache

from .document import PILLAR, TOPIC

# Bump whenever check logic or defaults change: cached results key on it, so a
# new version re-validates every page instead of serving stale verdicts.
ENGINE_VERSION = "1.4.0"  # 1.4.0: the seo family (seo.W001-W010)
# 1.3.0: passive voice and transition words (readability.W009-W011)
# 1.2.0: readability verdicts of issue 15 (splitting, same start, hardest); links.E007
# 1.1.0: messages in plain words, pages named by title

_COMMON: dict[str, int | float] = {
    # FAQ
    "faq_min_items": 3,
    "faq_question_max_words": 25,
    "faq_answer_min_words": 30,
    "faq_answer_max_words": 300,
    "faq_lead_answer_max_words": 80,
    # Share of the answer's distinct words that also occur in the question
    # at or above which the answer "merely repeats" it.
    "faq_repeat_overlap": 0.8,
    # Near-duplicate questions: token Jaccard OR difflib ratio at/above these.
    "faq_duplicate_jaccard": 0.8,
    "faq_duplicate_ratio": 0.9,
    # Readability: below this many prose words FRE/FK are too noisy to judge.
    "readability_min_words": 100,
    "fre_warn": 50.0,
    "fre_error": 25.0,
    "fk_warn": 10.0,
    "fk_error": 16.0,
    "long_sentence_words": 20,
    "long_sentence_share_warn": 0.20,
    "long_sentence_share_error": 0.40,
    "sentence_words_warn": 35,
    "sentence_words_error": 60,
    "paragraph_words_warn": 150,
    "paragraph_words_error": 300,
    "section_words_warn": 400,
    "section_words_error": 800,
    "same_start_run": 3,
    # English only (validators.style): warn when more sentences than this are
    # passive, and when fewer than this contain a transition word.
    "passive_share_warn": 0.10,
    "transition_share_warn": 0.30,
    # SEO: the <title> (seo_title, else title) and the meta description, in
    # characters, after what search results usually show in full.
    "seo_title_max_chars": 60,
    "search_description_min_chars": 120,
    "search_description_max_chars": 160,
    # Two focus keyphrases are "the same" at this Jaccard index of their
    # stemmed word sets (seo.W008, seo.W009).
    "keyphrase_duplicate_jaccard": 0.8,
}

DEFAULTS: dict[str, dict[str, int | float]] = {
    # A pillar is the cluster's hub and answers more of the broad questions.
    PILLAR: {**_COMMON, "faq_min_items": 5},
    TOPIC: dict(_COMMON),
}

PAGE_TYPES = tuple(DEFAULTS)

# Keys that are fractions must lie in [0, 1].
_RATIO_KEYS = frozenset(
    {
        "faq_repeat_overlap",
        "faq_duplicate_jaccard",
        "faq_duplicate_ratio",
        "long_sentence_share_warn",
        "long_sentence_share_error",
        "passive_share_warn",
        "transition_share_warn",
        "keyphrase_duplicate_jaccard",
    }
)


def _type_problem(key: str, value: object) -> str | None:
    expected = type(_COMMON[key])
    # bool is an int subclass; True is never a sensible threshold.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"'{key}' must be a number, got {type(value).__name__} {value!r}"
    if not math.isfinite(value):
        return f"'{key}' must be a finite number, got {value!r}"
    if expected is int and not isinstance(value, int):
        return f"'{key}' must be a whole number, got {value!r}"
    if value < 0:
        return f"'{key}' must not be negative, got {value!r}"
    if key in _RATIO_KEYS and value > 1:
        return f"'{key}' is a fraction and must be between 0 and 1, got {value!r}"
    return None


# (warning, error) pairs. For most the error threshold is the higher one; for
# Flesch reading ease (higher is easier) it is the lower one.
_HIGHER_IS_WORSE = (
    ("fk_warn", "fk_error"),
    ("long_sentence_share_warn", "long_sentence_share_error"),
    ("sentence_words_warn", "sentence_words_error"),
    ("paragraph_words_warn", "paragraph_words_error"),
    ("section_words_warn", "section_words_error"),
)
_LOWER_IS_WORSE = (("fre_warn", "fre_error"),)


def _order_problems(values: dict, where: str) -> list[str]:
    """A warning must trip before its error: otherwise the warning can never show."""
    problems = []
    for warn, error in _HIGHER_IS_WORSE:
        if values[warn] > values[error]:
            problems.append(
                f"{where}'{warn}' ({values[warn]!r}) is looser than '{error}' ({values[error]!r}): "
                "the warning threshold must not be above the error threshold"
            )
    for warn, error in _LOWER_IS_WORSE:
        if values[warn] < values[error]:
            problems.append(
                f"{where}'{warn}' ({values[warn]!r}) is looser than '{error}' ({values[error]!r}): "
                "the warning threshold must not be below the error threshold"
            )
    return problems


def _check_flat(values: dict, where: str) -> list[str]:
    problems = []
    for key, value in values.items():
        if key not in _COMMON:
            known = ", ".join(sorted(_COMMON))
            problems.append(f"{where}unknown threshold '{key}' (known: {known})")
            continue
        problem = _type_problem(key, value)
        if problem:
            problems.append(where + problem)
    return problems


def validate_overrides(overrides: object) -> list[str]:
    """Human-readable problems with an overrides dict; [] when it is valid."""
    if overrides is None:
        return []
    if not isinstance(overrides, dict):
        return [f"overrides must be a dict, got {type(overrides).__name__}"]
    problems = []
    flat = {}
    for key, value in overrides.items():
        if not isinstance(key, str):
            problems.append(f"override keys must be strings, got {key!r}")
        elif key in PAGE_TYPES:
            if isinstance(value, dict):
                problems.extend(_check_flat(value, f"{key}: "))
            else:
                problems.append(f"'{key}' must be a dict of thresholds, got {type(value).__name__}")
        elif isinstance(value, dict):
            types = ", ".join(PAGE_TYPES)
            problems.append(f"unknown page type '{key}' (known: {types})")
        else:
            flat[key] = value
    problems += _check_flat(flat, "")
    if problems:
        return problems
    for page_type in PAGE_TYPES:
        merged = {**DEFAULTS[page_type], **flat, **overrides.get(page_type, {})}
        problems += _order_problems(merged, f"{page_type}: ")
    return problems


def resolve(page_type: str, overrides: dict | None = None) -> dict:
    """Thresholds for one page type with overrides applied.

    Raises ValueError for an unknown page type or invalid overrides: a bad
    configuration must fail loudly, not silently validate with defaults.
    """
    if page_type not in DEFAULTS:
        raise ValueError(f"unknown page type {page_type!r} (known: {', '.join(PAGE_TYPES)})")
    problems = validate_overrides(overrides)
    if problems:
        raise ValueError("invalid validator overrides: " + "; ".join(problems))
    result = deepcopy(DEFAULTS[page_type])
    for key, value in (overrides or {}).items():
        if key not in PAGE_TYPES:
            result[key] = value
    result.update((overrides or {}).get(page_type, {}))
    return result


def for_page(page_type: object, given: dict | None = None) -> dict:
    """Thresholds a check uses for one page.

    Unknown page types get topic thresholds (the type comes from stored data
    the editor cannot fix from the check). A hand-built partial `given`
    config is laid over the defaults, so a missing key never crashes a check.
    """
    defaults = _defaults(page_type if page_type in PAGE_TYPES else TOPIC)
    return {**defaults, **given} if given else dict(defaults)


@cache
def _defaults(page_type: str) -> dict:
    # Every check asks for its page's thresholds; resolving (a deep copy) per
    # call was a measurable share of a 2,000-page run. Callers get a copy.
    return resolve(page_type)
