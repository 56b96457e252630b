"""Validation status in the admin: explorer column, Status and Checks side panels, dashboard panel."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from cluster.editor.status import page_status
from cluster.models import ContentPage, TopicPage
from tests.editor.test_status import save_draft_without_faq


@pytest.fixture
def editor_client(client, demo, django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.org", "pw")
    user.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
    client.force_login(user)
    return client


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def row_of(soup, page):
    return soup.select_one(f'tr:has(a[href="{reverse("wagtailadmin_pages:edit", args=[page.id])}"])')


def validation_cell(soup, page):
    return row_of(soup, page).select_one("td[data-validation-cell]")


def test_explorer_column_for_topics_and_blank_for_other_pages(editor_client, demo):
    topic = save_draft_without_faq()
    soup = get(editor_client, reverse("wagtailadmin_explore", args=[demo.id]))
    assert "Validation" in [text(th) for th in soup.select("thead th")]
    status = page_status(page=topic)
    assert text(validation_cell(soup, topic)) == f"Draft: {status.draft.text} Live: {status.live.text}"
    assert text(validation_cell(soup, topic)).startswith(f"Draft: {status.draft.errors} error")
    other = TopicPage.objects.child_of(demo).exclude(id=topic.id).first()
    assert text(validation_cell(soup, other)) == "Draft: Passes Live: Passes"
    cta = ContentPage.objects.child_of(demo).get()
    assert text(validation_cell(soup, cta)) == ""


def test_explorer_column_says_not_live(editor_client, demo):
    draft = demo.add_child(instance=TopicPage(title="New topic", slug="new-topic", category="X", live=False))
    draft.save_revision()
    soup = get(editor_client, reverse("wagtailadmin_explore", args=[demo.id]))
    assert text(validation_cell(soup, draft)).endswith("Live: not live")


def test_explorer_column_for_pillars_under_the_home_page(editor_client, demo):
    soup = get(editor_client, reverse("wagtailadmin_explore", args=[demo.get_parent().id]))
    assert text(validation_cell(soup, demo)) == "Draft: Passes Live: Passes"


def test_status_side_panel_shows_draft_and_live(editor_client, demo):
    topic = save_draft_without_faq()
    soup = get(editor_client, reverse("wagtailadmin_pages:edit", args=[topic.id]))
    panel = soup.select_one("[data-cluster-status-panel]")
    status = page_status(page=topic)
    assert text(panel) == f"Validation Draft: {status.draft.text} Live: {status.live.text}"


def test_checks_panel_lists_the_drafts_findings(editor_client, demo):
    topic = save_draft_without_faq()
    soup = get(editor_client, reverse("wagtailadmin_pages:edit", args=[topic.id]))
    section = soup.select_one('[data-side-panel="checks"] [data-cluster-checks]')
    errors = [li["data-finding"] for li in section.select('[data-severity="error"] li')]
    assert errors == ["faq.E001"]
    assert section.select_one("[data-cluster-open-report]")["data-cluster-open-report"] == "validation"
    # Wagtail's own metrics stay in the panel.
    assert soup.select_one('[data-side-panel="checks"] [data-content-word-count]') is not None


def test_checks_panel_of_a_passing_page_lists_no_errors(editor_client, demo):
    soup = get(editor_client, reverse("wagtailadmin_pages:edit", args=[demo.id]))
    section = soup.select_one("[data-cluster-checks]")
    assert section.select('[data-severity="error"] li') == []
    assert "Draft: Passes" in text(section)


def test_dashboard_says_all_pass(editor_client, demo):
    soup = get(editor_client, reverse("wagtailadmin_home"))
    panel = soup.select_one("[data-clusters-needing-attention]")
    assert text(panel) == "All cluster pages pass, draft and live."


def test_dashboard_lists_failing_pages_with_edit_links(editor_client, demo):
    topic = save_draft_without_faq()
    status = page_status(page=topic)
    soup = get(editor_client, reverse("wagtailadmin_home"))
    rows = soup.select("[data-clusters-needing-attention] tbody tr")
    assert [row["data-page"] for row in rows] == [str(topic.id)]
    link = rows[0].select_one("a")
    assert (link["href"], text(link)) == (reverse("wagtailadmin_pages:edit", args=[topic.id]), topic.title)
    assert text(rows[0].select_one("[data-fails]")) == f"draft ({status.draft.errors} error)"
    assert text(soup.select_one("[data-clusters-needing-attention] h3")) == demo.title


def test_edit_view_of_a_content_page_has_no_cluster_sections(editor_client, demo):
    cta = ContentPage.objects.child_of(demo).get()
    soup = get(editor_client, reverse("wagtailadmin_pages:edit", args=[cta.id]))
    assert soup.select("[data-cluster-checks], [data-cluster-status-panel]") == []
