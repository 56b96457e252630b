"""The site-wide navigation (home, the site map, the pillars) for every public template.

A context processor, so base.html and the 404 page get it without each
page's `get_context`. It is lazy: templates that never show it (the admin's)
cost no query.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from cluster.site.public_pages import public_pillars


@dataclass(frozen=True)
class Link:
    title: str
    url: str


def _links(request) -> list[Link]:
    site = Site.find_for_request(request)
    if site is None:
        return [Link("Home", "/"), Link("Site map", reverse("site_map"))]
    home = Link("Home", site.root_page.get_url(request) or "/")
    pillars = [Link(p.title, p.get_url(request)) for p in public_pillars(site=site)]
    return [home, *pillars, Link("Site map", reverse("site_map"))]


def site_navigation(request):
    return {"site_nav": SimpleLazyObject(lambda: _links(request))}
