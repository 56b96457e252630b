"""Whether the rest of a cluster changed, read from an index (cluster.models.PageWriteToken).

Triggers on Wagtail's page table (cluster/write_token_sql.py) give every
page a random token, renewed on each write to its row in `wagtailcore_page`.
The sum of the tokens of a pillar's children, less the pages being checked,
plus the pillar's own token, changes whenever any of those rows is written,
moved in or out, created or deleted. Reading it costs one index range, where
the exact fingerprint of the rows (scoped.py) reads each row.

It is a shortcut and never the only word: a sum seen before names the
fingerprint read when it was seen, and so the context kept under it; a new
sum sends the caller to the exact fingerprint, which decides (a token
renewed by a write that changed nothing costs one fingerprint read, never a
stale answer). The same query asks whether the
triggers are there and fire, on every run: without them the sums stop moving,
and must not be read.
"""

from __future__ import annotations

from django.db import connection

from cluster import write_token_sql

_TABLE = write_token_sql.TABLE


def cluster_tokens(*, pillar_id: int, pillar_path: str, excluded: frozenset) -> tuple | None:
    """(children counted, sums of their tokens, the pillar's tokens), or None when no triggers keep them.

    `excluded` are page ids left out (the pages a scoped check validates).
    """
    present = write_token_sql.PRESENT.get(connection.vendor)
    if present is None:
        return None
    ids = sorted(excluded) or [0]  # no page has id 0
    sql = (
        f"SELECT {present}, count(*), sum(token_a), sum(token_b),"
        f" (SELECT token_a FROM {_TABLE} WHERE page_id = %s),"
        f" (SELECT token_b FROM {_TABLE} WHERE page_id = %s)"
        f" FROM {_TABLE} WHERE parent_path = %s AND page_id NOT IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (pillar_id, pillar_id, pillar_path, *ids))
        installed, *tokens = cursor.fetchone()
    return tuple(tokens) if installed else None
