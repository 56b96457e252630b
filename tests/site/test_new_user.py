"""What a new user meets first: URLs on the host and port they browse, a favicon, /api/docs/, no network."""

import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model

from cluster.models import TopicPage

HOST = "testserver:8000"  # what `make run` serves: a port the Site record does not name


def head_urls(client, path, **extra):
    """The canonical URL and every JSON-LD breadcrumb URL of a page's HTML."""
    response = client.get(path, headers={"host": HOST}, **extra)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "lxml")
    scripts = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    [breadcrumbs] = [s for s in scripts if s["@type"] == "BreadcrumbList"]
    return soup.find("link", rel="canonical")["href"], [i["item"] for i in breadcrumbs["itemListElement"]]


def test_canonical_and_json_ld_urls_use_the_requests_host_and_port(demo, client):
    assert head_urls(client, "/intimacy/fear-of-intimacy/") == (
        "http://testserver:8000/intimacy/fear-of-intimacy/",
        [
            "http://testserver:8000/",
            "http://testserver:8000/intimacy/",
            "http://testserver:8000/intimacy/fear-of-intimacy/",
        ],
    )


def test_canonical_and_json_ld_urls_follow_https(demo, client):
    assert head_urls(client, "/intimacy/", secure=True) == (
        "https://testserver:8000/intimacy/",
        ["https://testserver:8000/", "https://testserver:8000/intimacy/"],
    )


def test_without_a_request_the_site_record_still_decides(demo):
    from cluster.stored.public_urls import page_full_url

    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    assert page_full_url(topic) == topic.full_url == "http://localhost/intimacy/fear-of-intimacy/"


def test_a_host_django_does_not_allow_is_refused_not_echoed(demo, client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/intimacy/", headers={"host": "evil.example"})
    assert (response.status_code, b"canonical" in response.content) == (400, False)


def test_favicon_is_an_image_and_the_pages_link_it(demo, client):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Content-Type"]) == (200, "image/svg+xml")
    assert response.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    soup = BeautifulSoup(client.get("/intimacy/").content, "lxml")
    icon = soup.find("link", rel="icon")
    assert (icon["href"], icon["type"]) == ("/favicon.ico", "image/svg+xml")


def test_favicon_refuses_writes(client):
    assert client.post("/favicon.ico").status_code == 405


@pytest.mark.parametrize("path", ["/api/docs/", "/api/docs/?x=1"])
def test_api_docs_answer_with_a_trailing_slash(client, path):
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (302, path.replace("docs/", "docs"))
    assert client.get(response["Location"]).status_code == 200


def test_wagtails_update_check_is_off(db, client):
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    admin = get_user_model().objects.create_superuser("root", "", "pw")
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    # The upgrade panel's script fetches releases.wagtail.org from the browser.
    assert "w-upgrade" not in html and "Wagtail upgrade available" not in html
    assert "Dashboard" in html  # positive control: this is the admin home
