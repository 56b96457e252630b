"""Every consumer reads the one report: Cluster health, the API, validate_content and the editor's panel.

Issue 11, defects 1 and 2: the editor's panel showed "None declared" under
Cluster links (it validated without the cluster section), and after a topic
that four live pages link to was unpublished, Cluster health counted 33 of
35 with those four links still ticked as present while the API said 33 of 34.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page

from cluster.editor.health import BROKEN, MISSING, cluster_health
from cluster.editor.map_picture import cluster_svg
from cluster.editor.panels import validation_context
from cluster.models import TopicPage
from cluster.validation.service import cluster_report
from tests.gate.support import FAILING_SLUG, linking_by_json

# The live pages whose prose links to responsive-desire in the demo cluster.
LINKING = {
    "intimacy",
    "emotional-vs-physical-intimacy",
    "long-term-desire-paradox",
    "sexual-brakes-and-accelerators",
}


def cli_cluster(slug: str) -> dict:
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("validate_content", cluster=[slug], state="live", fmt="json", stdout=out)
    [cluster] = json.loads(out.getvalue())["clusters"]
    return cluster


def slugs_by_id(report) -> dict[int, str]:
    return {n.id: n.slug for n in report.cluster_map.nodes}


def test_after_an_unpublish_every_consumer_gives_the_same_counts_and_missing_edges(demo, client):
    withdrawn = TopicPage.objects.get(slug=FAILING_SLUG)
    linking = linking_by_json(withdrawn)
    assert linking == LINKING  # four live pages link to it
    withdrawn.unpublish()

    report = cluster_report(pillar=demo, version="live").clusters[0]
    slugs = slugs_by_id(report)
    missing = sorted((e.edge.source, e.edge.target) for e in report.unrealized)

    health = cluster_health(pillar=demo, version="live")
    api = client.get(f"/api/v2/clusters/{demo.id}/").json()
    cli = cli_cluster("intimacy")

    # The same declared and realized counts ...
    counts = {k: report.coverage[k] for k in ("declared", "realized")}
    assert {k: health.coverage[k] for k in counts} == counts
    assert {k: api["coverage"][k] for k in counts} == counts
    assert {k: cli["coverage"][k] for k in counts} == counts
    # ... and none of them counts an edge from or to the withdrawn page.
    assert all(withdrawn.id not in (e.edge.source, e.edge.target) for e in report.edges)
    # The same missing edges.
    assert sorted((s.id, t.id) for s, t, state, _ in health.pairs() if state == MISSING) == missing
    assert sorted((e["source"], e["target"]) for e in api["edges"] if not e["realized"]) == missing
    assert sorted((e["source"], e["target"]) for e in cli["edges"] if not e["realized"]) == missing
    # The editor's panel on each page shows the same per-page counts and missing links
    # (no page has an unpublished draft, so its draft version is its live one).
    titles = {n.id: n.title for n in report.cluster_map.nodes}
    for node in report.cluster_map.nodes:
        if node.id == withdrawn.id:
            continue
        panel = validation_context(page=Page.objects.get(pk=node.id).specific, parent=None)
        assert panel["coverage"] == report.page_coverage(node.id), node.slug
        shown_missing = sorted(row["title"] for row in panel["links"]["outgoing"] if not row["realized"])
        assert shown_missing == sorted(titles[t] for s, t in missing if s == node.id), node.slug
    # The four live links to the withdrawn page are broken, not present.
    broken = {slugs[s.id] for s, t, state, _ in health.pairs() if t.id == withdrawn.id and state == BROKEN}
    assert broken == linking
    # The map picture draws the same: the missing edges in red, the pillar's
    # link to the withdrawn page as broken.
    edges = re.findall(r'data-edge="(\d+)-(\d+)" data-state="([\w-]+)"', cluster_svg(health))
    drawn = {(int(source), int(target)): style for source, target, style in edges}
    assert sorted(e for e, style in drawn.items() if style in (MISSING, "missing-optional")) == missing
    assert drawn[(demo.id, withdrawn.id)] == BROKEN


def test_the_editors_panel_shows_the_reports_links_both_ways(demo):
    topic = TopicPage.objects.get(slug=FAILING_SLUG)
    context = validation_context(page=topic, parent=demo)
    links = context["links"]
    report = cluster_report(pillar=demo, version="draft").clusters[0]

    assert [row["title"] for row in links["outgoing"]] and all(row["realized"] for row in links["outgoing"])
    owed_here = {e.edge.source for e in report.edges_to(topic.id)}
    assert len(links["incoming"]) == len(owed_here) > 0
    titles = {n.id: n.title for n in report.cluster_map.nodes}
    assert sorted(links["linked_from"]) == sorted(titles[i] for i in report.incoming[topic.id])
    assert {titles[n.id] for n in report.cluster_map.nodes if n.slug in LINKING} == set(links["linked_from"])
    assert links["orphan"] is False
    assert context["coverage"] == report.page_coverage(topic.id)


def test_the_editors_panel_names_an_orphan(demo):
    # No page links to a new topic yet: the panel says so, from the report's orphans.
    source = TopicPage.objects.get(slug="attachment-style")
    fresh = TopicPage(title="A new topic", slug="a-new-topic", category="Intimacy", body=source.body.raw_data)
    links = validation_context(page=fresh, parent=demo)["links"]
    assert links["orphan"] is True and links["linked_from"] == []
    assert {row["kind"] for row in links["outgoing"]} >= {"topic-pillar"}
