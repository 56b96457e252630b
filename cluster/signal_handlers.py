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

from django.db import connections
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cluster import write_token_sql
from cluster.models import PageWriteToken
from cluster.validation.caches import invalidate_published_state


def invalidate_clusters(sender=None, **kwargs):
    invalidate_published_state()


def reinstall_write_token_triggers(sender=None, using="default", **kwargs):
    """Put back the page write token triggers a migration dropped, with new tokens.

    Django rebuilds a SQLite table for some schema changes, which drops its
    triggers; a later Wagtail migration of the page table would do that. The
    tokens are then not read (write_tokens.py checks on every run), so this
    only restores the shortcut; the new tokens cover writes made meanwhile.
    """
    if getattr(sender, "label", None) != "cluster":
        return  # post_migrate is sent once per app; once is enough
    connection = connections[using]
    if PageWriteToken._meta.db_table not in connection.introspection.table_names():
        return  # migrated back before 0007, or not yet there
    if connection.vendor in write_token_sql.CREATE and not write_token_sql.installed(connection):
        write_token_sql.install(connection)


def renew_loaded_write_token(sender=None, instance=None, raw=False, using="default", **kwargs):
    """A token row saved raw (`loaddata`, a test's serialized rollback) is made again from its page.

    A fixture holds the tokens of the day it was dumped, and the parent paths
    of that day. Loaded back over pages that changed since, the tokens would
    bring back a sum a running process remembers with the old pages' context,
    and a moved page would be summed under its old parent. The row is made
    again as the triggers make it: new random tokens, the page's current
    parent, and no row for a page that is gone.
    """
    if raw:
        write_token_sql.renew(connections[using], instance.page_id)


def connect():
    post_migrate.connect(reinstall_write_token_triggers, dispatch_uid="cluster_write_token_triggers")
    post_save.connect(
        renew_loaded_write_token, sender=PageWriteToken, dispatch_uid="cluster_write_token_loaded"
    )
    page_published.connect(invalidate_clusters, dispatch_uid="cluster_api_page_published")
    page_unpublished.connect(invalidate_clusters, dispatch_uid="cluster_api_page_unpublished")
    post_page_move.connect(invalidate_clusters, dispatch_uid="cluster_api_page_moved")
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(
            invalidate_clusters, sender=PageViewRestriction, dispatch_uid=f"cluster_api_restriction_{name}"
        )
