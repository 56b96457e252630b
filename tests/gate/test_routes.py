"""The publication gate holds on every route to "live" (issue 4; docs/gate.md).

One test per route. Each proves the refusal (the page stays unpublished, or
its live version is unchanged, and the reason is reported) and that a passing
page still publishes by the same route. `test_gate_off_lets_a_failing_page_through`
shows the refusal assertions can fail: without the gate, the same page goes live.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import APIToken, Page, PageLogEntry, Revision, WorkflowState

from cluster.gate import rules as gate
from cluster.models import PillarPage
from tests.gate.support import (
    FAILING_SLUG,
    PASSING_SLUG,
    add_url,
    break_faq,
    edit_url,
    new_pillar,
    page_form_data,
    retitle,
    topic,
    without_faq,
)

# The users: superuser, moderator (may override), publisher (may publish, not override).

PUBLISH = {"action-publish": "action-publish"}


def test_gate_off_lets_a_failing_page_through(demo, monkeypatch):
    """The meta-test: with the gate removed, the failing page the route tests use goes live."""
    monkeypatch.setattr(gate, "gate_enabled", lambda: False)
    failing = topic(FAILING_SLUG)
    revision = break_faq(failing)
    revision.publish()
    failing.refresh_from_db()
    assert failing.live_revision_id == revision.pk
    assert not any(b["type"] == "faq" for b in failing.body.raw_data)


def test_route_1_admin_edit_publish(demo, client, superuser):
    client.force_login(superuser)
    failing = topic(FAILING_SLUG)
    live_before = failing.live_revision_id
    draft = failing.get_latest_revision_as_object()
    response = client.post(
        edit_url(failing), page_form_data(draft, without_faq(draft.body.raw_data), **PUBLISH), follow=True
    )
    assert response.status_code == 200
    failing.refresh_from_db()
    assert failing.live_revision_id == live_before
    assert any(b["type"] == "faq" for b in failing.body.raw_data)  # the live content is untouched
    assert "faq.E001" in response.content.decode()

    passing = topic(PASSING_SLUG)
    response = client.post(
        edit_url(passing),
        page_form_data(passing.get_latest_revision_as_object(), title="Fear of Intimacy, revised", **PUBLISH),
    )
    assert response.status_code == 302
    passing.refresh_from_db()
    assert passing.title == "Fear of Intimacy, revised"
    assert passing.live_revision_id == passing.latest_revision_id


def test_route_2_admin_create_publish(demo, client, superuser):
    client.force_login(superuser)
    home = demo.get_parent()
    failing = new_pillar(demo, "new-cluster-failing", without_faq(demo.body.raw_data))
    response = client.post(add_url(PillarPage, home), page_form_data(failing, **PUBLISH), follow=True)
    assert response.status_code == 200
    assert not Page.objects.filter(slug="new-cluster-failing", live=True).exists()
    assert "faq.E001" in response.content.decode()

    passing = new_pillar(demo, "new-cluster-passing", demo.body.raw_data)
    response = client.post(add_url(PillarPage, home), page_form_data(passing, **PUBLISH))
    assert response.status_code == 302
    assert PillarPage.objects.get(slug="new-cluster-passing").live


def _schedule(revision, when):
    page = revision.as_object()
    page.go_live_at = when
    scheduled = page.save_revision()
    scheduled.publish()
    return scheduled


def _make_due(revision):
    """Move a scheduled revision's go-live into the past, as time passing would."""
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.refresh_from_db()
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])


def test_route_3_scheduled_publishing(demo):
    later = timezone.now() + datetime.timedelta(hours=1)
    # Checked when scheduling: a failing revision is never approved for go-live.
    failing = topic(FAILING_SLUG)
    with pytest.raises(gate.PublicationBlocked) as refused:
        _schedule(break_faq(failing), later)
    assert "faq.E001" in {f.id for f in refused.value.findings}
    assert not Revision.page_revisions.filter(object_id=str(failing.pk), approved_go_live_at__isnull=False)

    # Checked again at go-live: both revisions pass when scheduled, then the
    # cluster changes (a page one of them links to is unpublished).
    stays = topic("long-term-desire-paradox")  # links to responsive-desire
    goes = topic(PASSING_SLUG)  # does not
    stays_live = stays.live_revision_id
    blocked = _schedule(retitle(stays, "Scheduled and blocked"), later)
    published = _schedule(retitle(goes, "Scheduled and published"), later)
    failing.refresh_from_db()
    failing.unpublish()
    _make_due(blocked)
    _make_due(published)

    stderr = io.StringIO()
    call_command("publish_scheduled", stdout=io.StringIO(), stderr=stderr)

    stays.refresh_from_db()
    assert stays.live_revision_id == stays_live and stays.title != "Scheduled and blocked"
    blocked.refresh_from_db()
    assert blocked.approved_go_live_at is None  # unscheduled, so the next run does not retry it
    entry = PageLogEntry.objects.get(page=stays, action=gate.SCHEDULED_BLOCKED_LOG_ACTION)
    assert "links.E004" in {f["id"] for f in entry.data["findings"]}
    assert "links.E004" in stderr.getvalue()
    goes.refresh_from_db()
    assert goes.title == "Scheduled and published"
    assert goes.live_revision_id == published.pk


