"""The page's JSON-LD for the API, built by the same code as the HTML's.

`cluster.structured_data.json_ld_objects(page, request)` builds the FAQPage
and BreadcrumbList objects the templates write. Called on a page row it reads
the page's ancestors and converts its whole StreamField (the CTA's page
chooser, every FAQ answer's links): several queries per page. In a listing
that would grow with the number of pages, so the API hands it a stand-in that
answers exactly those reads from the response's batch. The JSON-LD logic
itself is not repeated here; tests/test_api_pages.py checks the result equals
the JSON-LD in each demo page's HTML.

Two deliberate differences, both about pages the public cannot see: the
breadcrumb only names live ancestors (a live topic under a withdrawn pillar
would otherwise reveal the pillar's title and URL), and FAQ answers drop the
href of links to pages that are no longer public (cluster/api_batch.py).
"""

from __future__ import annotations

from cluster.api.batch import ApiBatch, faq_entries, raw_blocks


class _Ancestors(list):
    """The subset of PageQuerySet that breadcrumb_list uses, over pre-loaded pages."""

    def filter(self, depth__gt=0):
        return _Ancestors(p for p in self if p.depth > depth__gt)

    def specific(self):
        return self


class _FAQBlock:
    """One bound FAQ block holding every FAQ item of the page, answers already rendered."""

    def __init__(self, items):
        from cluster.blocks import FAQBlock

        self.block = FAQBlock()
        self.value = {"items": items}


class _JSONLDSource:
    """What json_ld_objects reads from a page: body (FAQ blocks), ancestors, title, URL."""

    def __init__(self, batch: ApiBatch, page):
        self._page = page
        self._ancestors = _Ancestors(batch.trail(page))
        items = [
            {"question": item.get("question") or "", "answer": batch.rich_text(item.get("answer"))}
            for block in raw_blocks(page)
            if block.get("type") == "faq"
            for item in faq_entries(block.get("value"))
        ]
        self.body = [_FAQBlock(items)] if items else []
        self.title = page.title

    def get_ancestors(self, inclusive=False):
        return self._ancestors

    def get_full_url(self, request=None):
        return self._page.get_full_url(request)


def json_ld(batch: ApiBatch, page) -> list[dict] | None:
    from cluster.site.structured_data import json_ld_objects

    if not page.pk:  # an unsaved draft (preview of a new page) has no URL yet
        return None
    return json_ld_objects(_JSONLDSource(batch, page), batch.request)
