"""The "Cluster health" admin report (cluster/reports.py, cluster/views.py)."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from cluster.editor.health import BROKEN, DECLARED, EXTRA, MISSING, PRESENT, SELF, cluster_health
from cluster.gate import rules as gate
from cluster.models import PillarPage, TopicPage
from cluster.stored.reader import faq_items as _faq_items

URL = "/admin/reports/cluster-health/"


@pytest.fixture
def root(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def admin_client(client, demo, root):
    client.force_login(root)
    return client


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def cells(response) -> dict:
    return {td["data-cell"]: td["data-state"] for td in soup(response).select("[data-cell]")}


def test_url_and_menu_item(admin_client):
    assert reverse("cluster_health") == URL
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Cluster health" in html and URL in html


def test_report_renders_status_matrix_and_svg(admin_client, demo):
    response = admin_client.get(URL)
    assert response.status_code == 200
    page = soup(response)
    # Status of every page (the pillar and its nine topics), with an edit link each.
    rows = page.select("[data-cluster-status] tbody tr")
    assert len(rows) == 10
    for topic in TopicPage.objects.child_of(demo):
        assert f'href="{reverse("wagtailadmin_pages:edit", args=[topic.id])}"' in response.content.decode()
    assert all("pass" in row.get_text() for row in rows)
    # The matrix: 10 x 10 cells.
    assert len(page.select("[data-coverage-matrix] tbody tr")) == 10
    assert len(cells(response)) == 100
    # The SVG: one node per page, one edge per declared link, all present.
    svg = page.select_one("svg.cluster-map")
    assert svg is not None
    assert len(svg.select("[data-node]")) == 10
    assert {e["data-state"] for e in svg.select("[data-edge]")} == {PRESENT}
    assert "Orphans" in page.get_text()


def test_coverage_cells_match_the_demo(admin_client, demo):
    states = cells(admin_client.get(URL))
    topics = list(TopicPage.objects.child_of(demo).values_list("slug", flat=True))
    for slug in topics:
        assert states[f"intimacy|{slug}"] == PRESENT  # pillar -> topic
        assert states[f"{slug}|intimacy"] == PRESENT  # topic -> pillar
        assert states[f"{slug}|{slug}"] == SELF
    # responsive-desire declares two related topics and links both.
    assert states["responsive-desire|sexual-brakes-and-accelerators"] == PRESENT
    assert states["responsive-desire|long-term-desire-paradox"] == PRESENT
    health = cluster_health(pillar=demo, version="live")
    assert health.coverage["declared"] == health.coverage["realized"] > 18
    assert not health.orphans["live"] and not health.orphans["draft"]


def _without_links_to(page, target_id):
    """The page's body with every link to `target_id` unwrapped to plain text."""
    from bs4 import BeautifulSoup as BS

    def strip(html):
        tree = BS(html, "html.parser")
        for a in tree.select(f'a[linktype="page"][id="{target_id}"]'):
            a.unwrap()
        return str(tree)

    raw = []
    for block in page.body.raw_data:
        value = block["value"]
        if block["type"] == "paragraph":
            value = strip(value)
        elif block["type"] == "lead":
            value = {**value, "answer": strip(value["answer"])}
        elif block["type"] == "faq":
            items = [{**item, "answer": strip(item["answer"])} for item in _faq_items(value)]
            value = {**value, "items": items}
        raw.append({"type": block["type"], "value": value})
    return raw


def test_a_broken_page_shows_missing_and_failing(admin_client, demo, root):
    topic = TopicPage.objects.get(slug="responsive-desire")
    # Published broken, as a moderator overriding the gate would.
    topic.body = _without_links_to(topic, demo.id)
    with gate.override(root, "testing the report"):
        topic.save_revision(user=root).publish(user=root)
    response = admin_client.get(URL)
    assert cells(response)["responsive-desire|intimacy"] == MISSING
    row = soup(response).select_one('[data-page="responsive-desire"]')
    assert "fail" in row.get_text() and "links.E002" in row.get_text()
    edge = soup(response).select_one(f'[data-edge="{topic.id}-{demo.id}"]')
    assert edge["data-state"] == MISSING
    assert soup(response).select_one(f'[data-node="{topic.id}"]')["data-status"] == "fail"


