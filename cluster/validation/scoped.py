"""Check a few topic pages of a large cluster at a cost that does not grow with it.

The admin gate and `validate_content --page` check one page against its
cluster. The other pages matter (questions repeated across the cluster, links
into the page), but between two runs they rarely change, so what is derived
from them is kept in process memory: their snapshots and documents, and the
engine's indexes over them (`ValidationContext.shared`, validators/indexes.py).

That context is keyed by an exact fingerprint of the other pages' rows: their
ids and the revision each contributes in the run's version (the latest one for
drafts; the live one and the live flag otherwise), with its time, so an id
reused after a rolled-back transaction never matches. One query per run reads
those rows, so a new revision, a publish or unpublish (in the live version), an
added, removed or deleted page starts a new context. Page states are read
fresh on every run, and only for the pages the subjects link to or declare,
since privacy and scheduling change without touching a row. Positions in the
tree are not part of it: page-scoped reports carry only the subjects' own URLs.

That query reads every row, so it grew with the cluster (2 ms at 2,000
topics). Before it, one index read sums the cluster's page write tokens
(write_tokens.py), which the database renews on every write to a page row; a
sum seen before names the fingerprint it was seen with (so the context kept
under it), and only a new one goes on to read the fingerprint.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, F
from django.db.models.functions import Cast
from wagtail.models import Page

from cluster.models import PillarPage, TopicPage
from cluster.validation.caches import scoped_contexts, scoped_shortcuts
from cluster.validation.cluster_map import scoped_map
from cluster.validation.loading import load_cluster, load_rows, page_rows, referenced_ids, url_mount
from cluster.validation.states import UNSAVED_ID, page_states
from cluster.validation.write_tokens import cluster_tokens
from validators.document import DRAFT, PageDocument
from validators.engine import validate_cluster
from validators.findings import Report


@dataclasses.dataclass
class _Context:
    snapshots: dict  # every page of the cluster in the run's version, by id
    others: dict[int, PageDocument]  # documents of the pages that are not subjects, by id
    # The engine's indexes over `others` (validators/indexes.py).
    shared: dict = dataclasses.field(default_factory=dict)


def _fetch(statement) -> list[tuple]:
    # A plain cursor: at 2,000 rows the ORM's per-row conversions cost more than the query.
    sql, params = statement
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@lru_cache(maxsize=64)
def _fingerprint_sql(pillar_id: int, path: str, depth: int, version: str) -> tuple:
    """The two statements (pillar row, topic rows) behind a fingerprint, compiled once.

    The columns are those that decide which revision each page contributes in
    `version` (see documents._revision), with that revision's time, which tells
    an id reused after a rolled-back transaction apart.
    """
    if version == "draft":
        names = ("id", "latest_revision_id", "stamp")
        stamp = Cast("latest_revision_created_at", output_field=CharField())
    else:
        names = ("id", "live_revision_id", "live", "stamp")
        stamp = Cast("last_published_at", output_field=CharField())
    topic_type = ContentType.objects.get_for_model(TopicPage)
    head = Page.objects.filter(pk=pillar_id).annotate(stamp=stamp).values_list(*names)
    # Children by a range of tree paths, as treebeard's get_children does:
    # unlike child_of's LIKE, PostgreSQL answers it from the path index under
    # any collation (2.5 ms instead of 4.7 ms for 2,000 topics).
    children = (path + Page.alphabet[0] * Page.steplen, path + Page.alphabet[-1] * Page.steplen)
    # The content type as an expression (`+ 0`), so that no database answers
    # from its index: SQLite did, reading every topic page of the site (9 ms
    # at 20,000 topics for any cluster) instead of the pillar's children by
    # path (2.9 ms at 2,000, 0.3 ms at 200; bench/run.py's scale database).
    topics = Page.objects.alias(kind=F("content_type_id") + 0)
    topics = topics.filter(depth=depth + 1, path__range=children, kind=topic_type.pk)
    topics = topics.annotate(stamp=stamp).order_by("path").values_list(*names)
    return head.query.sql_with_params(), _joined(topics.query.sql_with_params(), names)


def _joined(statement, names) -> tuple:
    """The topic rows as one text, joined in the database.

    Fetching 2,000 rows as tuples and hashing them made the page-scoped check
    grow with the cluster (4 ms of 14 at 2,000 topics); one string is
    fetched and hashed in C. Each row is its columns joined by ":" (NULL as
    "-"), the rows by ","; `_SUBJECTS` is where the subjects' ids go, to leave
    their rows out. PostgreSQL orders by id; SQLite keeps the subquery's order
    in practice. Were an order ever different, the key would only miss and the
    context be read again: never a stale hit.
    """
    sql, params = statement
    row = " || ':' || ".join(f"COALESCE(CAST(t.{name} AS TEXT), '-')" for name in names)
    if connection.vendor == "postgresql":
        agg = f"string_agg({row}, ',' ORDER BY t.id)"
    else:
        agg = f"group_concat({row}, ',')"
    return f"SELECT {agg} FROM ({sql}) t WHERE t.id NOT IN ({_SUBJECTS})", params


_SUBJECTS = "/*subjects*/"


def _fingerprint_rows(pillar: PillarPage, version: str, subjects) -> tuple:
    head, (topics, params) = _fingerprint_sql(pillar.pk, pillar.path, pillar.depth, version)
    ids = sorted(subjects) or [0]  # no page has id 0
    joined = (topics.replace(_SUBJECTS, ", ".join(["%s"] * len(ids))), (*params, *ids))
    return (tuple(row for row in _fetch(head) if row[0] not in subjects), _fetch(joined)[0][0])


def _context(pillar, version: str, subjects: frozenset, cache, root: str) -> _Context:
    # The documents hold their URLs and edit URLs: a new site root or admin mount is a new context.
    where = (pillar.pk, version, subjects, url_mount(root))
    # The write tokens first (write_tokens.py): a sum seen before names the
    # fingerprint it was seen with, and costs an index read instead of every row.
    tokens = cluster_tokens(pillar_id=pillar.pk, pillar_path=pillar.path, excluded=subjects)
    if tokens is None:
        scoped_shortcuts.clear()  # sums read before the triggers went are no evidence after they return
    elif (key := scoped_shortcuts.recall((*where, tokens))) is not None:
        if (found := scoped_contexts.recall(key)) is not None:
            return found
    key = (*where, _fingerprint_rows(pillar, version, subjects))
    found = scoped_contexts.recall(key)
    if found is None:
        # Read after the fingerprint (and the fingerprint after the tokens): a
        # change in between makes this context newer than its keys, which no
        # later run can ask for (rows only move on; tokens are random).
        snapshots, docs = load_cluster(pillar=pillar, version=version, cache=cache, root=root)
        found = scoped_contexts.remember(
            key,
            _Context(
                snapshots={s.id: s for s in snapshots},
                others={d.id: d for d in docs if d.id not in subjects},
            ),
        )
    if tokens is not None:
        scoped_shortcuts.remember((*where, tokens), key)  # the key, not the context: one owner of the memory
    return found


def validate_scoped(
    *, pillar: PillarPage, version: str, config, subjects, cache, root: str, replace=None
) -> Report | None:
    """Findings for the topic pages `subjects` (ids) of the pillar's cluster, and only those.

    `replace` is an optional (snapshot, document) of one subject as it is in
    memory (the editor's unsaved form); the others are read in `version`.
    None when the subjects are not all topics of the cluster (the pillar's own
    check is cluster-wide by nature): the caller validates the whole cluster.
    """
    subjects = frozenset(subjects)
    if pillar.pk in subjects:
        return None  # the pillar owes a link to every topic: its check is cluster-wide
    context = _context(pillar, version, subjects, cache, root)
    head = context.snapshots[pillar.pk]
    if replace is None and not subjects <= context.snapshots.keys():
        return None  # not all of them are topics of this cluster
    if replace is not None:
        mine, docs = [replace[0]], [replace[1]]
    else:
        rows = page_rows(subjects, version)
        mine, docs = load_rows(
            rows=rows, kinds=dict.fromkeys(subjects, "topic"), version=version, cache=cache, root=root
        )
    targets = referenced_ids(mine, docs)
    states = page_states({head.id, *subjects, *targets})
    states[UNSAVED_ID] = DRAFT
    cmap = scoped_map(
        version=version,
        snapshots=context.snapshots,
        head=head,
        pages=mine,
        states=states,
        root=root,
        also=targets,
    )
    return validate_cluster(
        {**context.others, **{d.id: d for d in docs}},
        cmap,
        states,
        config_overrides=config,
        cache=cache,
        only=set(subjects),
        summary=False,
        shared=context.shared,
    )
