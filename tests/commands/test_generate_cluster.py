"""`generate_cluster` writes its pages in bulk, and they are the pages Wagtail's own calls make.

The default path (cluster/management/bulk_pages.py) is compared with
`--per-page`, which adds and publishes each topic with `add_child` and
`save_revision().publish()`: every row either leaves (pages, revisions,
related topics, reference index, audit log, search index) must be the same,
and so must the validation report. Ids, uuids and times differ between two
runs (PostgreSQL does not roll its sequences back); they are compared by what
they point at.
"""

import hashlib
import json
import re
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from cluster.management import bulk_pages
from cluster.models import PillarPage, RelatedTopic, TopicPage
from cluster.validation.caches import clear_all
from tests.commands.support import gate

# Page ids: a link's target, the anchor text the generator makes from it, the
# admin edit URL and the JSON report's ids.
PAGE_ID = re.compile(
    r'(linktype=\\?"page\\?" id=\\?"|the related topic |/pages/|"(?:id|source|target)": )(\d+)'
)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CHILD_PATH = re.compile(r"related_topics\.(\d+)\.")
LEXEME = re.compile(r"'([^']*)':([0-9A-D,]+)")  # a PostgreSQL tsvector entry
# The content digest of `--topics 12 --seed 5`, taken with the per-page code
# before the bulk path existed: the same seed still gives the same pages.
SEED_5_DIGEST = "87e8d7da3bf066989e5cddb653cb6a5efc2a48ebc77081e81d3bd357e69b4264"


def generate(*args):
    call_command(
        "generate_cluster", "--topics", "12", "--seed", "5", "--slug", "gen", *args, stdout=StringIO()
    )


class Names:
    """Stable names for what differs between two runs: page, revision and child ids, block uuids."""

    def __init__(self):
        pillar = PillarPage.objects.get(slug="gen")
        pages = [pillar.pk, *Page.objects.child_of(pillar).order_by("path").values_list("pk", flat=True)]
        self.pages = {pk: f"page-{n}" for n, pk in enumerate(pages)}
        revisions = Revision.page_revisions.filter(object_id__in=[str(pk) for pk in pages])
        self.revisions = {r.pk: f"revision-of-{self.page(r.object_id)}" for r in revisions}
        children = RelatedTopic.objects.filter(page__in=pages).order_by("page__path", "pk")
        self.children = {c.pk: f"child-{n}" for n, c in enumerate(children)}
        self.blocks = {}
        for page in Page.objects.filter(pk__in=pages).specific():
            for n, block in enumerate(page.body.raw_data):
                self.blocks[block["id"]] = f"{self.page(page.pk)}-block-{n}"

    def page(self, pk):
        return self.pages.get(int(pk), f"outside-{pk}") if pk is not None else None

    def text(self, value):
        if not isinstance(value, str):
            return value
        value = PAGE_ID.sub(lambda m: m[1] + self.page(m[2]), value)
        value = CHILD_PATH.sub(lambda m: f"related_topics.{self.children[int(m[1])]}.", value)
        return UUID.sub(lambda m: self.blocks.get(m[0], "uuid"), value)

    def body(self, raw) -> str:
        """A StreamField's raw data (or its JSON)."""
        data = json.loads(raw) if isinstance(raw, str) else [dict(block) for block in raw]
        return self.text(json.dumps(data, sort_keys=True))

    def indexed(self, value):
        """Indexed text; on PostgreSQL a tsvector, whose lexemes include the ids in anchor texts."""
        lexemes = LEXEME.findall(value) if isinstance(value, str) else None
        if not lexemes:
            return self.text(value)
        named = (self.page(w) if w.isdigit() and int(w) in self.pages else w for w, _ in lexemes)
        return sorted(zip(named, (at for _, at in lexemes), strict=True))


def ordered(rows):
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, default=str))


def page_rows(names):
    rows = []
    for page in Page.objects.filter(pk__in=names.pages).order_by("path").specific():
        row = {f.attname: getattr(page, f.attname) for f in type(page)._meta.concrete_fields}
        assert uuid.UUID(str(row.pop("translation_key")))
        revision = Revision.objects.get(pk=row["latest_revision_id"])
        assert row.pop("latest_revision_created_at") == revision.created_at
        assert row.pop("first_published_at") == row.pop("last_published_at") >= revision.created_at
        row.update(
            id=names.page(row.pop("id")),
            page_ptr_id=names.page(row.pop("page_ptr_id")),
            latest_revision_id=names.revisions[row["latest_revision_id"]],
            live_revision_id=names.revisions[row["live_revision_id"]],
            body=names.body(page.body.raw_data),
        )
        rows.append(row)
    return rows


