"""Gzip for responses that hold no secret: the public pages, /sitemap.xml and anonymous API reads.

Compressing a response that holds a secret (a CSRF token, a session's data)
next to text an attacker can put in the request exposes the secret to
BREACH. The admin writes CSRF tokens into every page, and Wagtail's user bar
does for an editor browsing the site, so this compresses only what an
anonymous visitor gets: a GET or HEAD outside the admin, from a request that
carries no session or CSRF cookie and no Authorization header, answered
without setting a cookie. Django's GZipMiddleware does the rest: it skips
small bodies and clients that do not accept gzip, adds `Vary:
Accept-Encoding` and weakens the ETag (the API's If-None-Match still
matches: Django compares ETags weakly).

`GZIP_RESPONSES = False` (production: the environment variable
`GZIP_RESPONSES=0`) turns it off where the reverse proxy compresses
(README.md, "Compression").
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse

SAFE_METHODS = frozenset({"GET", "HEAD"})


def holds_no_secret(request, response) -> bool:
    cookies = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    return (
        request.method in SAFE_METHODS
        and not request.path.startswith(reverse("wagtailadmin_home"))
        and not cookies & request.COOKIES.keys()
        and "HTTP_AUTHORIZATION" not in request.META
        and not response.cookies
    )


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not settings.GZIP_RESPONSES or not holds_no_secret(request, response):
            return response
        return super().process_response(request, response)
