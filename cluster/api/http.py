"""ETag and Cache-Control on every API response (docs/api.md, "Caching").

- Anonymous reads of live content: `public, max-age=CLUSTER_API_MAX_AGE`
  (60 s by default), so browsers and CDNs may keep them briefly.
- Anything that depends on who asks (a session, a bearer token, a preview
  token) or that is not a successful read: `private, no-store`. A logged-in
  editor may see pages a view restriction hides from the public, and such a
  response must never land in a shared cache.
- Successful GET/HEAD responses carry a strong ETag over the body, and a
  matching `If-None-Match` gets 304 Not Modified.

Server-side, the cluster data behind these responses is cached separately and
invalidated on publish/unpublish (cluster/api_clusters.py).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

API_PREFIX = "/api/"
# Responses that are personal even without a session: draft previews.
PRIVATE_PREFIXES = ("/api/v2/preview/",)


def _is_personal(request) -> bool:
    if request.path.startswith(PRIVATE_PREFIXES):
        return True
    if request.headers.get("Authorization") or "token" in request.GET:
        return True
    # API v3 resets request.user from the bearer token only, so a session never counts there.
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class APICacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        patch_vary_headers(response, ["Authorization"])
        readable = request.method in ("GET", "HEAD") and response.status_code == 200
        if not readable or _is_personal(request):
            # Replaces any public directive a view may have set: personal beats public.
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, private=True, no_store=True)
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=getattr(settings, "CLUSTER_API_MAX_AGE", 60))
        if readable and not response.streaming:
            if not response.has_header("ETag"):
                set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response
