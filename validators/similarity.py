"""Question normalization and near-duplicate matching (FAQ checks).

Near-duplicate rule (documented in docs/checks.md): two questions match when
their normalized forms are equal, OR their token sets have a Jaccard index at
or above `faq_duplicate_jaccard` (catches reordered wording: "How does trust
grow?" / "How does trust grow between partners?" does NOT match, "Why is
closeness scary?" / "Why is closeness so scary?" does), OR difflib's
SequenceMatcher ratio of the normalized strings is at or above
`faq_duplicate_ratio` (catches typos and inflections the token sets miss).
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import combinations

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# difflib is quadratic in the worst case; questions longer than this are
# already an error (faq.E005), so token overlap alone decides for them.
_RATIO_MAX_CHARS = 400


def normalize(text: object) -> str:
    """Case-, width- and punctuation-insensitive form of a question."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def tokens(text: str) -> frozenset[str]:
    return frozenset(normalize(text).split())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def ratio(a: str, b: str, floor: float) -> float:
    """difflib ratio, or 0.0 when it provably cannot reach `floor`."""
    if not a or not b or len(a) > _RATIO_MAX_CHARS or len(b) > _RATIO_MAX_CHARS:
        return 0.0
    # Same bound as real_quick_ratio, checked before building the matcher
    # (whose constructor indexes `b`); most pairs stop here.
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < floor:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


class Prepared:
    """A question normalized once, for comparing against many others."""

    __slots__ = ("text", "norm", "tokens", "_chars")

    def __init__(self, text: object) -> None:
        self.text = text if isinstance(text, str) else ""
        self.norm = normalize(text)
        # Interned: a cluster's questions share most of their words, and a
        # 2,000-page cluster's index held 100,000 copies of a few thousand.
        self.tokens = frozenset(map(sys.intern, self.norm.split()))
        self._chars = None

    @property
    def chars(self) -> dict[str, int]:
        # Only the character-level comparison needs the counts, and most
        # questions never reach it: count on first use. str.count per
        # distinct character runs in C; a Counter costs several times more.
        if self._chars is None:
            distinct = set(self.norm)
            self._chars = {char: self.norm.count(char) for char in distinct}
        return self._chars


def _common_chars(a: dict[str, int], b: dict[str, int]) -> int:
    """Size of the multiset intersection of two character counts (difflib's quick_ratio matches)."""
    shared = a.keys() & b.keys()
    return sum(map(min, map(a.__getitem__, shared), map(b.__getitem__, shared)))


def similar(a: Prepared, b: Prepared, min_jaccard: float, min_ratio: float) -> bool:
    if not a.norm or not b.norm:
        return False  # an empty question is its own problem (faq.E003)
    if a.norm == b.norm or jaccard(a.tokens, b.tokens) >= min_jaccard:
        return True
    # difflib's quick_ratio bound from precomputed character counts: pages
    # with many questions compare every pair, and most pairs stop here.
    size = len(a.norm) + len(b.norm)
    if 2 * min(len(a.norm), len(b.norm)) < min_ratio * size:
        return False
    if 2 * _common_chars(a.chars, b.chars) < min_ratio * size:
        return False
    return ratio(a.norm, b.norm, min_ratio) >= min_ratio


def near_duplicate(a: str, b: str, min_jaccard: float, min_ratio: float) -> bool:
    return similar(Prepared(a), Prepared(b), min_jaccard, min_ratio)


def overlap(answer: str, question: str) -> float:
    """Share of the answer's distinct words that also occur in the question."""
    a, q = tokens(answer), tokens(question)
    if not a:
        return 0.0
    return len(a & q) / len(a)


@lru_cache(maxsize=50_000)
def _prepared(text: str) -> Prepared:
    return Prepared(text)


def clear_caches() -> None:
    _prepared.cache_clear()


def prepare_question(text: object) -> Prepared:
    """Prepared questions are immutable, so equal texts share one (cross-cluster index)."""
    return _prepared(text) if isinstance(text, str) else Prepared(text)


# Token combinations one set may be indexed under at one level; a set that
# would need more (a very long question, or a very low threshold) is compared
# directly with every probe at that level instead.
_MAX_KEYS = 256
_MAX_LEVEL = 3


