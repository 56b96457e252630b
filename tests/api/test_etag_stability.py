"""An ETag changes only when its response's content changes (docs/api.md, "Caching").

Every publish anywhere rebuilds the cached cluster data. `checked_at` used to
be the time of that rebuild, so one publish changed the ETag of every page and
every cluster map, and a front end that rebuilds on an ETag change rebuilt
everything. Now a page's `validation.checked_at` is its own publish time and a
cluster's is the newest publish time of its pages.

The demo cluster (intimacy) and a second cluster (other) are served. Each test
publishes a page and compares every ETag before and after: only the responses
whose content names the published page may change.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction

from cluster.models import TopicPage
from cluster.validation.caches import clear_all
from tests.api.support import add_pillar, add_topic

pytestmark = pytest.mark.usefixtures("fresh_cache")


@pytest.fixture
def clusters(demo):
    home = demo.get_parent()
    other = add_pillar(home, "other", title="Another cluster")
    other_topic = add_topic(other, "other-topic")
    return {"intimacy": demo, "other": other, "other_topic": other_topic}


def urls(clusters) -> dict[str, str]:
    topic = TopicPage.objects.get(slug="attachment-style")  # never published by these tests
    other_topic = clusters["other_topic"]
    return {
        "v2 topic": f"/api/v2/pages/{topic.id}/",
        "v2 topic fields=*": f"/api/v2/pages/?type=cluster.TopicPage&fields=*&id={topic.id}",
        "v3 topic": f"/api/v3/pages/{topic.id}/",
        "v2 pillar": f"/api/v2/pages/{clusters['intimacy'].id}/",
        "v2 other topic": f"/api/v2/pages/{other_topic.id}/",
        "cluster list": "/api/v2/clusters/",
        "intimacy map": f"/api/v2/clusters/{clusters['intimacy'].id}/",
        "other map": f"/api/v2/clusters/{clusters['other'].id}/",
    }


def etags(client, paths: dict[str, str]) -> dict[str, str]:
    found = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, (name, response.content[:300])
        found[name] = response["ETag"]
    return found


def publish(page, django_capture_on_commit_callbacks, **changes):
    """Publish the page's latest version through Wagtail (and the gate), committing, so caches clear."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            draft = page.get_latest_revision_as_object()
            for name, value in changes.items():
                setattr(draft, name, value)
            draft.save_revision().publish()
    assert callbacks  # the published state was invalidated: every cluster entry is rebuilt


def changed(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after[name])


def test_republishing_an_unchanged_page_changes_only_its_cluster_map(
    clusters, client, django_capture_on_commit_callbacks
):
    paths = urls(clusters)
    before = etags(client, paths)
    assert etags(client, paths) == before  # nothing published: nothing changes

    published = TopicPage.objects.get(slug="fear-of-intimacy")
    publish(published, django_capture_on_commit_callbacks)

    # The intimacy map's checked_at is the newest publish time of its pages: it moved.
    assert changed(before, etags(client, paths)) == ["intimacy map"]
    detail = client.get(f"/api/v2/pages/{published.id}/").json()
    published.refresh_from_db()
    assert detail["validation"]["checked_at"] == published.last_published_at.isoformat()
    cluster_map = client.get(paths["intimacy map"]).json()
    assert cluster_map["checked_at"] == published.last_published_at.isoformat()


def test_publishing_a_page_of_another_cluster_leaves_this_clusters_etags_alone(
    clusters, client, django_capture_on_commit_callbacks, settings
):
    paths = urls(clusters)
    before = etags(client, paths)
    settings.CLUSTER_PUBLICATION_GATE = False  # the made-up topic's FAQ is too short for the gate

    publish(clusters["other_topic"], django_capture_on_commit_callbacks, title="A new title")

    # The other map names the new title and its checked_at; the list names the
    # other cluster's topics; the topic's own detail carries its title.
    assert changed(before, etags(client, paths)) == ["cluster list", "other map", "v2 other topic"]


def test_a_change_to_a_page_changes_the_etags_that_show_it(
    clusters, client, django_capture_on_commit_callbacks
):
    """Positive control: the ETag does follow the content."""
    paths = urls(clusters)
    before = etags(client, paths)

    topic = TopicPage.objects.get(slug="attachment-style")
    publish(topic, django_capture_on_commit_callbacks, search_description="A new description.")

    # Its own responses (v2 detail and listing, v3) and its cluster's map (checked_at).
    assert changed(before, etags(client, paths)) == [
        "intimacy map",
        "v2 topic",
        "v2 topic fields=*",
        "v3 topic",
    ]


def test_saving_a_draft_leaves_checked_at_and_the_etags_alone(
    clusters, client, django_capture_on_commit_callbacks, settings
):
    """Issue 17: checked_at fell back to `latest_revision_created_at`, which every saved draft rewrites.

    The other cluster's pages were put live without a publish (no
    `last_published_at`), so a saved draft told the public when it was saved.
    """
    paths = urls(clusters)
    topic = clusters["other_topic"]
    assert topic.last_published_at is None
    before = etags(client, paths)
    stamps = {
        "page": client.get(paths["v2 other topic"]).json()["validation"]["checked_at"],
        "map": client.get(paths["other map"]).json()["checked_at"],
    }
    assert stamps["page"] == stamps["map"] == topic.live_revision.created_at.isoformat()

    draft = topic.get_latest_revision_as_object()
    draft.title = "A draft title"
    draft.save_revision()
    cache.clear()  # recompute the cluster data, as the next publish anywhere would
    clear_all()

    assert changed(before, etags(client, paths)) == []
    assert client.get(paths["v2 other topic"]).json()["validation"]["checked_at"] == stamps["page"]
    assert client.get(paths["other map"]).json()["checked_at"] == stamps["map"]

    # Positive control: publishing that draft moves checked_at and the ETags that show it.
    settings.CLUSTER_PUBLICATION_GATE = False  # the made-up topic's FAQ is too short for the gate
    publish(topic, django_capture_on_commit_callbacks)
    assert changed(before, etags(client, paths)) == ["cluster list", "other map", "v2 other topic"]
    topic.refresh_from_db()
    assert client.get(paths["other map"]).json()["checked_at"] == topic.last_published_at.isoformat()
