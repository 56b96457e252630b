"""FAQ checks (family "faq").

The FAQ is marked up as FAQPage structured data; search engines only show
questions that are real single questions with a substantive, self-contained
answer, and show a repeated question once per site.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterator
from functools import lru_cache

from .. import similarity as sim
from ..config import for_page
from ..document import FAQItem, PageDocument, ValidationContext
from ..findings import ERROR, WARNING, Finding, Location
from ..registry import register
from ..text import count_words, sanitize, units_for

_QUESTION_MARKS = "?？؟\u037e"
_QUESTION_SPLIT = re.compile("[" + _QUESTION_MARKS + "]+")
_TRAILING = "\"'”’»)]} \t\r\n"


def config(doc: PageDocument, ctx: ValidationContext) -> dict:
    """The thresholds for this page (the engine fills ctx.config per page)."""
    return for_page(doc.type, ctx.config)


def answer_words(item: FAQItem) -> int:
    # Several checks ask; the FAQ item is immutable, so count once.
    try:
        return _answer_words(item)
    except TypeError:  # an unhashable item built by hand
        return _answer_words.__wrapped__(item)


@lru_cache(maxsize=8192)
def _answer_words(item: FAQItem) -> int:
    return sum(count_words(u.text) for u in units_for(item.answer, item.answer_html))


def answer_text(item: FAQItem) -> str:
    return " ".join(u.text for u in units_for(item.answer, item.answer_html))


def _finding(fid, message, hint, location, value=None, threshold=None, severity=ERROR):
    return Finding(fid, severity, message, hint, location, value, threshold)


@register("faq", local=True)
def faq_presence(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    cfg = config(doc, ctx)
    blocks = doc.faq_blocks
    if not blocks:
        yield _finding(
            "faq.E001",
            "The page has no FAQ section.",
            "Add a FAQ block with the questions readers ask about this topic.",
            Location(field="body"),
        )
        return
    count, minimum = len(doc.faq_items), cfg["faq_min_items"]
    if count < minimum:
        yield _finding(
            "faq.E002",
            f"The FAQ has {count} question(s); a {doc.type} page needs at least {minimum}.",
            "Add questions readers genuinely ask; do not pad with variants of one question.",
            Location(block=blocks[0].index),
            count,
            minimum,
        )


def _question_findings(question: str, where: Location, cfg: dict) -> Iterator[Finding]:
    text = sanitize(question).rstrip(_TRAILING)
    if not text or text[-1] not in _QUESTION_MARKS:
        yield _finding(
            "faq.E003",
            "The FAQ question does not end with a question mark.",
            "Phrase it as the question a reader would type, ending with '?'.",
            where,
        )
    # Count "?"-terminated pieces that contain words; text after the last
    # mark is not a second question (faq.E003 already covers it).
    asked = [part for part in _QUESTION_SPLIT.split(text)[:-1] if sim.normalize(part)]
    if len(asked) > 1:
        yield _finding(
            "faq.E004",
            f"The FAQ item asks {len(asked)} questions at once.",
            "Split it into separate FAQ items, one question each.",
            where,
            len(asked),
            1,
        )
    words, limit = count_words(text), cfg["faq_question_max_words"]
    if words > limit:
        yield _finding(
            "faq.E005",
            f"The FAQ question is {words} words long (limit {limit}).",
            "Shorten it to the words a reader would actually search for.",
            where,
            words,
            limit,
        )


def _answer_findings(item: FAQItem, where: Location, cfg: dict) -> Iterator[Finding]:
    words = answer_words(item)
    if words == 0:
        yield _finding(
            "faq.E006",
            "The FAQ answer is empty.",
            "Write an answer, or remove the question.",
            where,
        )
        return
    low, high = cfg["faq_answer_min_words"], cfg["faq_answer_max_words"]
    if words < low:
        yield _finding(
            "faq.E007",
            f"The FAQ answer is {words} words long; it needs at least {low}.",
            "Answer fully enough that the answer stands alone in a search result.",
            where,
            words,
            low,
        )
    if words > high:
        yield _finding(
            "faq.E008",
            f"The FAQ answer is {words} words long (limit {high}).",
            "Keep the direct answer here and move the depth into the page body.",
            where,
            words,
            high,
        )
    share, limit = sim.overlap(answer_text(item), item.question), cfg["faq_repeat_overlap"]
    if share >= limit:
        yield _finding(
            "faq.E009",
            "The FAQ answer merely repeats the question.",
            "Answer the question instead of restating it.",
            where,
            round(share, 2),
            limit,
        )


@register("faq", local=True)
def faq_items(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    cfg = config(doc, ctx)
    seen: list[sim.Prepared] = []
    for block, n, item in doc.faq_items:
        where = Location(block=block, faq_item=n)
        yield from _question_findings(item.question, where, cfg)
        yield from _answer_findings(item, where, cfg)
        question = sim.prepare_question(item.question)
        earlier = next((q for q in seen if _same(q, question, cfg)), None)
        if earlier is not None:
            yield _finding(
                "faq.E010",
                f"The FAQ question duplicates an earlier one: {earlier.text!r}.",
                "Merge the two items or ask a genuinely different question.",
                where,
                earlier.text,
            )
        seen.append(question)


def _same(a: sim.Prepared, b: sim.Prepared, cfg: dict) -> bool:
    return sim.similar(a, b, cfg["faq_duplicate_jaccard"], cfg["faq_duplicate_ratio"])


def _questions(doc: PageDocument) -> list[sim.Prepared]:
    return [sim.prepare_question(item.question) for _, _, item in doc.faq_items]


# Indexes of recently seen sets of unchanged pages, by their content hashes:
# validating one edited page (the admin gate) reuses the index of the others.
_RECENT_INDEXES: OrderedDict = OrderedDict()


def clear_caches() -> None:
    _RECENT_INDEXES.clear()
    _answer_words.cache_clear()


def _build_index(docs, min_jaccard: float) -> sim.QuestionIndex:
    return sim.QuestionIndex(
        (((str(d.id), d.slug), d, item.question) for d in docs for _, _, item in d.faq_items),
        min_jaccard,
    )


def _index_of(docs, min_jaccard: float) -> sim.QuestionIndex:
    if not all(d.content_hash for d in docs):
        return _build_index(docs, min_jaccard)  # hand-built documents: nothing to key on
    pairs = sorted((str(d.id), d.slug, d.content_hash) for d in docs)
    key = hashlib.sha256(repr((min_jaccard, pairs)).encode()).hexdigest()
    index = _RECENT_INDEXES.get(key)
    if index is None:
        index = _RECENT_INDEXES[key] = _build_index(docs, min_jaccard)
        while len(_RECENT_INDEXES) > 8:
            _RECENT_INDEXES.popitem(last=False)
    _RECENT_INDEXES.move_to_end(key)
    return index


def _cluster_questions(ctx: ValidationContext, min_jaccard: float) -> list[sim.QuestionIndex]:
    """Indexes covering every question in the cluster, built once per run.

    When only some pages are validated, the others (unchanged context) get an
    index of their own that later runs can reuse; the subjects get a small one.
    """
    memo_key = ("faq.questions", min_jaccard)
    indexes = ctx.memo.get(memo_key)
    if indexes is None:
        if ctx.subjects is None:
            indexes = [_build_index(list(ctx.documents.values()), min_jaccard)]
        else:
            subjects = [ctx.documents[i] for i in ctx.subjects if i in ctx.documents]
            indexes = [_others_index(ctx, min_jaccard), _build_index(subjects, min_jaccard)]
        ctx.memo[memo_key] = indexes
    return indexes


def _others_index(ctx: ValidationContext, min_jaccard: float) -> sim.QuestionIndex:
    """The index of every page but the subjects, from `shared` when the caller keeps one."""
    key = ("faq.questions.others", min_jaccard)
    if ctx.shared is not None and key in ctx.shared:
        return ctx.shared[key]
    index = _index_of([d for d in ctx.documents.values() if d.id not in ctx.subjects], min_jaccard)
    if ctx.shared is not None:
        ctx.shared[key] = index
    return index


def _repeats(doc: PageDocument, ctx: ValidationContext, min_jaccard: float) -> list:
    """[(block, item, slug of the first other page asking it)] for this page's questions."""
    indexes = _cluster_questions(ctx, min_jaccard)
    own_key = (str(doc.id), doc.slug)
    found = []
    for (block, n, _), question in zip(doc.faq_items, _questions(doc), strict=True):
        # The smallest (id, slug) across indexes, so the page named in the finding is stable.
        hits = [hit for index in indexes if (hit := index.first_match(question, own_key))]
        if hits:
            found.append((block, n, min(hits, key=lambda hit: hit[0])[1].slug))
    return found


