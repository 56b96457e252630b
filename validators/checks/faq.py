"""FAQ checks (family "faq").

The FAQ is marked up as FAQPage structured data; search engines only show
questions that are real single questions with a substantive, self-contained
answer, and show a repeated question once per site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import similarity as sim
from ..config import for_page
from ..document import FAQItem, PageDocument, ValidationContext
from ..findings import ERROR, WARNING, Finding, Location
from ..registry import register
from ..text import answer_words, count_words, plural, sanitize, units_for

_QUESTION_MARKS = "?？؟\u037e"
_QUESTION_SPLIT = re.compile("[" + _QUESTION_MARKS + "]+")
_TRAILING = "\"'”’»)]} \t\r\n"


def config(doc: PageDocument, ctx: ValidationContext) -> dict:
    """The thresholds for this page (the engine fills ctx.config per page)."""
    return for_page(doc.type, ctx.config)


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
            f"The FAQ has {plural(count, 'question')}; a {doc.type} page needs at least {minimum}.",
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
            f"The FAQ question is {plural(words, 'word')} long (limit {limit}).",
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
            f"The FAQ answer is {plural(words, 'word')} long; it needs at least {low}.",
            "Answer fully enough that the answer stands alone in a search result.",
            where,
            words,
            low,
        )
    if words > high:
        yield _finding(
            "faq.E008",
            f"The FAQ answer is {plural(words, 'word')} long (limit {high}).",
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
                f'The FAQ question repeats an earlier one: "{earlier.text}".',
                "Merge the two items or ask a genuinely different question.",
                where,
                earlier.text,
            )
        seen.append(question)


def _same(a: sim.Prepared, b: sim.Prepared, cfg: dict) -> bool:
    return sim.similar(a, b, cfg["faq_duplicate_jaccard"], cfg["faq_duplicate_ratio"])


@register("faq")
def faq_across_cluster(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    cfg = config(doc, ctx)
    # The engine indexes the cluster's questions (validators.indexes); without
    # its index or any other page there is nothing to compare with.
    if ctx.question_indexes is None or not any(d.id != doc.id for d in ctx.documents.values()):
        return
    repeats = ctx.question_indexes.repeats(doc, min_jaccard=cfg["faq_duplicate_jaccard"])
    for block, n, match_slug, match_title in repeats:
        if match_slug is not None:
            yield _finding(
                "faq.W001",
                f'This question is also asked on "{match_title or match_slug}" in the same cluster.',
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
            f"The lead answer is {plural(words, 'word')} long (limit {limit}).",
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
                f'The required question "{required}" is not answered on the page.',
                "Add it as a FAQ item with an answer, or remove it from the required list.",
                Location(field="required_questions"),
                required,
            )
