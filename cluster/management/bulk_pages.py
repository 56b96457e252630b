"""Add and publish many new child pages at once, leaving the rows Wagtail's own calls leave.

`generate_cluster` builds benchmark clusters of thousands of topics. Per page,
`parent.add_child(instance=page)` and `page.save_revision().publish()` save
the page three times, and every save re-indexes its references and its search
entry, validates it and logs: about 60 ms a page, 40 minutes for the 20,000
topics of the scale benchmark (docs/benchmarks.md). Here the same rows are
written a batch at a time:

- the page rows, with the tree paths treebeard gives consecutive children;
- one revision each, whose content is `serializable_data()` of the page in the
  state `save_revision()` sees (not live, no revision yet);
- the page rows published from it: live, no unpublished changes, latest and
  live revision, first and last published times;
- the child relations (`ParentalKey` rows), the reference index, the search
  index and the audit log (`wagtail.create`, `wagtail.publish`), and
  `page_published` once per page.

tests/commands/test_generate_cluster.py generates one cluster each way and
compares every one of those rows.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail import signals
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

# Rows per INSERT or UPDATE: small enough for SQLite's variable limit, large
# enough that round trips do not dominate on PostgreSQL.
BATCH = 200


def add_children(*, parent: Page, pages: list[Page]) -> list[Page]:
    """Insert `pages` as the last children of `parent`, in order, as `add_child` would one by one.

    The pages are the specific (unsaved) instances; they come back with ids,
    paths and the defaults `Page.save()` fills in, not yet published.
    """
    if not pages:
        return pages
    model = type(pages[0])
    # Locked as add_child locks it, so no concurrent add takes the same paths.
    locked = Page.objects.select_for_update().get(pk=parent.pk)
    last = locked.get_last_child()
    first_step = last._get_lastpos_in_path() + 1 if last is not None else 1
    for step, page in enumerate(pages, start=first_step):
        _place(page, parent=locked, step=step)
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    bases = [Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in pages]
    Page.objects.bulk_create(bases, batch_size=BATCH)
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.id = base.pk
        page._state.adding = False
    _insert_own_rows(model, pages)
    Page.objects.filter(pk=parent.pk).update(numchild=locked.numchild + len(pages))
    parent.numchild = locked.numchild + len(pages)
    _log(pages, action="wagtail.create", at=timezone.now())
    return pages


def _place(page: Page, *, parent: Page, step: int) -> None:
    page.depth = parent.depth + 1
    page.path = Page._get_path(parent.path, page.depth, step)
    if len(page.path) > Page._meta.get_field("path").max_length or len(Page._int2str(step)) > Page.steplen:
        raise PathOverflow(f"no room for child {step} under {parent.path}")
    page.numchild = 0
    # What Page.full_clean and save() fill in for a new page.
    page.draft_title = page.draft_title or page.title
    page.locale_id = page.locale_id or parent.locale_id
    page.set_url_path(parent)


def _insert_own_rows(model, pages) -> None:
    """The specific model's own table (Django's bulk_create refuses multi-table inheritance).

    The parent rows exist, so each row is just the page_ptr and the model's own
    columns: what `save()` inserts after saving the parents.
    """
    fields = model._meta.local_concrete_fields
    queryset = model._base_manager.using(router.db_for_write(model))
    for start in range(0, len(pages), BATCH):
        queryset._insert(pages[start : start + BATCH], fields=fields)


def publish_new(*, pages: list[Page]) -> list[Revision]:
    """`page.save_revision().publish()` for pages `add_children` just made, their content set in memory."""
    if not pages:
        return []
    model = type(pages[0])
    created = timezone.now()
    revisions = [_revision(page, created) for page in pages]
    Revision.objects.bulk_create(revisions, batch_size=BATCH)
    published = timezone.now()
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
        page.latest_revision_created_at = created
        page.live, page.has_unpublished_changes, page.expired = True, False, False
        page.first_published_at = page.last_published_at = published
    _save_content(model, pages)
    _save_children(pages)
    _index_references(pages)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, pages)
    _log(pages, action="wagtail.publish", at=published, revisions=revisions)
    for page, revision in zip(pages, revisions, strict=True):
        signals.page_published.send(sender=model, instance=page, revision=revision)
        signals.published.send(sender=model, instance=page, revision=revision)
    return revisions


def _revision(page: Page, created) -> Revision:
    # Serialized before any publish field is set: save_revision() sees the page
    # as add_child left it, with its content assigned.
    return Revision(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        content=page.serializable_data(),
        object_str=str(page),
        created_at=created,
    )


def _save_content(model, pages) -> None:
    """The published state on the page rows, and the content on the model's own rows.

    Not QuerySet.bulk_update: it builds one CASE expression per row and field,
    which took longer than everything else here. The published fields are the
    same for every page of a batch, and each page's revisions are the one
    just made for it; the own rows take one UPDATE statement, executed per row.
    """
    first = pages[0]
    revision = Revision.page_revisions.filter(object_id=Cast(OuterRef("pk"), CharField())).values("pk")[:1]
    for start in range(0, len(pages), BATCH):
        Page.objects.filter(pk__in=[p.pk for p in pages[start : start + BATCH]]).update(
            live=True, has_unpublished_changes=False, expired=False,
            first_published_at=first.first_published_at, last_published_at=first.last_published_at,
            latest_revision_created_at=first.latest_revision_created_at,
            latest_revision=Subquery(revision), live_revision=Subquery(revision),
        )  # fmt: skip
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(model._meta.pk.column),
    )
    rows = [[*(f.get_db_prep_save(getattr(p, f.attname), connection) for f in fields), p.pk] for p in pages]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _save_children(pages) -> None:
    """The in-memory child relations (modelcluster), inserted as publishing's save() commits them."""
    for relation in get_all_child_relations(pages[0]):
        children = [child for page in pages for child in getattr(page, relation.get_accessor_name()).all()]
        for page in pages:
            for child in getattr(page, relation.get_accessor_name()).all():
                setattr(child, relation.field.attname, page.pk)
        relation.related_model.objects.bulk_create(children, batch_size=BATCH)


def _index_references(pages) -> None:
    """ReferenceIndex.create_or_update_for_object for new pages: nothing to compare, all to insert."""
    content_type = ContentType.objects.get_for_model(pages[0], for_concrete_model=False)
    base_type = ContentType.objects.get_for_model(Page)
    rows = [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=base_type,
            object_id=page.pk,
            to_content_type_id=to_type,
            to_object_id=to_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for page in pages
        for to_type, to_id, model_path, content_path in _references(page)
    ]
    features = connections[router.db_for_write(ReferenceIndex)].features
    conflicts = {"ignore_conflicts": True} if features.supports_ignore_conflicts else {}
    ReferenceIndex.objects.bulk_create(rows, batch_size=BATCH, **conflicts)


def _references(page) -> set[tuple]:
    return set(ReferenceIndex._extract_references_from_object(page))


def _log(pages, *, action: str, at, revisions=None) -> None:
    """The audit log entries Page.save() (create) and publishing write, with no user."""
    content_type = ContentType.objects.get_for_model(pages[0], for_concrete_model=False)
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type=content_type,
                label=PageLogEntry.objects.get_instance_title(page),
                action=action,
                timestamp=at,
                data={},
                content_changed=True,
                page_id=page.pk,
                revision=revisions[n] if revisions else None,
            )
            for n, page in enumerate(pages)
        ],
        batch_size=BATCH,
    )
