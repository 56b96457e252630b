"""/sitemap.xml: Wagtail's sitemap, listing only the pages a visitor can reach.

Two changes to `wagtail.contrib.sitemaps.Sitemap`:

- the pages are `public_pages()`: Wagtail's own list is live and public, but
  still names a live page under a withdrawn ancestor;
- each location is `page_full_url()` (cluster/stored/public_urls.py), the one
  function that builds the public URL of a page (the canonical link, JSON-LD
  and the API use it too): on PUBLIC_BASE_URL when set, else on the scheme,
  host and port of the request, where Wagtail names the Site record's host
  and port.
"""

from __future__ import annotations

from wagtail.contrib.sitemaps import Sitemap

from cluster.site.public_pages import public_pages
from cluster.stored.public_urls import page_full_url


class PublicSitemap(Sitemap):
    def items(self):
        return public_pages(site=self.get_wagtail_site())

    def location(self, obj):
        return page_full_url(obj, self.request)

    def _urls(self, page, protocol, domain):
        urls = [
            {"item": item, "location": self.location(item), "lastmod": self.lastmod(item)}
            for item in self.paginator.page(page).object_list
        ]
        modified = [url["lastmod"] for url in urls]
        if modified and None not in modified:
            self.latest_lastmod = max(modified)
        return urls
