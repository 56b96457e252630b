"""The page's JSON-LD for the API, built by the same code as the HTML's.

`cluster.site.structured_data.structured_data(...)` builds the FAQPage and
BreadcrumbList objects the templates write. The templates' way in,
`json_ld_objects(page)`, reads the page's ancestors and renders every FAQ
answer on its own: several queries per page, which in a listing would grow
with the number of pages. So the API passes the same builder the ancestors
and the rendered answers from the response's batch. tests/api/test_pages.py
checks the result equals the JSON-LD in each demo page's HTML.

Both leave out what the public cannot see, as the HTML does: the breadcrumb
names only public ancestors (`public_trail`) (a live topic under a withdrawn pillar would
otherwise reveal the pillar's title and URL), and FAQ answers drop the href
of links to pages that are no longer public (cluster/site/link_handlers.py).
"""

from __future__ import annotations

from cluster.api.batch import ApiBatch
from cluster.site.structured_data import faq_questions, structured_data


def json_ld(batch: ApiBatch, page) -> list[dict] | None:
    # A preview of a new page has no id, but its tree path and URL path
    # (cluster/api/preview.py), so its trail and URL are known too.
    faq = faq_questions(page.body.raw_data, batch.rich_text)
    return structured_data(page=page, ancestors=batch.trail(page), faq=faq, request=batch.request)
