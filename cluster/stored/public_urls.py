"""Where the public reaches a page: the one source of every absolute public URL.

Every absolute URL the HTML and the API carry for a page or a public file
(canonical link, JSON-LD, /sitemap.xml, the robots.txt sitemap line, API
`seo.canonical_url`, `json_ld`, v2 and v3 `meta.html_url`) is the origin
`public_origin()` chooses plus a site path:

1. `PUBLIC_BASE_URL`, when set: a headless site's pages belong to its front
   end, wherever the CMS itself is served;
2. otherwise the request's scheme, host and port, for a page of the site the
   request came to (Django has checked the Host against ALLOWED_HOSTS);
   Wagtail would name the Site record's host and port, `localhost` port 80 in
   a new database, wherever the site is actually served;
3. otherwise (no request, or another site's page) the Site record, as in Wagtail.

The page models apply it in `get_url_parts`, Wagtail's hook for a page's URL
(cluster/models.py), so Wagtail's own `full_url`, `get_full_url()`, the
sitemap and API v3 follow it; `page_full_url()` applies it to any page
instance, including plain `Page` rows that do not go through the models.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def configured_base_url() -> str:
    """PUBLIC_BASE_URL as an origin without a trailing slash, or "" (system check cluster.E002)."""
    value = (getattr(settings, "PUBLIC_BASE_URL", "") or "").strip()
    return value.rstrip("/")


def base_url_problem(value: str) -> str | None:
    """Why `value` cannot be an origin to build URLs on, or None. An empty value is fine (unset)."""
    if not value:
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError as e:
        return f"{value!r} is not a URL ({e})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{value!r} must be an absolute http:// or https:// URL"
    if parts.path not in ("", "/") or parts.query or parts.fragment or value.endswith(("?", "#")):
        return f"{value!r} must be an origin (scheme, host, port): no path, query or fragment"
    if parts.username is not None or parts.password is not None:
        return f"{value!r} must not carry a user name or password"
    return None


def public_origin(*, site_id: int, site_root_url: str, request=None) -> str:
    """The scheme, host and port on which the public reaches the pages of site `site_id`."""
    if base := configured_base_url():
        return base
    if request is not None:
        site = Site.find_for_request(request)  # cached on the request by Wagtail
        if site is not None and site.pk == site_id:
            return f"{request.scheme}://{request.get_host()}"
    return site_root_url


def public_url_parts(parts, request=None):
    """Wagtail's (site_id, root_url, page_path) with the public origin as root_url."""
    if parts is None or parts[2] is None:
        return parts  # not routable
    site_id, root_url, path = parts
    return site_id, public_origin(site_id=site_id, site_root_url=root_url, request=request), path


def page_full_url(page, request=None) -> str | None:
    """The page's absolute public URL, or None when it is not routable."""
    parts = public_url_parts(page.get_url_parts(request=request), request)
    if parts is None or parts[2] is None:
        return None
    return parts[1] + parts[2]


def public_url(path: str, *, request) -> str:
    """The absolute public URL of a path of the request's site (e.g. /sitemap.xml for robots.txt)."""
    site = Site.find_for_request(request)
    if site is None:
        return configured_base_url() + path if configured_base_url() else request.build_absolute_uri(path)
    return public_origin(site_id=site.pk, site_root_url=site.root_url, request=request) + path
