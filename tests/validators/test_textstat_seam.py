"""The textstat internals the validators rely on are still there (validators/textstat_seam.py).

textstat's backend is private: an upgrade may move any of it. When one of
these tests fails, the message names what changed and the module to update.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys
import textwrap
import types

import pytest

from tests.paths import ROOT
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


# --- defer_import: textstat imports nltk, which the validators never use ----------

PROBE = "deferred_probe"


@pytest.fixture
def probe(tmp_path, monkeypatch):
    """A package that appends a line to runs.txt each time its code runs; returns that file."""
    package = tmp_path / PROBE
    package.mkdir()
    (package / "__init__.py").write_text(
        "from pathlib import Path\n"
        "with open(Path(__file__).with_name('runs.txt'), 'a') as runs:\n"
        "    runs.write('ran\\n')\n"
        "VALUE = 42\n"
    )
    (package / "sub.py").write_text(f"from {PROBE} import VALUE\nDOUBLE = 2 * VALUE\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield package / "runs.txt"
    for name in (PROBE, f"{PROBE}.sub"):
        sys.modules.pop(name, None)


def _runs(path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def test_a_deferred_module_runs_on_its_first_use_only(probe):
    textstat_seam.defer_import(PROBE)
    import deferred_probe  # the statement textstat runs for nltk

    assert _runs(probe) == 0
    textstat_seam.clear_textstat_caches()  # looks at every module textstat holds, nltk included
    assert _runs(probe) == 0
    assert deferred_probe.VALUE == 42
    assert deferred_probe.VALUE == 42 and _runs(probe) == 1
    assert type(deferred_probe) is types.ModuleType


def test_importing_a_submodule_runs_the_deferred_package_first(probe):
    textstat_seam.defer_import(PROBE)
    from deferred_probe.sub import DOUBLE

    assert DOUBLE == 84 and _runs(probe) == 1


def test_a_module_already_imported_is_left_as_it_is(probe):
    real = importlib.import_module(PROBE)
    textstat_seam.defer_import(PROBE)
    assert sys.modules[PROBE] is real and _runs(probe) == 1


def test_validation_never_runs_nltk_and_nltk_still_works_after():
    # A clean interpreter: in this one, other tests may have imported nltk already.
    script = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, ".")
        from tests.validators.factories import seed_document
        from validators import validate_page, textstat_seam
        result = validate_page(seed_document())
        assert result.metrics["readability"]["assessed"], result.metrics
        assert textstat_seam.check_seam() == []
        ran = sorted(m for m in sys.modules if m.startswith("nltk"))
        assert ran == ["nltk"], ran
        import nltk
        from nltk.corpus.reader import CMUDictCorpusReader
        assert callable(nltk.download) and "nltk.data" in sys.modules
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
