"""Cached cluster data is forgotten after the writer commits, not only inside its transaction.

Issue 11, defect 5: the cache was cleared inside the writer's transaction.
A reader in another process that asked in between still read the old rows,
rebuilt the cluster from them and cached it; after the commit that stale
copy was served for the cache's fifteen minutes (a retitled page kept its
old title; a deleted page stayed listed, with title and URL). A second
process's view of the old rows is what the reader below stands in for.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import transaction

from cluster.api import clusters
from cluster.models import TopicPage

pytestmark = pytest.mark.usefixtures("fresh_cache")


def titles(client, pillar) -> set[str]:
    return {node["title"] for node in client.get(f"/api/v2/clusters/{pillar.id}/").json()["nodes"]}


def test_a_report_rebuilt_from_old_rows_during_the_commit_is_never_served(
    demo, client, django_capture_on_commit_callbacks
):
    old_rows = clusters.public_cluster(demo)  # what another process reads until the commit
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    old_title = topic.title
    assert old_title in titles(client, demo)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            page = topic.get_latest_revision_as_object()
            page.title = "Retitled while a reader was looking"
            page.save_revision().publish()
            # The concurrent reader: it misses the cache, computes from the old
            # rows and stores the result, before the writer commits.
            with mock.patch.object(clusters, "public_cluster", return_value=old_rows):
                clusters.public_clusters([demo])
    assert callbacks  # the invalidation waited for the commit

    after = titles(client, demo)
    assert "Retitled while a reader was looking" in after
    assert old_title not in after


def test_a_deleted_page_leaves_the_cluster_data_after_the_commit(
    demo, client, django_capture_on_commit_callbacks
):
    old_rows = clusters.public_cluster(demo)
    topic = TopicPage.objects.get(slug="attachment-style")
    title = topic.title
    assert title in titles(client, demo)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            topic.delete()
            with mock.patch.object(clusters, "public_cluster", return_value=old_rows):
                clusters.public_clusters([demo])
    assert title not in titles(client, demo)
