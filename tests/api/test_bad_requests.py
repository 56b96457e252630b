"""Bad API requests get a 4xx with a JSON message, never a 500 (cluster/api/guards.py).

Each request below answered 500 before the guard: ValueError in `find/`,
DataError or OverflowError for a 64-bit offset, a NUL in `search`.
"""

import json

import pytest
from wagtail.models import APIToken

HUGE = "9223372036854775808"
LONG_SEARCH = " ".join(["love"] * 200)

BAD_QUERIES = [
    ("/api/v2/pages/", {"search": LONG_SEARCH}, "search is too long: at most 64 words and 1000 characters"),
    ("/api/v2/pages/find/", {"id": "abc"}, "id must be a whole number, not 'abc'"),
    ("/api/v2/pages/find/", {"id": ""}, "id must be a whole number, not ''"),
    ("/api/v2/pages/find/", {"id": "null"}, "id must be a whole number, not 'null'"),
    ("/api/v2/pages/find/", {"id": "99999999999999999999"}, "id must be at most 9223372036854775807"),
    ("/api/v2/images/", {"offset": HUGE}, "offset must be at most 2147483647"),
    ("/api/v2/documents/", {"offset": HUGE}, "offset must be at most 2147483647"),
    ("/api/v2/pages/", {"offset": HUGE}, "offset must be at most 2147483647"),
    ("/api/v2/pages/", {"limit": HUGE}, "limit must be at most 2147483647"),
    ("/api/v3/pages/", {"offset": HUGE}, "offset must be at most 2147483647"),
    ("/api/v3/pages/", {"search": "\x00"}, "'search' contains a NUL character"),
    ("/api/v2/pages/", {"search": "a\x00b"}, "'search' contains a NUL character"),
    ("/api/v2/clusters/", {"x": "\x00"}, "'x' contains a NUL character"),
]


@pytest.mark.parametrize(("url", "params", "message"), BAD_QUERIES)
def test_a_bad_query_gets_400_with_a_json_message(demo, client, url, params, message):
    response = client.get(url, params)
    assert (response.status_code, response.json()) == (400, {"message": message})
    assert response["Cache-Control"] == "no-store"


def test_find_by_a_real_id_still_redirects_to_the_page(demo, client):
    response = client.get("/api/v2/pages/find/", {"id": demo.id})
    assert response.status_code == 302


def test_a_search_of_reasonable_length_still_answers(demo, client):
    response = client.get("/api/v2/pages/", {"search": " ".join(["intimacy"] * 64)})
    assert response.status_code == 200


def test_a_v3_body_over_the_upload_limit_gets_413(demo, client, django_user_model, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    user = django_user_model.objects.create_superuser("writer", "w@example.org", "pw-long-enough-1")
    _, token = APIToken.create_token(user=user, name="test")
    body = json.dumps({"type": "cluster.TopicPage", "title": "x" * 5000})
    response = client.post(
        "/api/v3/pages/", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert (response.status_code, response.json()) == (
        413,
        {"message": "request body too large: the limit is 1000 bytes"},
    )
