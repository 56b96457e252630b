"""Thresholds per page type, overrides and their validation, the registry."""

from __future__ import annotations

import pytest

from validators import config, registered_checks
from validators.document import PILLAR, TOPIC
from validators.registry import families


def test_defaults_differ_only_where_page_types_differ():
    pillar, topic = config.DEFAULTS[PILLAR], config.DEFAULTS[TOPIC]
    assert set(pillar) == set(topic)
    assert {k for k in pillar if pillar[k] != topic[k]} == {"faq_min_items"}
    assert (pillar["faq_min_items"], topic["faq_min_items"]) == (5, 3)


def test_resolve_applies_global_then_per_type_overrides():
    overrides = {"faq_min_items": 4, "fre_warn": 45, "topic": {"faq_min_items": 2}}
    assert config.resolve(PILLAR, overrides)["faq_min_items"] == 4
    assert config.resolve(TOPIC, overrides)["faq_min_items"] == 2
    assert config.resolve(TOPIC, overrides)["fre_warn"] == 45
    assert config.resolve(TOPIC)["fre_warn"] == 50.0
    # Resolving never mutates the defaults.
    assert config.DEFAULTS[TOPIC]["faq_min_items"] == 3


def test_validate_overrides_accepts_valid_shapes():
    assert config.validate_overrides(None) == []
    assert config.validate_overrides({}) == []
    assert config.validate_overrides({"fre_warn": 45, "pillar": {"fk_error": 15.5}}) == []


def test_validate_overrides_reports_every_problem():
    problems = config.validate_overrides(
        {
            "faq_min_itmes": 4,
            "fre_warn": "fifty",
            "faq_min_items": 2.5,
            "sentence_words_error": True,
            "faq_repeat_overlap": 1.5,
            "paragraph_words_warn": -1,
            "landing": {"faq_min_items": 2},
            "topic": {"nope": 1},
            "pillar": 3,
        }
    )
    assert len(problems) == 9
    joined = "\n".join(problems)
    for fragment in (
        "unknown threshold 'faq_min_itmes'",
        "'fre_warn' must be a number",
        "'faq_min_items' must be a whole number",
        "'sentence_words_error' must be a number, got bool",
        "'faq_repeat_overlap' is a fraction",
        "'paragraph_words_warn' must not be negative",
        "unknown page type 'landing'",
        "topic: unknown threshold 'nope'",
        "'pillar' must be a dict",
    ):
        assert fragment in joined
    assert config.validate_overrides(["faq_min_items"]) == ["overrides must be a dict, got list"]


def test_nan_and_infinite_thresholds_are_problems():
    assert config.validate_overrides({"fre_warn": float("nan"), "topic": {"fk_error": float("inf")}}) == [
        "topic: 'fk_error' must be a finite number, got inf",
        "'fre_warn' must be a finite number, got nan",
    ]


def test_a_warning_threshold_looser_than_its_error_is_a_problem():
    assert config.validate_overrides({"fk_warn": 17, "topic": {"fre_warn": 20}}) == [
        "pillar: 'fk_warn' (17) is looser than 'fk_error' (16.0): "
        "the warning threshold must not be above the error threshold",
        "topic: 'fk_warn' (17) is looser than 'fk_error' (16.0): "
        "the warning threshold must not be above the error threshold",
        "topic: 'fre_warn' (20) is looser than 'fre_error' (25.0): "
        "the warning threshold must not be below the error threshold",
    ]
    # Equal thresholds are allowed: the error wins where both trip.
    assert config.validate_overrides({"sentence_words_warn": 60}) == []


def test_resolve_rejects_bad_input_loudly():
    with pytest.raises(ValueError, match="unknown page type"):
        config.resolve("landing")
    with pytest.raises(ValueError, match="unknown threshold"):
        config.resolve(TOPIC, {"typo": 1})


def test_engine_version_is_a_string():
    assert isinstance(config.ENGINE_VERSION, str) and config.ENGINE_VERSION


def test_registry_lists_families_and_filters():
    assert families() == ["faq", "links", "readability", "seo"]
    assert all(fn.family == "faq" for fn in registered_checks(["faq"]))
    assert len(registered_checks()) == sum(
        len(registered_checks([f])) for f in ("faq", "links", "readability", "seo")
    )
    assert registered_checks(["nope"]) == []


def test_for_page_fills_partial_configs_and_unknown_types():
    assert config.for_page("landing") == config.resolve(TOPIC)
    partial = config.for_page(PILLAR, {"fre_warn": 40})
    assert partial["fre_warn"] == 40 and partial["faq_min_items"] == 5
