"""Passive voice and transition words (family "readability", English only).

The figures come from `validators.style`; this module only judges them. They
are page-level shares, judged like Flesch reading ease: only when the prose
has at least `readability_min_words` words. Each passive sentence is located
in the metrics (`passive_sentences`), the way `hardest_sentences` locates the
hardest ones. Pages in another language readability supports get one
readability.W011 saying these two were not assessed; a language readability
cannot assess at all already has readability.W008.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..config import for_page
from ..document import PageDocument, ValidationContext
from ..findings import WARNING, Finding, Location
from ..metrics import analyse
from ..registry import register
from ..style import measure


@register("readability", local=True)
def passive_and_transitions(doc: PageDocument, ctx: ValidationContext) -> Iterator[Finding]:
    cfg = for_page(doc.type, ctx.config)
    analysis = analyse(doc, cfg["same_start_run"])
    if not analysis.supported:
        return  # readability.W008 already says nothing was assessed
    style = measure(analysis)
    if not style.assessed:
        yield Finding(
            "readability.W011",
            WARNING,
            f"Passive voice and transition words were not assessed: they are measured in English only, "
            f'and the page is "{doc.language}".',
            "Have a fluent editor check for passive sentences and missing links between ideas.",
            Location(field="language"),
            str(doc.language),
        )
        return
    if analysis.words < cfg["readability_min_words"]:
        return
    page = Location(field="body")
    passive, limit = style.passive_share, cfg["passive_share_warn"]
    if passive > limit:
        yield Finding(
            "readability.W009",
            WARNING,
            f"{passive:.0%} of sentences are in the passive voice (limit {limit:.0%}).",
            "Name who acts: rewrite some of them with the doer as the subject; "
            "passive_sentences in the metrics says where they are.",
            page,
            round(passive, 3),
            limit,
        )
    transition, floor = style.transition_share, cfg["transition_share_warn"]
    if transition < floor:
        yield Finding(
            "readability.W010",
            WARNING,
            f"{transition:.0%} of sentences contain a transition word (at least {floor:.0%} expected).",
            'Link ideas with words such as "because", "however", "for example" or "as a result".',
            page,
            round(transition, 3),
            floor,
        )
