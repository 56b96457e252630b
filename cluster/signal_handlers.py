"""Keep the cached cluster data in step with what is published.

A page going live or being withdrawn (published, unpublished, deleted while
live, a scheduled revision going live) changes its cluster's map and the
validation of every page that links to it, in any cluster. So does a page
moving in the tree, or a view restriction being added or removed (a private
page must leave the public cluster data at once, not when the cache
expires). Each of these forgets the cached cluster reports once the
writer's transaction commits (cluster/validation/caches.py).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cluster.validation.caches import invalidate_published_state


def invalidate_clusters(sender=None, **kwargs):
    invalidate_published_state()


def connect():
    page_published.connect(invalidate_clusters, dispatch_uid="cluster_api_page_published")
    page_unpublished.connect(invalidate_clusters, dispatch_uid="cluster_api_page_unpublished")
    post_page_move.connect(invalidate_clusters, dispatch_uid="cluster_api_page_moved")
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(
            invalidate_clusters, sender=PageViewRestriction, dispatch_uid=f"cluster_api_restriction_{name}"
        )
