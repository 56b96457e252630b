"""Front-end rendering of page links in rich text: only pages the public can see get an href.

Wagtail renders a link to any existing page, live or not, and drops the href
only when the page is deleted. Publishing a link to a hidden page is refused
(links.E004), but the linked page can be withdrawn, scheduled or made private
after the linking page went live; this handler then renders `<a>` without an
href, as Wagtail does for a deleted page, so its URL never leaks. The HTML
templates and the API both expand rich text through it.
"""

from __future__ import annotations

from django.utils.html import escape
from wagtail.rich_text.pages import PageLinkHandler

from cluster.validation.states import visible_to_public


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        pages = cls.get_many(attrs_list)  # one query, as Wagtail's own handler makes
        visible = visible_to_public(pages)
        return [
            f'<a href="{escape(page.localized.url)}">' if page is not None and page.pk in visible else "<a>"
            for page in pages
        ]
