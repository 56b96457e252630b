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
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

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

    __slots__ = ("text", "norm", "tokens", "chars")

    def __init__(self, text: object) -> None:
        self.text = text if isinstance(text, str) else ""
        self.norm = normalize(text)
        self.tokens = frozenset(self.norm.split())
        self.chars = Counter(self.norm)


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
    if 2 * sum((a.chars & b.chars).values()) < min_ratio * size:
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


def prepare_question(text: object) -> Prepared:
    """Prepared questions are immutable, so equal texts share one (cross-cluster index)."""
    return _prepared(text) if isinstance(text, str) else Prepared(text)


class QuestionIndex:
    """Every FAQ question of a cluster, indexed for near-duplicate lookup.

    Comparing each question with every other is quadratic (64 million pairs in
    a 2,000-page cluster), so this is a prefix-filtering join: with one global
    token order (rarest first), two token sets with Jaccard >= t always share a
    token within both their first `len - ceil(t * len) + 1` tokens. Each
    question is indexed under its own prefix only, and probed with its prefix.
    Across pages a match is an equal normalized form or token Jaccard >= t;
    the character-level (typo) comparison stays within one page (faq.E010),
    where the number of pairs is small.
    """

    def __init__(self, owned_questions, min_jaccard: float) -> None:
        # owned_questions: iterable of (owner key, owner, question text)
        self.min_jaccard = min_jaccard
        self.entries = [(key, owner, prepare_question(q)) for key, owner, q in owned_questions]
        self.frequency: Counter = Counter()
        for _, _, prepared in self.entries:
            self.frequency.update(prepared.tokens)
        # Token sets as bit masks: Jaccard by popcount is several times faster
        # than frozenset arithmetic over the many candidate pairs.
        self.token_bits: dict[str, int] = {}
        self.masks = [self._mask(p.tokens) for _, _, p in self.entries]
        self.by_norm: dict[str, list[int]] = {}
        self.by_token: dict[str, list[int]] = {}
        for i, (_, _, prepared) in enumerate(self.entries):
            self.by_norm.setdefault(prepared.norm, []).append(i)
            for token in self._prefix(prepared.tokens):
                self.by_token.setdefault(token, []).append(i)

    def _mask(self, token_set) -> int:
        mask = 0
        for token in token_set:
            bit = self.token_bits.setdefault(token, len(self.token_bits))
            mask |= 1 << bit
        return mask

    def _prefix(self, token_set) -> list[str]:
        ordered = sorted(token_set, key=lambda t: (self.frequency[t], t))
        keep = len(ordered) - math.ceil(self.min_jaccard * len(ordered)) + 1
        return ordered[: max(keep, 1)]

    def matches(self, question: Prepared, exclude_key) -> list:
        """Owners (sorted by key) of indexed questions that duplicate `question`."""
        if not question.norm:
            return []
        found = set(self.by_norm.get(question.norm, ()))
        for token in self._prefix(question.tokens):
            found.update(self.by_token.get(token, ()))
        hits = {}
        mine = self._mask(question.tokens)
        size = mine.bit_count()
        for i in found:
            key, owner, other = self.entries[i]
            if key == exclude_key or key in hits:
                continue
            theirs = self.masks[i]
            union = (mine | theirs).bit_count()
            same = other.norm == question.norm
            if same or (union and (mine & theirs).bit_count() >= self.min_jaccard * union and size):
                hits[key] = owner
        return [hits[key] for key in sorted(hits)]