def test_route_4_bulk_publish(demo, client, superuser):
    client.force_login(superuser)
    failing, passing = topic(FAILING_SLUG), topic(PASSING_SLUG)
    failing_live = failing.live_revision_id
    break_faq(failing)
    passing_draft = retitle(passing, "Bulk published")
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    listing = reverse("wagtailadmin_explore", args=(demo.pk,))
    query = f"?id={failing.pk}&id={passing.pk}&next={listing}"
    response = client.post(url + query, {"include_descendants": ""}, follow=True)
    assert response.status_code == 200
    content = response.content.decode()
    failing.refresh_from_db()
    assert failing.live_revision_id == failing_live
    assert failing.title in content and "faq.E001" in content  # which page, and why
    passing.refresh_from_db()
    assert passing.live_revision_id == passing_draft.pk
    assert "1 page has been published" in content


def _approve(client, page, **extra):
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.current_task_state_id)
    )
    return state, client.post(url, {"comment": ""}, follow=not extra, **extra)


def test_route_5_workflow_approval(demo, client, superuser, moderator):
    """The final approval of a failing page is refused; the workflow stays in progress at that task."""
    failing, passing = topic(FAILING_SLUG), topic(PASSING_SLUG)
    failing_live = failing.live_revision_id
    break_faq(failing, user=superuser)
    failing.get_workflow().start(failing, superuser)
    retitle(passing, "Approved and published", user=superuser)
    passing.get_workflow().start(passing, superuser)

    client.force_login(moderator)
    # From the approval modal (XHR): the modal is sent to the edit view, which shows why.
    _, response = _approve(client, failing, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200 and response.json()["redirect"] == edit_url(failing)
    state, response = _approve(client, failing)
    assert response.status_code == 200
    failing.refresh_from_db()
    assert failing.live_revision_id == failing_live
    assert "faq.E001" in response.content.decode()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.status == "in_progress"  # the approval was rolled back

    state, response = _approve(client, passing)
    assert response.status_code == 200
    passing.refresh_from_db()
    assert passing.title == "Approved and published"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_route_6_publish_from_code(demo):
    failing = topic(FAILING_SLUG)
    live_before = failing.live_revision_id
    with pytest.raises(gate.PublicationBlocked) as refused:
        break_faq(failing).publish()
    assert [f.id for f in refused.value.findings] == ["faq.E001"]
    assert "faq.E001" in str(refused.value)
    failing.refresh_from_db()
    assert failing.live_revision_id == live_before

    passing = topic(PASSING_SLUG)
    passing.get_latest_revision_as_object().save_revision().publish()
    revision = retitle(passing, "Published from code")
    revision.publish()
    passing.refresh_from_db()
    assert passing.live_revision_id == revision.pk


@pytest.mark.urls("tests.gate.api_urls")
def test_route_7_api_v3_writes(demo, client, superuser):
    _, token = APIToken.create_token(user=superuser, name="gate test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    failing, passing = topic(FAILING_SLUG), topic(PASSING_SLUG)
    failing_live = failing.live_revision_id
    break_faq(failing)

    def refused(response):
        assert response.status_code == 422, response.content
        assert response["Content-Type"] == "application/problem+json"
        errors = response.json()["errors"]
        assert {"id", "severity", "message", "hint", "location", "where"} <= set(errors[0])
        # faq.E001 is about the body as a whole: the editor's words say so.
        where = [(e["id"], e["location"], e["where"]) for e in errors]
        assert where == [("faq.E001", {"field": "body"}, "Body")]
        return {e["id"] for e in errors}

    # The publish action.
    publish_url = reverse("wagtailapi_v3:pages_actions_publish", args=(failing.pk,))
    assert refused(client.post(publish_url, **auth)) == {"faq.E001"}
    # Update with publish.
    update_url = reverse("wagtailapi_v3:update_page", args=(failing.pk,))
    patch = {"meta": {"type": "cluster.TopicPage", "action": "publish"}, "title": "Patched"}
    assert refused(client.patch(update_url, patch, content_type="application/json", **auth)) == {"faq.E001"}
    failing.refresh_from_db()
    assert failing.live_revision_id == failing_live and failing.title != "Patched"
    # Create with publish: refused, and nothing is stored.
    home = demo.get_parent()
    new = {
        "meta": {"type": "cluster.PillarPage", "parent_id": home.pk, "action": "publish"},
        "title": "New cluster",
        "slug": "new-cluster",
        "category": demo.category,
        "body": [{"type": b["type"], "value": b["value"]} for b in without_faq(demo.body.raw_data)],
    }
    create_url = reverse("wagtailapi_v3:create_page")
    assert "faq.E001" in refused(client.post(create_url, new, content_type="application/json", **auth))
    assert not Page.objects.filter(slug="new-cluster").exists()

    # A passing page publishes by each of the three.
    retitle(passing, "Published by the API")
    response = client.post(reverse("wagtailapi_v3:pages_actions_publish", args=(passing.pk,)), **auth)
    assert response.status_code == 200, response.content
    passing.refresh_from_db()
    assert passing.title == "Published by the API"
    patch = {"meta": {"type": "cluster.TopicPage", "action": "publish"}, "title": "Patched by the API"}
    url = reverse("wagtailapi_v3:update_page", args=(passing.pk,))
    response = client.patch(url, patch, content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    passing.refresh_from_db()
    assert passing.title == "Patched by the API" and passing.live_revision_id == passing.latest_revision_id
    new["body"] = [{"type": b["type"], "value": b["value"]} for b in demo.body.raw_data]
    response = client.post(create_url, new, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    assert PillarPage.objects.get(slug="new-cluster").live
