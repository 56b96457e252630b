"""No public endpoint reveals what the public cannot see (docs/api.md, "No leaks").

Each case hides something, marked with a unique word in its title and body,
and `sweep` asks every public endpoint for it: the v2 listings (plain, by
type with `fields=*`, `search`, `child_of`, `descendant_of`), the detail and
`find` views, the cluster endpoints, and the API v3 reads. A leak shows up as
the hidden page's id in a result or its word anywhere in a response.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Revision

from cluster.models import RelatedTopic, TopicPage
from cluster.validation.states import page_state
from tests.api.support import (  # noqa: F401
    FINDING_ID,
    add_pillar,
    add_topic,
    publish_without_faq,
    text_of,
    topic_body,
)

pytestmark = pytest.mark.usefixtures("fresh_cache")


def _responses(client, demo, hidden_id, hidden_path=None):
    """Every public read that could reveal page `hidden_id`: (label, status, JSON)."""
    v2 = "/api/v2/pages/"
    requests = [
        (v2, {}),
        (v2, {"limit": 100, "fields": "*"}),
        (v2, {"type": "cluster.TopicPage", "fields": "*", "limit": 100}),
        (v2, {"type": "cluster.PillarPage", "fields": "*", "limit": 100}),
        (v2, {"type": "cluster.TopicPage", "fields": "*", "child_of": demo.id, "limit": 100}),
        (v2, {"fields": "*", "descendant_of": demo.id, "limit": 100}),
        (v2, {"search": "zebraleak", "limit": 100}),
        (v2, {"type": "cluster.TopicPage", "search": "zebraleak", "fields": "*"}),
        (v2, {"child_of": hidden_id}),
        (v2, {"descendant_of": hidden_id}),
        (f"{v2}{hidden_id}/", {}),
        (f"{v2}find/", {"id": hidden_id}),
        ("/api/v2/clusters/", {}),
        (f"/api/v2/clusters/{demo.id}/", {}),
        (f"/api/v2/clusters/{hidden_id}/", {}),
        ("/api/v3/pages/", {"limit": 100}),
        ("/api/v3/pages/", {"search": "zebraleak"}),
        (f"/api/v3/pages/{hidden_id}/", {}),
        (f"/api/v3/pages/{hidden_id}/", {"version": "draft"}),
        (f"/api/v3/pages/{demo.id}/", {"version": "draft"}),
    ]
    parents = Page.objects.filter(id__in=[demo.id, hidden_id])
    live_topics = [t for parent in parents for t in TopicPage.objects.child_of(parent).live()]
    for topic in live_topics:
        # The v3 detail is raw: meta.parent, rich-text link ids and the CTA's page id.
        requests += [(f"{v2}{topic.id}/", {}), (f"/api/v3/pages/{topic.id}/", {})]
    if hidden_path:
        requests += [
            (f"{v2}find/", {"html_path": hidden_path}),
            ("/api/v3/pages/find/", {"html_path": hidden_path}),
        ]
    for url, params in requests:
        response = client.get(url, params, follow=True)
        assert response.status_code < 500, (url, params, response.content[:300])
        body = response.json() if "json" in response["Content-Type"] else {}  # v3 adds "; charset=utf-8"
        yield f"{url} {params}", response.status_code, body


RICH_TEXT_PAGE_ID = re.compile(r'linktype=\\?"page\\?"[^>]*?\\bid=\\?"(\\d+)')


def _ids(data):
    """Every page id a response names, wherever it sits: ids, edges, a CTA's page, rich-text links."""
    found = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("id", "source", "target", "page") and isinstance(value, int):
                found.add(value)
            elif key == "orphans":
                found.update(value)
            else:
                found |= _ids(value)
    elif isinstance(data, list):
        for value in data:
            found |= _ids(value)
    elif isinstance(data, str):
        found |= {int(i) for i in RICH_TEXT_PAGE_ID.findall(data)}
    return found


