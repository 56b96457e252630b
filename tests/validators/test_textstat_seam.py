"""The textstat internals the validators rely on are still there (validators/textstat_seam.py).

textstat's backend is private: an upgrade may move any of it. When one of
these tests fails, the message names what changed and the module to update.
"""

from __future__ import annotations

import importlib
import importlib.metadata

import pytest

from validators import offline, textstat_seam

TEXTSTAT = importlib.metadata.version("textstat")


def test_every_internal_the_seam_relies_on_is_there():
    problems = textstat_seam.check_seam()
    assert problems == [], "\n".join(problems)
    offline.ensure_offline_textstat()  # and still so once the offline patch is in place
    problems = textstat_seam.check_seam()
    assert problems == [], "\n".join(problems)


# Every textstat (or pyphen) name the seam reads or patches.
RELIED_ON = [
    ("textstat.backend.counts._count_syllables", "get_cmudict"),
    ("textstat.backend.utils._get_cmudict", "get_cmudict"),
    ("textstat.backend.utils", "get_cmudict"),
    ("textstat.backend.counts._count_syllables", "count_syllables"),
    ("textstat.backend.counts._count_syllables", "get_pyphen"),
    ("textstat.backend.utils._get_pyphen", "get_pyphen"),
    ("textstat.backend.utils", "get_lang_cfg"),
    ("textstat.backend.utils.constants", "RE_NONCONTRACTION_APOSTROPHE"),
    ("pyphen", "hdcache"),
]


@pytest.mark.parametrize(("module", "name"), RELIED_ON, ids=[f"{m}.{n}" for m, n in RELIED_ON])
def test_a_missing_internal_is_reported_with_what_to_update(monkeypatch, module, name):
    monkeypatch.delattr(importlib.import_module(module), name)
    problems = textstat_seam.check_seam()
    dist = module.split(".")[0]
    version = TEXTSTAT if dist == "textstat" else importlib.metadata.version(dist)
    expected = f"{dist} {version} changed {module}.{name}: "
    assert [p for p in problems if p.startswith(expected)], problems
    assert all("in validators/textstat_seam.py must be updated" in p for p in problems), problems


def test_a_module_the_patch_would_miss_is_reported(monkeypatch):
    # A textstat release that imports get_cmudict into one more module would
    # make that module download NLTK data behind the patch's back.
    metrics = importlib.import_module("textstat.backend.metrics._flesch_reading_ease")
    monkeypatch.setattr(metrics, "get_cmudict", lambda lang: None, raising=False)
    assert textstat_seam.check_seam() == [
        f"textstat {TEXTSTAT} changed textstat.backend.metrics._flesch_reading_ease.get_cmudict: "
        "the offline dictionary patch in validators/textstat_seam.py must be updated "
        "(a module the patch does not cover holds it)"
    ]


def test_an_uncached_count_syllables_is_reported(monkeypatch):
    counting = importlib.import_module("textstat.backend.counts._count_syllables")
    monkeypatch.setattr(counting, "count_syllables", counting.count_syllables.__wrapped__)
    [problem] = textstat_seam.check_seam()
    name = "textstat.backend.counts._count_syllables.count_syllables"
    assert problem.startswith(f"textstat {TEXTSTAT} changed {name}: the offline dictionary patch")
    assert "clear_textstat_caches" in problem
