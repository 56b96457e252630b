"""The public site's own views: the site map page, /sitemap.xml and /robots.txt.

The site map is a Django view, not a Wagtail page type: its content is
computed from the page tree, so there is nothing for an editor to write, and
a page in the tree could be drafted, moved, made private or deleted, leaving
the site without its second way to every page (WCAG 2.4.5).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Site

from cluster.site.public_pages import site_tree
from cluster.site.sitemap import PublicSitemap
from cluster.stored.public_urls import public_url

# Crawlers may read every public page; the admin and the JSON API are not pages.
ROBOTS_DISALLOW = ["/admin/", "/api/"]


@require_safe
def site_map(request):
    site = Site.find_for_request(request)
    root = site_tree(site=site) if site is not None else None
    return render(request, "cluster/site_map.html", {"root": root})


@require_safe
def sitemap_xml(request):
    if Site.find_for_request(request) is None:
        raise Http404("No site")  # no Site record for the host, and no default site
    return wagtail_sitemap(request, sitemaps={"pages": PublicSitemap})


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines += ["", f"Sitemap: {public_url(reverse('sitemap'), request=request)}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
