"""The one place the validators reach into textstat's internals.

textstat's public API (`textstat.flesch_reading_ease` and friends) is not
enough for us, and everything else we use from it is private and may move in
any release. Written against textstat 0.7.13 (and pyphen 0.18). We:

- replace `get_cmudict` wherever textstat holds it, so English syllables come
  from our offline copy of the CMU dictionary instead of an NLTK download
  (`validators.offline`);
- empty textstat's LRU caches, so counts made before that patch (or by a
  benchmark's stand-in dictionary) never leak into later ones, and pyphen's
  cache of loaded hyphenation patterns, so benchmarks can start cold;
- count syllables token by token with textstat's own rules and data
  (`validators.metrics`): its non-contraction apostrophe pattern, the
  dictionary and hyphenator its `count_syllables` uses, and its
  per-language Flesch Reading Ease constants;
- let textstat import nltk without running it (`defer_import`): textstat
  uses nltk only in the `get_cmudict` we replace.

`check_seam()` names each of those internals and says which one changed;
tests/validators/test_textstat_seam.py runs it, so a textstat upgrade fails a test rather
than silently downloading NLTK data or counting differently.

textstat is imported inside the functions, never when this module is
imported: importing the validators stays cheap and touches textstat only once
readability is actually measured.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import pkgutil
import re
import sys
import threading
import types

# textstat modules that hold a `get_cmudict` name. The counting module imported
# the function by name, so patching only its home module would not be enough.
CMUDICT_HOLDERS = (
    "textstat.backend.counts._count_syllables",
    "textstat.backend.utils._get_cmudict",
    "textstat.backend.utils",
)
# Where count_syllables lives; it looks get_cmudict and get_pyphen up in its
# module's globals on every call, which is what makes the patch take effect.
_COUNTING = "textstat.backend.counts._count_syllables"
_PYPHEN = "textstat.backend.utils._get_pyphen"
_UTILS = "textstat.backend.utils"
_CONSTANTS = "textstat.backend.utils.constants"
# The Flesch Reading Ease constants, as textstat's LANG_CONFIGS names them.
FRE_KEYS = ("fre_base", "fre_sentence_length", "fre_syll_per_word")

_WHERE = "validators/textstat_seam.py"


def _module(name: str):
    if name not in sys.modules:
        defer_import("nltk")
    return sys.modules.get(name) or importlib.import_module(name)


def defer_import(name: str) -> None:
    """Make the next imports of top-level module `name` give a stand-in, run on first use.

    textstat imports nltk at its top for its own get_cmudict alone, which
    replace_get_cmudict swaps for ours, so the validators never use nltk; yet
    running it (it imports most of its 240 modules) was a tenth of a second of
    CPU in every `validate_content` call. The stand-in runs the module on the
    first name asked of it, or the first import of a submodule, so code that
    does use nltk still gets all of it. (importlib's LazyLoader would not do:
    an `import nltk` statement reads `__spec__`, which makes it load.)
    """
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return  # not installed: the import fails, and says so, as before
    module = importlib.util.module_from_spec(spec)
    # Without __path__, importing a submodule asks the stand-in for it, which runs the package first.
    vars(module).pop("__path__", None)
    module.__class__ = _Deferred
    sys.modules[name] = module


class _Deferred(types.ModuleType):
    """A module not run yet: the first name asked of it that it lacks runs it (see defer_import)."""

    def __getattr__(self, name: str):
        with _deferred_lock:
            if type(self) is _Deferred:
                spec = self.__spec__
                self.__class__ = types.ModuleType
                if spec.submodule_search_locations is not None:
                    self.__path__ = spec.submodule_search_locations
                try:
                    spec.loader.exec_module(self)
                except BaseException:
                    sys.modules.pop(spec.name, None)  # as a failed import leaves it
                    raise
        return getattr(self, name)


_deferred_lock = threading.RLock()


def replace_get_cmudict(replacement) -> None:
    """Make `get_cmudict` be `replacement` in every textstat module that holds it."""
    for name in CMUDICT_HOLDERS:
        module = _module(name)
        if getattr(module, "get_cmudict", None) is not replacement:
            module.get_cmudict = replacement


def clear_textstat_caches() -> None:
    """Empty every LRU cache in textstat's backend.

    textstat memoizes results per text; results computed before the patch (or
    a test's monkeypatching) must not leak into later counts.
    """
    for name, module in list(sys.modules.items()):
        if not name.startswith("textstat") or module is None:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, types.ModuleType):
                continue  # a module holds no cache; asking nltk's stand-in would run it
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def forget_hyphenation_patterns() -> None:
    """Drop pyphen's loaded hyphenation dictionaries; the next use reads the files again."""
    import pyphen

    pyphen.hdcache.clear()


def syllable_sources(lang: str) -> tuple[object, object]:
    """(CMU dictionary or None, pyphen hyphenator): what textstat's count_syllables uses for `lang`."""
    counting = _module(_COUNTING)
    return counting.get_cmudict(lang), counting.get_pyphen(lang)


def noncontraction_apostrophe() -> str:
    """textstat's pattern for apostrophes that are not part of a contraction (it drops those)."""
    from textstat.backend.utils.constants import RE_NONCONTRACTION_APOSTROPHE

    return RE_NONCONTRACTION_APOSTROPHE


def fre_constants(lang_root: str) -> tuple[float, float, float]:
    """textstat's Flesch Reading Ease (base, sentence-length, syllables-per-word) weights."""
    from textstat.backend.utils import get_lang_cfg

    return tuple(get_lang_cfg(lang_root, key) for key in FRE_KEYS)


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"


class _Problems(list):
    """The problems check_seam found, each naming what changed and what to update."""

    def changed(self, name: str, detail: str, used_by: str, dist: str = "textstat") -> None:
        version = _version(dist)
        self.append(f"{dist} {version} changed {name}: {used_by} in {_WHERE} must be updated ({detail})")

    def attribute(self, module_name: str, attr: str, used_by: str):
        """module_name.attr, or None after recording why it is not there."""
        try:
            module = _module(module_name)
        except ImportError as exc:
            self.changed(f"{module_name}.{attr}", f"{module_name} cannot be imported: {exc}", used_by)
            return None
        if not hasattr(module, attr):
            self.changed(f"{module_name}.{attr}", f"{module_name} has no {attr}", used_by)
            return None
        return getattr(module, attr)


_PATCH = "the offline dictionary patch"
_METRICS = "the readability metrics"


def check_seam() -> list[str]:
    """What no longer holds of the textstat (and pyphen) internals used here; [] when all does.

    It never calls get_cmudict: unpatched, textstat's own would download NLTK data.
    """
    problems = _Problems()
    for name in CMUDICT_HOLDERS:
        if (value := problems.attribute(name, "get_cmudict", _PATCH)) is not None and not callable(value):
            problems.changed(f"{name}.get_cmudict", "it is no longer a function", _PATCH)
    _check_counting(problems)
    _check_other_holders(problems)
    _check_metrics(problems)
    import pyphen

    if not isinstance(getattr(pyphen, "hdcache", None), dict):
        problems.changed(
            "pyphen.hdcache", "no longer a dict of loaded patterns", "forget_hyphenation_patterns", "pyphen"
        )
    return list(problems)


def _check_counting(problems: _Problems) -> None:
    """count_syllables must read get_cmudict and get_pyphen from its module on each call, and be clearable."""
    count = problems.attribute(_COUNTING, "count_syllables", _PATCH)
    if count is None:
        return
    if not callable(getattr(count, "cache_clear", None)):
        problems.changed(
            f"{_COUNTING}.count_syllables", "no longer an LRU cache clear_textstat_caches can empty", _PATCH
        )
    function = getattr(count, "__wrapped__", count)
    code = getattr(function, "__code__", None)
    reads_module = code is not None and function.__globals__ is vars(_module(_COUNTING))
    for name in ("get_cmudict", "get_pyphen"):
        if not reads_module or name not in code.co_names:
            detail = f"it no longer looks {name} up in its module"
            problems.changed(f"{_COUNTING}.count_syllables", detail, _PATCH)


def _check_other_holders(problems: _Problems) -> None:
    """No textstat module but CMUDICT_HOLDERS may hold get_cmudict: the patch would miss it."""
    try:
        package = importlib.import_module("textstat")
    except ImportError as exc:
        problems.changed("textstat", f"it cannot be imported: {exc}", _PATCH)
        return
    for info in pkgutil.walk_packages(package.__path__, "textstat."):
        try:
            module = _module(info.name)
        except Exception:  # a module textstat itself cannot import; nothing of ours reads it
            continue
        if info.name not in CMUDICT_HOLDERS and hasattr(module, "get_cmudict"):
            problems.changed(f"{info.name}.get_cmudict", "a module the patch does not cover holds it", _PATCH)


def _check_metrics(problems: _Problems) -> None:
    get_pyphen = problems.attribute(_PYPHEN, "get_pyphen", _METRICS)
    if get_pyphen is not None:
        try:
            hyphenator = get_pyphen("en")
        except Exception as exc:
            hyphenator = exc
        if not callable(getattr(hyphenator, "positions", None)):
            detail = f"get_pyphen('en') gave {hyphenator!r}, which has no positions()"
            problems.changed(f"{_PYPHEN}.get_pyphen", detail, _METRICS)
    problems.attribute(_COUNTING, "get_pyphen", _METRICS)  # where syllable_sources reads it
    pattern = problems.attribute(_CONSTANTS, "RE_NONCONTRACTION_APOSTROPHE", _METRICS)
    if pattern is not None:
        try:
            re.compile(pattern)
        except (TypeError, re.error) as exc:
            problems.changed(
                f"{_CONSTANTS}.RE_NONCONTRACTION_APOSTROPHE", f"not a regular expression: {exc}", _METRICS
            )
    get_lang_cfg = problems.attribute(_UTILS, "get_lang_cfg", _METRICS)
    for key in FRE_KEYS if get_lang_cfg is not None else ():
        try:
            value = get_lang_cfg("en", key)
        except Exception as exc:
            value = exc
        if isinstance(value, bool) or not isinstance(value, int | float):
            detail = f"get_lang_cfg('en', {key!r}) gave {value!r}, not a number"
            problems.changed(f"{_UTILS}.get_lang_cfg", detail, _METRICS)