def leaks(client, demo, hidden: Page | None, word="zebraleak", check_url=True) -> list[str]:
    """What every public response (API and HTML) reveals of `hidden`: one line per leak."""
    hidden_id = hidden.id if hidden is not None else 10**6
    path = Page.objects.get(pk=hidden.pk).url if hidden is not None and hidden.pk else None
    found = []
    for label, status, data in _responses(client, demo, hidden_id, path):
        if status == 200 and hidden_id in _ids(data):
            found.append(f"{label} names page {hidden_id}")
        if word in text_of(data):
            found.append(f"{label} shows {word!r}")
        if hidden is not None and check_url and f"/{hidden.slug}/" in text_of(data):
            found.append(f"{label} shows the URL of {hidden.slug}")
    return found + html_leaks(client, demo, hidden, word, check_url)


def sweep(client, demo, hidden: Page | None, word="zebraleak", check_url=True):
    assert leaks(client, demo, hidden, word, check_url) == []


def html_leaks(client, demo, hidden, word, check_url) -> list[str]:
    """The same for the HTML of every public page: the home page and the cluster's pages."""
    public = [demo.get_parent(), demo, *TopicPage.objects.child_of(demo).live().public()]
    if hidden is not None and hidden.pk:
        public += TopicPage.objects.child_of(hidden).live().public()
    found = []
    # The site map page and /sitemap.xml list every public page (cluster/site/public_pages.py).
    for url in [page.url for page in public] + ["/site-map/", "/sitemap.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        if word in html:
            found.append(f"{url} shows {word!r}")
        if hidden is not None and check_url and f"/{hidden.slug}/" in html:
            found.append(f"{url} shows the URL of {hidden.slug}")
    return found


def hidden_topic(demo, slug, live=True, marker="zebraleak", **fields):
    """A topic carrying the marker, declared as a related topic of a live topic and linked from another."""
    title = f"Hidden {marker} {slug}"
    page = add_topic(demo, slug, live=live, title=title, body=topic_body(demo, marker=marker), **fields)
    RelatedTopic.objects.create(
        page=TopicPage.objects.get(slug="fear-of-intimacy"), target=page, required=False
    )
    # A live page whose prose and CTA still point at it (published before it was hidden).
    body = topic_body(demo)
    body[2]["value"] += f'<p>See <a linktype="page" id="{page.id}">this neighbour</a>.</p>'
    body.append({"type": "cta", "value": {"heading": "", "label": "Go there", "page": page.id, "url": ""}})
    add_topic(demo, f"linking-to-{slug}", body=body)
    return page


def test_drafts_never_appear(demo, client):
    draft = hidden_topic(demo, "secret-draft", live=False)
    draft.save_revision()
    sweep(client, demo, draft)


def test_draft_changes_of_live_pages_never_appear(demo, client):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    live_title = topic.title
    draft = topic.get_latest_revision_as_object()
    draft.title = "Draft title zebraleak"
    draft.body = topic_body(demo, marker="zebraleak")
    draft.save_revision()
    sweep(client, demo, None)
    item = client.get(f"/api/v2/pages/{topic.id}/").json()
    assert item["title"] == live_title  # the live version, not the draft
    assert client.get(f"/api/v3/pages/{topic.id}/", {"version": "draft"}).json()["title"] == live_title


def test_unpublished_pages_never_appear(demo, client):
    page = hidden_topic(demo, "withdrawn", first_published_at=timezone.now())
    page.unpublish()
    assert page_state(page) == "unpublished"
    sweep(client, demo, page)


def test_scheduled_pages_never_appear(demo, client):
    page = hidden_topic(demo, "scheduled", live=False)
    revision = page.save_revision()
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=timezone.now() + timedelta(days=1))
    assert page_state(page) == "scheduled"
    sweep(client, demo, page)


@pytest.mark.parametrize(
    "kind",
    [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS],
)
def test_private_pages_never_appear(demo, client, kind):
    page = hidden_topic(demo, f"private-{kind}")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, password="secret")
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.create(name="Insiders"))
    sweep(client, demo, page)