def revision_rows(names):
    rows = []
    for revision in Revision.page_revisions.filter(pk__in=names.revisions).values():
        content = dict(revision.pop("content"))
        page = Page.objects.get(pk=revision["object_id"])
        assert content.pop("translation_key") == str(page.translation_key)
        content.update(pk=names.page(content["pk"]), body=names.body(content["body"]))
        for child in content.get("related_topics", ()):
            child.update(page=names.page(child["page"]), target=names.page(child["target"]))
        revision.pop("created_at")  # page_rows compares it with the page's
        revision.update(id=names.revisions[revision["id"]], object_id=names.page(revision["object_id"]))
        rows.append({**revision, "content": content})
    return ordered(rows)


def related_rows(names):
    rows = RelatedTopic.objects.filter(pk__in=names.children).values()
    return ordered(
        {**r, "id": names.children[r["id"]], "page_id": names.page(r["page_id"]),
         "target_id": names.page(r["target_id"])}
        for r in rows
    )  # fmt: skip


def reference_rows(names):
    rows = []
    for ref in ReferenceIndex.objects.filter(object_id__in=[str(pk) for pk in names.pages]).values():
        assert ref.pop("content_path_hash") == ReferenceIndex._get_content_path_hash(ref["content_path"])
        ref.update(
            id=None,
            object_id=names.page(ref["object_id"]),
            to_object_id=names.page(ref["to_object_id"]),
            content_path=names.text(ref["content_path"]),
        )
        rows.append(ref)
    return ordered(rows)


def log_rows(names):
    rows = []
    for entry in PageLogEntry.objects.filter(page_id__in=names.pages).values():
        entry.pop("timestamp")
        revision = names.revisions.get(entry["revision_id"])
        entry.update(id=None, page_id=names.page(entry["page_id"]), revision_id=revision)
        rows.append(entry)
    return ordered(rows)


def search_rows(names):
    rows = []
    for entry in IndexEntry.objects.filter(object_id__in=[str(pk) for pk in names.pages]).values():
        # Not title_norm: the database backend sets it from the average title
        # length of the whole index when the entry is written, so it records
        # the order pages were indexed in (each per-page save re-indexes).
        entry.update(id=None, title_norm=None, object_id=names.page(entry["object_id"]))
        rows.append({key: names.indexed(value) for key, value in entry.items()})
    return ordered(rows)


def report(names):
    """validate_content's JSON report of the cluster."""
    clear_all()
    data = gate("--cluster", "gen")
    for cluster in data["clusters"]:
        cluster["orphans"] = [names.page(pk) for pk in cluster["orphans"]]
    return names.text(json.dumps(data, sort_keys=True))


def everything():
    names = Names()
    return {
        "pages": page_rows(names),
        "revisions": revision_rows(names),
        "related": related_rows(names),
        "references": reference_rows(names),
        "log": log_rows(names),
        "search": search_rows(names),
        "report": report(names),
    }


def content_digest() -> str:
    """The generated content alone (titles, slugs, bodies, related topics)."""
    names = Names()
    data = []
    for page in Page.objects.filter(pk__in=names.pages).order_by("path").specific():
        related = page.related_topics.all() if isinstance(page, TopicPage) else []
        targets = [names.page(r.target_id) for r in related]
        data.append([page.title, page.slug, page.category, names.body(page.body.raw_data), targets])
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_bulk_pages_are_the_pages_wagtails_own_calls_make(demo):
    try:
        with transaction.atomic():
            generate("--per-page")
            one_by_one = everything()
            raise Rollback
    except Rollback:
        pass
    assert not PillarPage.objects.filter(slug="gen").exists()
    generate()
    in_bulk = everything()
    for table, rows in one_by_one.items():
        assert in_bulk[table] == rows, table
    assert len(in_bulk["pages"]) == 13 and len(in_bulk["search"]) == 13
    assert len(in_bulk["references"]) > 12 * 8 and len(in_bulk["log"]) == 2 * 13


@pytest.mark.django_db
def test_a_seed_gives_the_content_it_gave_before_the_bulk_path(demo):
    generate()
    assert content_digest() == SEED_5_DIGEST


@pytest.mark.django_db
def test_new_children_go_after_the_existing_ones_in_tree_order(demo):
    before = list(Page.objects.child_of(demo).order_by("path").values_list("pk", flat=True))
    new = [TopicPage(title=f"Bulk {n}", slug=f"bulk-{n}", live=False) for n in range(3)]
    bulk_pages.add_children(parent=demo, pages=new)
    after = list(Page.objects.child_of(demo).order_by("path").values_list("pk", flat=True))
    assert before and after == [*before, *(p.pk for p in new)] and demo.numchild == len(after)
    assert [p.url_path for p in new] == [f"{demo.url_path}bulk-{n}/" for n in range(3)]
    assert Page.find_problems() == ([], [], [], [], [])
    assert PageLogEntry.objects.filter(page__in=new, action="wagtail.create").count() == 3
