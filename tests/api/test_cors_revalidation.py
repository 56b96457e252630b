"""A browser front end on another origin can revalidate with If-None-Match (docs/api.md, "Caching").

CORS must allow the `If-None-Match` request header (else the preflight fails and
the browser never sends it) and expose `ETag` (else script cannot read it).
"""

from __future__ import annotations

FRONT_END = "http://localhost:3000"  # CORS_ALLOWED_ORIGINS in cms/settings/test.py


def test_the_preflight_allows_if_none_match(demo, client):
    preflight = client.options(
        "/api/v2/pages/",
        headers={
            "Origin": FRONT_END,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == FRONT_END
    allowed = [h.strip() for h in preflight["Access-Control-Allow-Headers"].split(",")]
    assert "if-none-match" in allowed


def test_a_cross_origin_get_exposes_the_etag_and_revalidates(demo, client):
    response = client.get("/api/v2/clusters/", headers={"Origin": FRONT_END})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONT_END
    assert [h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")] == ["etag"]
    again = client.get("/api/v2/clusters/", headers={"Origin": FRONT_END, "If-None-Match": response["ETag"]})
    assert (again.status_code, again["Access-Control-Allow-Origin"]) == (304, FRONT_END)


def test_other_origins_are_still_refused(demo, client):
    response = client.get("/api/v2/clusters/", headers={"Origin": "https://evil.example"})
    assert not response.has_header("Access-Control-Allow-Origin")
    assert not response.has_header("Access-Control-Expose-Headers")