class QuestionIndex:
    """Every FAQ question of a cluster, indexed for near-duplicate lookup.

    Comparing each question with every other is quadratic (64 million pairs in
    a 2,000-page cluster), so this is a prefix-filtering join. Order all tokens
    globally, rarest first. If two sets reach Jaccard >= t, they share at least
    `need = ceil(t * len)` tokens of each, and their first `level` shared
    tokens lie within each set's first `len - need + level` tokens. So each
    set is indexed under the `level`-token combinations of that prefix, and a
    probe looks up its own combinations. Level 1 is classic prefix filtering;
    level 3 (used when the probe needs at least 3 shared tokens) names far
    fewer candidates when many questions share common words, as templated
    FAQs do.

    Questions are grouped by token set first: the Jaccard test depends on the
    set alone, so each distinct set is compared once, not once per page asking
    it. An equal normalized form always has an equal token set, so it needs no
    probe of its own. Across pages a match is therefore token Jaccard >= t;
    the character-level (typo) comparison stays within one page (faq.E010),
    where the number of pairs is small.
    """

    def __init__(self, owned_questions, min_jaccard: float) -> None:
        # owned_questions: iterable of (owner key, owner, question text)
        self.min_jaccard = min_jaccard
        owners: dict[frozenset, dict] = {}
        for key, owner, text in owned_questions:
            prepared = prepare_question(text)
            if prepared.norm:
                owners.setdefault(prepared.tokens, {}).setdefault(key, owner)
        self.frequency: Counter = Counter()
        for token_set in owners:
            self.frequency.update(token_set)
        # Per distinct token set: its bit mask (Jaccard by popcount is several
        # times faster than frozenset arithmetic) and its two smallest owners,
        # enough to name the first page other than the one asking.
        self.token_bits: dict[str, int] = {}
        self.position = {token_set: i for i, token_set in enumerate(owners)}
        self.sets = [self._ordered(t) for t in owners]
        self.masks = [self._mask(t) for t in owners]
        self.firsts = [sorted(owners[t].items(), key=lambda pair: pair[0])[:2] for t in owners]
        self._levels: dict[int, tuple[dict, list]] = {}
        self._probes: dict[frozenset, list] = {}

    def _mask(self, token_set) -> int:
        mask = 0
        for token in token_set:
            bit = self.token_bits.setdefault(token, len(self.token_bits))
            mask |= 1 << bit
        return mask

    def _ordered(self, token_set) -> list[str]:
        return sorted(token_set, key=lambda t: (self.frequency[t], t))

    def _keys(self, ordered: list[str], level: int) -> list | None:
        """The `level`-token combinations of the set's prefix, or None if too many."""
        need = math.ceil(self.min_jaccard * len(ordered))
        keep = min(len(ordered), len(ordered) - need + level)
        if math.comb(keep, level) > _MAX_KEYS:
            return None
        # Hashes, not the token tuples: a 2,000-page cluster has ~180,000 keys.
        # Two combinations that share a hash only add a candidate, which the
        # Jaccard test then rejects.
        return [hash(key) for key in combinations(ordered[:keep], level)]

    def _level(self, level: int) -> tuple[dict, list]:
        """(sets by key, sets compared directly) at one level, built on first use."""
        if level not in self._levels:
            by_key: dict = {}
            direct = []
            for i, ordered in enumerate(self.sets):
                if len(ordered) < level:
                    continue  # cannot share `level` tokens with anything
                keys = self._keys(ordered, level)
                if keys is None:
                    direct.append(i)
                    continue
                for key in keys:
                    # Most keys name one set: keep it bare, a list only when shared.
                    held = by_key.get(key)
                    if held is None:
                        by_key[key] = i
                    elif type(held) is int:
                        by_key[key] = [held, i]
                    else:
                        held.append(i)
            self._levels[level] = (by_key, direct)
        return self._levels[level]

    def _candidates(self, token_set: frozenset) -> set | range:
        mine = self.position.get(token_set)  # a whole-cluster run probes its own sets
        ordered = self.sets[mine] if mine is not None else self._ordered(token_set)
        level = min(_MAX_LEVEL, math.ceil(self.min_jaccard * len(ordered)))
        while level >= 1:
            keys = self._keys(ordered, level)
            if keys is not None:
                by_key, direct = self._level(level)
                found = set(direct)
                for key in keys:
                    held = by_key.get(key)
                    if type(held) is int:
                        found.add(held)
                    elif held is not None:
                        found.update(held)
                return found
            level -= 1
        return range(len(self.sets))  # no usable level (threshold 0): compare with all

    def _owners_matching(self, token_set: frozenset) -> list:
        """The two smallest (key, owner) pairs over every set similar to `token_set`."""
        cached = self._probes.get(token_set)
        if cached is not None:
            return cached
        known = self.position.get(token_set)
        mine = self.masks[known] if known is not None else self._mask(token_set)
        best: dict = {}
        for i in self._candidates(token_set):
            theirs = self.masks[i]
            if (mine & theirs).bit_count() >= self.min_jaccard * (mine | theirs).bit_count():
                best.update(self.firsts[i])
        found = sorted(best.items(), key=lambda pair: pair[0])[:2]
        if len(self._probes) >= 100_000:  # an index lives across runs; bound its memo
            self._probes.clear()
        self._probes[token_set] = found
        return found

    def first_match(self, question: Prepared, exclude_key):
        """(key, owner) of the smallest-keyed other question that duplicates `question`, or None."""
        if not question.norm:
            return None
        for key, owner in self._owners_matching(question.tokens):
            if key != exclude_key:
                return key, owner
        return None
