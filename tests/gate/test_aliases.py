"""Aliases of cluster pages are refused on every route (issue 11, defects 7 and 8; docs/gate.md).

An alias went live without validation (through API v3 and the admin copy
form's "alias" box), and an alias of the pillar made a whole second live
cluster. Cluster loading keyed rows by revision, which an alias shares with
its source, so the source vanished from the cluster data and the alias was
listed twice.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import APIToken, Page

from cluster.gate.aliases import REFUSED
from cluster.models import PillarPage, TopicPage
from cluster.validation.caches import clear_all
from cluster.validation.service import cluster_report
from tests.gate.support import PASSING_SLUG, topic


def copy_form(page, *, slug: str, alias: bool, subpages: bool = False) -> dict:
    data = {"new_title": f"Copy of {page.title}", "new_slug": slug, "new_parent_page": page.get_parent().pk}
    if alias:
        data["alias"] = "on"
    if subpages:
        data["copy_subpages"] = "on"
    return data


@pytest.mark.parametrize("slug", ["intimacy", PASSING_SLUG])
def test_the_admin_refuses_an_alias_of_a_cluster_page_and_says_why(demo, client, superuser, slug):
    client.force_login(superuser)
    page = Page.objects.get(slug=slug)
    before = Page.objects.count()
    url = reverse("wagtailadmin_pages:copy", args=(page.pk,))
    response = client.post(url, copy_form(page, slug=f"{slug}-alias", alias=True), follow=True)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert Page.objects.count() == before
    assert not Page.objects.filter(alias_of__isnull=False).exists()


def test_the_admin_still_copies_a_cluster_page_as_a_draft(demo, client, superuser):
    client.force_login(superuser)
    page = topic(PASSING_SLUG)
    url = reverse("wagtailadmin_pages:copy", args=(page.pk,))
    response = client.post(url, {**copy_form(page, slug="a-copy", alias=False), "publish_copies": "on"})
    assert response.status_code == 302
    copy = TopicPage.objects.get(slug="a-copy")
    assert copy.alias_of_id is None and not copy.live


def test_the_admin_refuses_an_alias_of_a_branch_holding_cluster_pages(demo, client, superuser):
    client.force_login(superuser)
    home = demo.get_parent()
    url = reverse("wagtailadmin_pages:copy", args=(home.pk,))
    data = copy_form(home, slug="home-alias", alias=True, subpages=True)
    data["new_parent_page"] = home.get_parent().pk
    response = client.post(url, data, follow=True)
    assert REFUSED in response.content.decode()
    assert not Page.objects.filter(alias_of__isnull=False).exists()


@pytest.mark.parametrize("slug", ["intimacy", PASSING_SLUG])
def test_api_v3_refuses_an_alias_of_a_cluster_page_with_a_422(demo, client, superuser, slug):
    _, token = APIToken.create_token(user=superuser, name="alias test")
    page = Page.objects.get(slug=slug)
    response = client.post(
        f"/api/v3/pages/{page.pk}/actions/create_alias/",
        {"slug": f"{slug}-alias"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422, response.content
    assert "alias of a pillar or topic page cannot be created" in response.content.decode()
    assert not Page.objects.filter(alias_of__isnull=False).exists()


def live_verdicts() -> dict[str, list[str]]:
    out = io.StringIO()
    try:
        call_command("validate_content", cluster=["intimacy"], state="live", fmt="json", stdout=out)
    except SystemExit:
        pass
    report = json.loads(out.getvalue())
    return {
        p["slug"]: sorted(f["id"] for f in p["findings"] if f["severity"] == "error") for p in report["pages"]
    }


def test_an_alias_made_before_the_gate_never_hides_its_source(demo, client, settings):
    # Data from before aliases were refused: made with the gate off.
    settings.CLUSTER_PUBLICATION_GATE = False
    source = topic(PASSING_SLUG)
    alias = source.create_alias(update_slug="an-alias")
    settings.CLUSTER_PUBLICATION_GATE = True
    assert alias.live and alias.live_revision_id == source.live_revision_id  # they share a revision

    clear_all()
    cold = live_verdicts()
    warm = live_verdicts()
    settings.CLUSTER_VALIDATION_CACHE = None
    clear_all()
    uncached = live_verdicts()
    assert cold == warm == uncached
    assert {PASSING_SLUG, "an-alias"} <= set(cold)

    detail = client.get(f"/api/v2/clusters/{demo.id}/").json()
    ids = [node["id"] for node in detail["nodes"]]
    assert len(ids) == len(set(ids))
    assert {source.id, alias.id} <= set(ids)
    assert PillarPage.objects.filter(pk=demo.pk).exists()


def test_an_alias_ahead_of_its_source_keeps_both_names_apart(demo, settings):
    # Loading builds both pages from the one revision they share; the alias's
    # own title and slug must never end up on its source (issue 11, defect 7).
    settings.CLUSTER_PUBLICATION_GATE = False
    source = topic(PASSING_SLUG)
    alias = source.create_alias(update_slug="an-alias")
    Page.objects.get(pk=source.pk).move(demo, pos="last-child")  # now the alias sorts first
    clear_all()
    for version in ("live", "draft"):
        report = cluster_report(pillar=demo, version=version)
        docs = {r.document.id: r.document for r in report.pages}
        assert (docs[source.pk].slug, docs[source.pk].title) == (PASSING_SLUG, source.title)
        assert docs[alias.pk].slug == "an-alias"
