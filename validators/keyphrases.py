"""Focus keyphrases as word sequences, and finding them in text (the seo checks).

Matching is case-insensitive and word-based: text and phrase are normalized
like FAQ questions (validators.similarity.normalize), each word is reduced by
a small English plural and "-ing" rule (`stem`), and the phrase matches when its words
occur in the text as one run, in order. So "attachment styles" is found in
"Attachment style shapes..." and in the slug "attachment-style", but not in
"styles of attachment", and "rebuilding intimacy" is found in "How do couples
rebuild intimacy". A lone "s" (from "partner's") is dropped.
"""

from __future__ import annotations

from functools import lru_cache

from .similarity import normalize


def stem(word: str) -> str:
    """A word without a plural or "-ing" ending: "stories" -> "story", "fears" -> "fear",
    "rebuilding" -> "rebuild".

    Deliberately small: words ending in "ss", "us" or "is" ("stress",
    "status", "analysis") and words of three letters or fewer keep their "s";
    "-ing" goes only from words of six letters or more ("thing", "bring" stay).
    Text and phrase are stemmed alike, so a crude stem only ever joins forms.
    """
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=20_000)
def words(text: str) -> tuple[str, ...]:
    """The text's words, normalized and stemmed; hyphens and punctuation separate words."""
    return tuple(stem(w) for w in normalize(text).split() if w != "s")


def occurs(phrase: tuple[str, ...], text: tuple[str, ...]) -> bool:
    """Whether the phrase's words occur in the text's words as one run, in order."""
    if not phrase or len(phrase) > len(text):
        return False
    first, size = phrase[0], len(phrase)
    return any(text[i] == first and text[i : i + size] == phrase for i in range(len(text) - size + 1))