def test_draft_state_shows_the_drafts(admin_client, demo):
    topic = TopicPage.objects.get(slug="responsive-desire")
    topic.body = _without_links_to(topic, demo.id)
    topic.save_revision()  # a draft only: the live version still links
    assert cells(admin_client.get(URL))["responsive-desire|intimacy"] == PRESENT
    response = admin_client.get(URL, {"state": "draft"})
    assert cells(response)["responsive-desire|intimacy"] == MISSING
    assert "unpublished changes" in soup(response).select_one('[data-page="responsive-desire"]').get_text()


def test_unpublished_target_is_declared_not_due_and_links_to_it_are_broken(admin_client, demo):
    topic = TopicPage.objects.get(slug="responsive-desire")
    topic.unpublish()
    states = cells(admin_client.get(URL))
    # Its edges are no longer due either way. The pillar's live prose still
    # links it: a link visitors cannot follow (links.E004), never a tick
    # (issue 11, defect 2).
    assert states["intimacy|responsive-desire"] == BROKEN
    assert states["responsive-desire|intimacy"] == DECLARED  # it has no live prose to link from
    health = cluster_health(pillar=demo, version="live")
    row = next(p for p in health.pages if p.slug == "responsive-desire")
    assert row.live is None and row.state == "unpublished"
    assert health.cell(demo.id, topic.id)[0] == BROKEN
    assert {health.cell(s, t)[0] for (s, t) in health.declared if t == topic.id} <= {BROKEN, DECLARED}


def test_undeclared_link_shows_as_extra(demo):
    health = cluster_health(pillar=demo, version="live")
    extras = [(s, t) for s in health.present for t in health.present[s] if health.cell(s, t)[0] == EXTRA]
    for source, target in extras:
        assert (source, target) not in health.declared


def test_csv_export(admin_client, demo):
    response = admin_client.get(URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="intimacy-coverage-live.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "from \\ to" and rows[0][1] == "intimacy" and len(rows) == 11
    header = rows[0]
    pillar_row = rows[1]
    assert pillar_row[0] == "intimacy" and pillar_row[1] == SELF
    assert pillar_row[header.index("responsive-desire")] == PRESENT


def test_permission_required(client, demo, django_user_model):
    assert client.get(URL).status_code == 302  # to the login page
    nobody = django_user_model.objects.create_user("nobody", "n@example.org", "pw")
    client.force_login(nobody)
    assert client.get(URL).status_code in (302, 403)
    editor = django_user_model.objects.create_user("ed", "e@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(URL).status_code == 200


def test_unpublished_cluster_renders(admin_client, demo):
    home = Page.objects.get(depth=2).specific
    draft = home.add_child(
        instance=PillarPage(title="Draft cluster", slug="draft-cluster", category="X", live=False)
    )
    draft.save_revision()
    response = admin_client.get(URL, {"cluster": draft.id})
    assert response.status_code == 200
    row = soup(response).select_one('[data-page="draft-cluster"]')
    assert "not published" in row.get_text() and "fail" in row.get_text()  # its draft has no FAQ
    assert cells(admin_client.get(URL, {"cluster": draft.id, "state": "draft"})) == {
        "draft-cluster|draft-cluster": SELF
    }


def test_unknown_cluster_is_404(admin_client):
    assert admin_client.get(URL, {"cluster": "999999"}).status_code == 404


# --- size: the report must not query per page -------------------------------


def build_cluster(topics: int, slug: str) -> PillarPage:
    """A published cluster with minimal bodies, built cheaply.

    Topics link to the pillar and to the next topic; the pillar links to every
    topic. Each page gets one revision, marked live directly: the report reads
    live revisions, and this is test data, not a publishing path (publishing
    each page through the gate would make building it quadratic).
    """
    home = Page.objects.get(depth=2).specific
    pillar = home.add_child(instance=PillarPage(title=f"Big {slug}", slug=slug, category="Big", live=True))
    made = [
        pillar.add_child(
            instance=TopicPage(title=f"{slug} topic {n}", slug=f"{slug}-t{n}", category="Big", live=True)
        )
        for n in range(topics)
    ]
    for n, page in enumerate(made):
        nxt = made[(n + 1) % topics]
        page.body = [
            {
                "type": "paragraph",
                "value": f'<p>Back to <a linktype="page" id="{pillar.id}">the overview</a>, '
                f'then on to <a linktype="page" id="{nxt.id}">{nxt.title}</a>.</p>',
            }
        ]
    links = "".join(f'<a linktype="page" id="{p.id}">{p.title}</a> ' for p in made)
    pillar.body = [{"type": "paragraph", "value": f"<p>{links}</p>"}]
    for page in [pillar, *made]:
        revision = page.save_revision()
        Page.objects.filter(pk=page.pk).update(live_revision=revision, has_unpublished_changes=False)
    return pillar


def report_queries(client, pillar) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"cluster": pillar.id})
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_cluster_size(admin_client):
    small = report_queries(admin_client, build_cluster(20, "small"))
    large = report_queries(admin_client, build_cluster(60, "large"))
    assert large == small
    # Bench note (not a timed test): build_cluster(500, ...) renders with the
    # same query count; the time goes to the validators, see docs/editor.md.


