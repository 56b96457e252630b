"""Cross-page indexes the engine builds for the checks, once per run.

A check is a pure function of a page and its context. What several pages'
checks need to know about the whole cluster (who links to whom, every FAQ
question asked) is derived here by the engine and handed over through
`ValidationContext.inbound_links` and `ValidationContext.question_indexes`;
the checks only read them.

Page-scoped runs (`only`, with a `shared` dict the caller keeps while the
other documents are unchanged) derive the part about the others once and keep
it in `shared`, so checking one edited page of a large cluster does not
re-derive the rest of the cluster on every run.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable

from . import similarity as sim
from .checks.links import content_targets
from .document import PageDocument
from .keyphrases import words as keyphrase_words

# Keys in `shared`. They are part of the contract with callers that keep
# `shared` between runs (cluster/validation/scoped.py): keep them stable.
_INBOUND_OTHERS = "links.inbound.others"
_QUESTIONS_OTHERS = "faq.questions.others"
_KEYPHRASES_OTHERS = "seo.keyphrases.others"

# Question indexes of recently seen sets of unchanged pages, by their content
# hashes: validating one edited page (the admin gate) reuses the index of the
# others even when the caller keeps no `shared`. Bounded: an index of a large
# cluster is tens of megabytes.
_RECENT_INDEXES: OrderedDict = OrderedDict()
_RECENT_MAX = 8


def clear_caches() -> None:
    """Forget the recent question indexes (validators.engine.clear_caches calls this)."""
    _RECENT_INDEXES.clear()


def _subject_docs(documents: dict, subjects: frozenset) -> list[PageDocument]:
    # Picked by key: a page-scoped run has thousands of documents and one subject.
    return [documents[i] for i in subjects if i in documents]


def _link_sources(docs: Iterable[PageDocument], members) -> dict[int, frozenset[int]]:
    """target id -> ids of the cluster pages among `docs` whose prose links to it."""
    sources: dict[int, set[int]] = {}
    for doc in docs:
        if doc.id in members:
            for target in content_targets(doc):
                sources.setdefault(target, set()).add(doc.id)
    return {target: frozenset(ids) for target, ids in sources.items()}


def inbound_links(
    documents: dict[int, PageDocument],
    members,
    *,
    subjects: frozenset | None = None,
    shared: dict | None = None,
) -> dict[int, frozenset[int]]:
    """target id -> ids of the cluster `members` among `documents` whose prose links to it.

    A page linking to itself is included: the orphan check decides what counts.
    With `subjects` and `shared`, the other documents' part comes from `shared`
    (derived and stored there on the first run) and only the subjects' is added.
    """
    if subjects is None or shared is None:
        return _link_sources(documents.values(), members)
    others = shared.get(_INBOUND_OTHERS)
    if others is None:
        rest = [d for d in documents.values() if d.id not in subjects]
        others = shared[_INBOUND_OTHERS] = _link_sources(rest, members)
    inbound = dict(others)
    for target, ids in _link_sources(_subject_docs(documents, subjects), members).items():
        inbound[target] = inbound.get(target, frozenset()) | ids
    return inbound


def _build_index(docs: list[PageDocument], min_jaccard: float) -> sim.QuestionIndex:
    return sim.QuestionIndex(
        (((str(d.id), d.slug), d, item.question) for d in docs for _, _, item in d.faq_items),
        min_jaccard,
    )


def _recent_index(docs: list[PageDocument], min_jaccard: float) -> sim.QuestionIndex:
    """The index of `docs`, reused from a recent run over the same content."""
    if not all(d.content_hash for d in docs):
        return _build_index(docs, min_jaccard)  # hand-built documents: nothing to key on
    pairs = sorted((str(d.id), d.slug, d.content_hash) for d in docs)
    key = hashlib.sha256(repr((min_jaccard, pairs)).encode()).hexdigest()
    index = _RECENT_INDEXES.get(key)
    if index is None:
        index = _RECENT_INDEXES[key] = _build_index(docs, min_jaccard)
        while len(_RECENT_INDEXES) > _RECENT_MAX:
            _RECENT_INDEXES.popitem(last=False)
    _RECENT_INDEXES.move_to_end(key)
    return index


class QuestionIndexes:
    """Every FAQ question of a run's documents, indexed for faq.W001.

    The engine makes one per run; nothing is indexed until a check asks, so a
    run without the faq family, or a re-validation whose answer comes from the
    result cache, never pays for it. Each threshold gets its own indexes
    (page types may set different ones).
    """

    def __init__(
        self,
        documents: dict[int, PageDocument],
        *,
        subjects: frozenset | None = None,
        shared: dict | None = None,
        cache=None,
    ) -> None:
        self.documents = documents
        self.subjects = subjects
        self.shared = shared
        self.cache = cache  # the run's result cache (get/set), or None
        self._indexes: dict[float, list[sim.QuestionIndex]] = {}
        self._repeats: dict[float, dict] = {}

    def indexes(self, min_jaccard: float) -> list[sim.QuestionIndex]:
        """Indexes that together cover every question of the documents.

        When only some pages are validated, the others (unchanged context) get
        an index of their own that later runs can reuse; the subjects a small one.
        """
        indexes = self._indexes.get(min_jaccard)
        if indexes is None:
            if self.subjects is None:
                indexes = [_build_index(list(self.documents.values()), min_jaccard)]
            else:
                subjects = _subject_docs(self.documents, self.subjects)
                indexes = [self._others_index(min_jaccard), _build_index(subjects, min_jaccard)]
            self._indexes[min_jaccard] = indexes
        return indexes

    def _others_index(self, min_jaccard: float) -> sim.QuestionIndex:
        """The index of every page but the subjects, from `shared` when the caller keeps one."""
        key = (_QUESTIONS_OTHERS, min_jaccard)
        if self.shared is not None and key in self.shared:
            return self.shared[key]
        others = [d for d in self.documents.values() if d.id not in self.subjects]
        index = _recent_index(others, min_jaccard)
        if self.shared is not None:
            self.shared[key] = index
        return index

    def repeats(self, doc: PageDocument, *, min_jaccard: float) -> list[tuple[int, int, str, str]]:
        """[(block, item, slug, title)] of the page's repeated questions: the first other page asking each."""
        if self.subjects is None and doc.id in self.documents:
            return self._cluster_repeats(min_jaccard)[doc.id]
        return self._page_repeats(doc, min_jaccard)

    def _page_repeats(self, doc: PageDocument, min_jaccard: float) -> list[tuple[int, int, str, str]]:
        indexes = self.indexes(min_jaccard)
        own_key = (str(doc.id), doc.slug)
        found = []
        for block, n, item in doc.faq_items:
            question = sim.prepare_question(item.question)
            # The smallest (id, slug) across indexes, so the page named in the finding is stable.
            hits = [hit for index in indexes if (hit := index.first_match(question, own_key))]
            if hits:
                other = min(hits, key=lambda hit: hit[0])[1]
                found.append((block, n, other.slug, other.title))
        return found

    def _cluster_repeats(self, min_jaccard: float) -> dict:
        """Repeated questions for every page of a whole-cluster run, reused while nothing changes.

        The answer depends on every page's questions, so it is keyed by all of
        their content hashes; an unchanged cluster validated again skips the work.
        """
        if min_jaccard in self._repeats:
            return self._repeats[min_jaccard]
        docs = list(self.documents.values())
        key = None
        if self.cache is not None and all(d.content_hash for d in docs):
            pairs = sorted((str(d.id), d.slug, d.content_hash) for d in docs)
            # ":2": entries name the other page's title too (the "1" ones held its slug only).
            digest = hashlib.sha256(repr((min_jaccard, pairs)).encode()).hexdigest()
            key = "validators:faq-repeats:2:" + digest
            cached = self.cache.get(key)
            if cached is not None:
                self._repeats[min_jaccard] = cached
                return cached
        repeats = {d.id: self._page_repeats(d, min_jaccard) for d in docs}
        if key is not None:
            self.cache.set(key, repeats)
        self._repeats[min_jaccard] = repeats
        # Every page's answer is known: the index (tens of megabytes for a
        # large cluster) would only wait for the run to end.
        self._indexes.pop(min_jaccard, None)
        return repeats