def test_descendants_of_private_pages_never_appear(demo, client):
    home = demo.get_parent()
    pillar = add_pillar(home, "private-cluster", title="Private zebraleak cluster")
    child = add_topic(
        pillar, "private-child", title="Child zebraleak", body=topic_body(pillar, marker="zebraleak")
    )
    PageViewRestriction.objects.create(page=pillar, restriction_type=PageViewRestriction.LOGIN)
    sweep(client, demo, pillar)
    sweep(client, demo, child)
    for params in ({"child_of": pillar.id}, {"descendant_of": pillar.id}):
        response = client.get("/api/v2/pages/", params)
        assert response.status_code in (400, 404) or response.json()["items"] == []
    assert client.get(f"/api/v2/clusters/{pillar.id}/").status_code == 404


def test_a_live_topic_under_a_withdrawn_pillar_does_not_reveal_it(demo, client):
    home = demo.get_parent()
    pillar = add_pillar(home, "withdrawn-cluster", title="Withdrawn zebraleak pillar", live=False)
    topic = add_topic(pillar, "orphaned-topic", title="A live topic")
    item = client.get(f"/api/v2/pages/{topic.id}/").json()
    assert item["cluster"]["pillar"] is None
    assert "zebraleak" not in text_of(item)  # not in the breadcrumb either
    # The topic's own URL contains the pillar's slug: that much is public.
    sweep(client, demo, pillar, check_url=False)


@pytest.mark.parametrize("header", ["Bearer junk", "Basic YTpi"])
def test_an_authorization_header_without_a_valid_token_is_still_anonymous(demo, client, header):
    home = demo.get_parent()
    pillar = add_pillar(home, "withdrawn-cluster", title="Withdrawn zebraleak pillar", live=False)
    topic = add_topic(pillar, "orphaned-topic", title="A live topic")
    response = client.get(f"/api/v3/pages/{topic.id}/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 200
    assert response.json()["meta"]["parent"] is None
    assert "zebraleak" not in response.content.decode()


def test_api_v3_and_the_breadcrumb_name_a_pillar_once_it_is_public(demo, client):
    """Positive control of the test above: the same sweep sees the pillar when it is live."""
    home = demo.get_parent()
    pillar = add_pillar(home, "withdrawn-cluster", title="Withdrawn zebraleak pillar", live=True)
    topic = add_topic(pillar, "orphaned-topic", title="A live topic")
    found = leaks(client, demo, pillar, check_url=False)
    assert f"/api/v3/pages/{topic.id}/ {{}} shows 'zebraleak'" in found  # meta.parent
    assert f"/api/v2/pages/{topic.id}/ {{}} shows 'zebraleak'" in found  # breadcrumb JSON-LD
    assert f"{topic.url} shows 'zebraleak'" in found  # the HTML breadcrumb
    assert "/site-map/ shows 'zebraleak'" in found


def test_a_live_page_linking_a_withdrawn_page_names_it_nowhere(demo, client):
    hidden = hidden_topic(demo, "withdrawn-neighbour")
    Page.objects.filter(pk=hidden.pk).update(live=False)
    sweep(client, demo, hidden)


def test_the_sweep_sees_a_page_that_is_public(demo, client):
    """Positive control: the sweep finds the marker, the id in v3's raw body and CTA, and the URL."""
    shown = hidden_topic(demo, "shown-neighbour")
    linking = TopicPage.objects.get(slug="linking-to-shown-neighbour")
    found = leaks(client, demo, shown)
    v3 = f"/api/v3/pages/{linking.id}/ {{}}"
    assert f"{v3} names page {shown.id}" in found
    assert f"/api/v2/pages/{shown.id}/ {{}} shows 'zebraleak'" in found
    assert f"{shown.url} shows 'zebraleak'" in found
    assert any(f"shows the URL of {shown.slug}" in line for line in found)
    assert "/site-map/ shows 'zebraleak'" in found  # its title
    assert f"/sitemap.xml shows the URL of {shown.slug}" in found


def test_validation_findings_never_appear(demo, client, settings):
    topic = TopicPage.objects.get(slug="responsive-desire")
    publish_without_faq(topic, settings)  # the live version now fails faq.E001
    for label, _, data in _responses(client, demo, topic.id):
        text = text_of(data)
        assert not FINDING_ID.search(text), label
        assert "findings" not in text, label
    item = client.get(f"/api/v2/pages/{topic.id}/").json()
    assert set(item["validation"]) == {"status", "errors", "warnings", "checked_at"}
    assert item["validation"]["status"] == "fail"
