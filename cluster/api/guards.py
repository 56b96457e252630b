"""Bad API requests get a 4xx with a JSON body before any view runs.

Wagtail's API views, django-ninja and the search backends trust some query
parameters further than they should: `find/?id=abc` raises ValueError, an
`offset` beyond 64 bits overflows the database driver, a NUL in `search`
makes PostgreSQL refuse the query, and a very long search query can exhaust
the query parser's recursion. Each is a bad request, not a server fault, so
this middleware answers them with 400 (or 413 for an oversized body) and a
JSON `{"message": ...}`, the same shape as the API's other errors.

The limits are generous for real clients (docs/api.md, "Errors").
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse

API_PREFIX = "/api/"
# PostgreSQL's integer and bigint bounds: offsets and limits stay in int4,
# ids in int8, so no driver ever sees a number it cannot bind.
MAX_OFFSET = 2**31 - 1
MAX_ID = 2**63 - 1
MAX_SEARCH_WORDS = 64
MAX_SEARCH_CHARS = 1000
DIGITS = re.compile(r"\d+\Z")


def bad_request(message: str, status: int = 400) -> JsonResponse:
    response = JsonResponse({"message": message}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _number_problem(name: str, value: str, bound: int) -> str:
    if not DIGITS.match(value):
        return f"{name} must be a whole number, not {value[:40]!r}"
    if int(value) > bound:
        return f"{name} must be at most {bound}"
    return ""


def query_problem(request) -> str:
    """What is wrong with the query string, or ''."""
    params = request.GET
    for name, values in params.lists():
        if any("\x00" in v for v in values) or "\x00" in name:
            return f"{name[:40]!r} contains a NUL character"
    for name in ("offset", "limit"):
        if name in params and DIGITS.match(params[name]) and int(params[name]) > MAX_OFFSET:
            return f"{name} must be at most {MAX_OFFSET}"
    if request.path.endswith("/find/") and "id" in params:
        problem = _number_problem("id", params["id"], MAX_ID)
        if problem:
            return problem
    search = params.get("search", "")
    if len(search) > MAX_SEARCH_CHARS or len(search.split()) > MAX_SEARCH_WORDS:
        return f"search is too long: at most {MAX_SEARCH_WORDS} words and {MAX_SEARCH_CHARS} characters"
    return ""


def _body_too_big(request) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return limit is not None and length > limit


class APIRequestGuardMiddleware:
    """Goes early (after CORS, so errors still carry CORS headers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            if _body_too_big(request):
                return self.too_big()
            problem = query_problem(request)
            if problem:
                return bad_request(problem)
        return self.get_response(request)

    def process_exception(self, request, exception):
        # A chunked body without Content-Length is only measured when read.
        if isinstance(exception, RequestDataTooBig) and request.path.startswith(API_PREFIX):
            return self.too_big()
        return None

    @staticmethod
    def too_big():
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return bad_request(f"request body too large: the limit is {limit} bytes", status=413)