class KeyphraseIndex:
    """The focus keyphrases of a run's topic pages, indexed for seo.W008.

    The same prefix-filtering index as the FAQ questions (sim.QuestionIndex),
    over each keyphrase's stemmed words (validators.keyphrases), so two
    keyphrases match when their word sets reach the Jaccard threshold. The
    pillar is left out: a topic repeating the pillar's head term is its own
    finding (seo.W009), and the pillar owns that term. Built on first use.

    With `subjects` and `shared` (a page-scoped run), the other pages' index
    is kept in `shared` and only the subjects are indexed on each run: built
    over the whole cluster every time, it made checking one page grow with
    the cluster (seo.W008 came after the page-scoped path).
    """

    def __init__(
        self,
        documents: dict[int, PageDocument],
        *,
        pillar_id: int | None,
        subjects: frozenset | None = None,
        shared: dict | None = None,
    ) -> None:
        self.documents = documents
        self.pillar_id = pillar_id
        self.subjects = subjects
        self.shared = shared
        self._indexes: dict[float, list[sim.QuestionIndex]] = {}

    def _build(self, docs, min_jaccard: float) -> sim.QuestionIndex:
        owned = (
            ((str(d.id), d.slug), d, " ".join(keyphrase_words(d.focus_keyphrase)))
            for d in docs
            if d.id != self.pillar_id and d.focus_keyphrase.strip()
        )
        return sim.QuestionIndex(owned, min_jaccard)

    def _others(self, min_jaccard: float) -> sim.QuestionIndex:
        key = (_KEYPHRASES_OTHERS, min_jaccard)
        if self.shared is not None and key in self.shared:
            return self.shared[key]
        index = self._build((d for d in self.documents.values() if d.id not in self.subjects), min_jaccard)
        if self.shared is not None:
            self.shared[key] = index
        return index

    def _index(self, min_jaccard: float) -> list[sim.QuestionIndex]:
        indexes = self._indexes.get(min_jaccard)
        if indexes is None:
            if self.subjects is None:
                indexes = [self._build(self.documents.values(), min_jaccard)]
            else:
                subjects = self._build(_subject_docs(self.documents, self.subjects), min_jaccard)
                indexes = [self._others(min_jaccard), subjects]
            self._indexes[min_jaccard] = indexes
        return indexes

    def other_with_same(self, doc: PageDocument, *, min_jaccard: float) -> PageDocument | None:
        """The first other topic page whose keyphrase is the same as `doc`'s, or nearly so."""
        phrase = " ".join(keyphrase_words(doc.focus_keyphrase))
        if not phrase or doc.id == self.pillar_id:
            return None
        prepared, own_key = sim.Prepared(phrase), (str(doc.id), doc.slug)
        # The smallest key across the indexes: the page named is the one a single index names.
        hits = [hit for index in self._index(min_jaccard) if (hit := index.first_match(prepared, own_key))]
        return min(hits, key=lambda hit: hit[0])[1] if hits else None