# --- broken links after an unpublish or a delete: matrix, map and list ------

# The live pages whose prose links to responsive-desire in the demo cluster.
LINKING = [
    "emotional-vs-physical-intimacy",
    "intimacy",
    "long-term-desire-paradox",
    "sexual-brakes-and-accelerators",
]


def broken_everywhere(response, target_slug: str, target_id: int) -> dict:
    """Which pages each view of the report shows with a broken link to the target: matrix, map, list."""
    page = soup(response)
    slugs = dict(Page.objects.values_list("id", "slug"))
    map_edges = page.select(f'svg [data-edge$="-{target_id}"][data-state="{BROKEN}"]')
    return {
        "matrix": sorted(
            cell.split("|")[0]
            for cell, state in cells(response).items()
            if cell.endswith(f"|{target_slug}") and state == BROKEN
        ),
        # Not colour alone: each broken edge carries the ⚠ badge and ends on a bar.
        "map": sorted(
            slugs[int(edge["data-edge"].split("-")[0])]
            for edge in map_edges
            if edge.select_one("text").text == "⚠"
            and edge.select_one("path")["marker-end"] == "url(#arrow-broken)"
        ),
        "list": sorted(
            li["data-problem"].split("|")[0]
            for li in page.select(f'[data-map-problems] li[data-state="{BROKEN}"]')
            if li["data-problem"].endswith(f"|{target_slug}")
        ),
        "node": page.select_one(f'svg [data-node="{target_id}"]')["data-status"],
    }


def test_after_an_unpublish_links_to_the_page_are_broken_on_matrix_map_and_list(admin_client, demo):
    topic = TopicPage.objects.get(slug="responsive-desire")
    topic.unpublish()
    response = admin_client.get(URL)
    assert broken_everywhere(response, "responsive-desire", topic.id) == {
        "matrix": LINKING,
        "map": LINKING,
        "list": LINKING,
        "node": "not-live",
    }
    item = soup(response).select_one('[data-problem="intimacy|responsive-desire"]')
    assert " ".join(item.get_text().split()).endswith("broken, the page is unpublished")


def test_after_a_delete_links_to_the_page_are_broken_on_matrix_map_and_list(admin_client, demo):
    topic = TopicPage.objects.get(slug="responsive-desire")
    title, topic_id = topic.title, topic.id
    topic.delete()
    response = admin_client.get(URL)
    slug = f"deleted-{topic_id}"
    assert broken_everywhere(response, slug, topic_id) == {
        "matrix": LINKING,
        "map": LINKING,
        "list": LINKING,
        "node": "not-live",
    }
    page = soup(response)
    # The deleted page keeps the title it had (from the audit log), and nothing to edit.
    row = page.select_one(f'[data-page="{slug}"]')
    assert [td.get_text(strip=True) for td in row.select("td")][:3] == [title, "deleted", "deleted"]
    assert row.select("a") == []
    node = page.select_one(f'[data-node="{topic_id}"]')
    assert node.name == "g" and node.select_one("title").text == f"{title} (deleted page)"
    item = page.select_one(f'[data-problem="intimacy|{slug}"]')
    assert " ".join(item.get_text().split()).endswith(f"{title}: broken, the page was deleted")
    # The draft view too: a deleted page is no link target in any version.
    draft = cells(admin_client.get(URL, {"state": "draft"}))
    assert (
        sorted(c.split("|")[0] for c, s in draft.items() if c.endswith(f"|{slug}") and s == BROKEN) == LINKING
    )


def test_the_deleted_page_is_in_the_csv(admin_client, demo):
    topic = TopicPage.objects.get(slug="responsive-desire")
    topic_id = topic.id
    topic.delete()
    rows = list(csv.reader(io.StringIO(admin_client.get(URL, {"export": "csv"}).content.decode())))
    column = rows[0].index(f"deleted-{topic_id}")
    assert sorted(row[0] for row in rows[1:] if row[column] == BROKEN) == LINKING