def _cluster_repeats(ctx: ValidationContext, min_jaccard: float) -> dict:
    """Repeated questions for every page of a whole-cluster run, reused while nothing changes.

    The answer depends on every page's questions, so it is keyed by all of
    their content hashes; an unchanged cluster validated again skips the work.
    """
    memo_key = ("faq.repeats", min_jaccard)
    if memo_key in ctx.memo:
        return ctx.memo[memo_key]
    docs = list(ctx.documents.values())
    key = None
    if ctx.cache is not None and all(d.content_hash for d in docs):
        pairs = sorted((str(d.id), d.slug, d.content_hash) for d in docs)
        key = "validators:faq-repeats:" + hashlib.sha256(repr((min_jaccard, pairs)).encode()).hexdigest()
        cached = ctx.cache.get(key)
        if cached is not None:
            ctx.memo[memo_key] = cached
            return cached
    repeats = {d.id: _repeats(d, ctx, min_jaccard) for d in docs}
    if key is not None:
        ctx.cache.set(key, repeats)
    ctx.memo[memo_key] = repeats
    return repeats


@register("faq")
def faq_across_cluster(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    cfg = config(doc, ctx)
    if not any(d.id != doc.id for d in ctx.documents.values()):
        return
    min_jaccard = cfg["faq_duplicate_jaccard"]
    whole_run = ctx.subjects is None and doc.id in ctx.documents
    repeats = _cluster_repeats(ctx, min_jaccard)[doc.id] if whole_run else _repeats(doc, ctx, min_jaccard)
    for block, n, match_slug in repeats:
        if match_slug is not None:
            yield _finding(
                "faq.W001",
                f"This question is also asked on '{match_slug}' in the same cluster.",
                "Keep it on the page that owns the subject; rich results show it once per site.",
                Location(block=block, faq_item=n),
                match_slug,
                severity=WARNING,
            )


@register("faq", local=True)
def faq_lead_answer(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    cfg = config(doc, ctx)
    lead, limit = doc.lead, cfg["faq_lead_answer_max_words"]
    words = 0 if lead is None else sum(count_words(u.text) for u in units_for(lead.text, lead.html))
    where = Location(field="lead") if lead is None else Location(block=lead.index)
    if words == 0:
        yield _finding(
            "faq.W002",
            "The page has no direct answer to its lead question.",
            "Open with the question and a direct answer of at most "
            f"{limit} words: that is the passage search engines quote.",
            where,
            0,
            limit,
            severity=WARNING,
        )
    elif words > limit:
        yield _finding(
            "faq.W002",
            f"The lead answer is {words} words long (limit {limit}).",
            "Answer the lead question in one or two sentences; elaborate below.",
            where,
            words,
            limit,
            severity=WARNING,
        )


@register("faq", local=True)
def faq_required_questions(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    cfg = config(doc, ctx)
    answered = [sim.prepare_question(i.question) for _, _, i in doc.faq_items if answer_words(i)]
    lead = doc.lead
    if lead is not None and lead.title and any(count_words(u.text) for u in units_for(lead.text, lead.html)):
        answered.append(sim.prepare_question(lead.title))
    for required in doc.required_questions:
        wanted = sim.prepare_question(required)
        if not wanted.norm:
            continue
        if not any(_same(wanted, question, cfg) for question in answered):
            yield _finding(
                "faq.E011",
                f"The required question {required!r} is not answered on the page.",
                "Add it as a FAQ item with an answer, or remove it from the required list.",
                Location(field="required_questions"),
                required,
            )
