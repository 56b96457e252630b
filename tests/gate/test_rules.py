"""The gate's rules: drafts always save, warnings never block, overrides need permission and reason."""

from __future__ import annotations

import dataclasses
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from cluster.gate import rules as gate
from cluster.models import PillarPage
from cluster.validation.service import cluster_report
from tests.gate.support import (
    FAILING_SLUG,
    PASSING_SLUG,
    add_url,
    break_faq,
    edit_url,
    finding_ids,
    new_pillar,
    page_form_data,
    topic,
    without_faq,
)

# The users: superuser, moderator (may override), publisher (may publish, not override).

SAVE_DRAFT = {}  # Wagtail's edit and create views save a draft when no action-* key is posted
PUBLISH = {"action-publish": "action-publish"}


# --- Drafts always save --------------------------------------------------------


def test_saving_a_failing_draft_in_code_is_never_blocked(demo):
    live = topic(FAILING_SLUG)
    revision = break_faq(live)  # a live page: the draft is a revision, the live row stays
    assert revision.pk and finding_ids(live) == {"faq.E001"}
    live.refresh_from_db()
    assert live.live and live.latest_revision_id == revision.pk

    new = new_pillar(demo, "new-draft-pillar", without_faq(demo.body.raw_data))
    demo.get_parent().add_child(instance=new)  # a new, never-published page
    assert new.save_revision().pk and not new.live


def test_admin_edit_save_draft_of_a_failing_page_is_never_blocked(demo, client, superuser):
    client.force_login(superuser)
    live = topic(FAILING_SLUG)
    draft = live.get_latest_revision_as_object()
    response = client.post(
        edit_url(live), page_form_data(draft, without_faq(draft.body.raw_data), **SAVE_DRAFT)
    )
    assert response.status_code == 302
    live.refresh_from_db()
    saved = live.get_latest_revision_as_object()
    assert not any(b["type"] == "faq" for b in saved.body.raw_data)
    assert live.live and live.live_revision_id != live.latest_revision_id

    # A never-published page too.
    new = new_pillar(demo, "never-published", demo.body.raw_data)
    demo.get_parent().add_child(instance=new)
    new.save_revision()
    response = client.post(edit_url(new), page_form_data(new, without_faq(demo.body.raw_data), **SAVE_DRAFT))
    assert response.status_code == 302
    new.refresh_from_db()
    assert not new.live and not any(b["type"] == "faq" for b in new.body.raw_data)


def test_admin_create_save_draft_of_a_failing_page_is_never_blocked(demo, client, superuser):
    client.force_login(superuser)
    failing = new_pillar(demo, "created-as-draft", without_faq(demo.body.raw_data))
    response = client.post(add_url(PillarPage, demo.get_parent()), page_form_data(failing, **SAVE_DRAFT))
    assert response.status_code == 302
    created = PillarPage.objects.get(slug="created-as-draft")
    assert not created.live and created.latest_revision_id


# --- Warnings never block ---------------------------------------------------------


def test_a_page_with_only_warnings_publishes(demo):
    page = demo.get_latest_revision_as_object()
    raw = list(page.body.raw_data)
    # A generic anchor is links.W002: a warning.
    raw.append(
        {
            "type": "paragraph",
            "value": '<p>Partners talk about this. <a href="https://example.org/">Read more</a>.</p>',
        }
    )
    page.body = raw
    revision = page.save_revision()
    findings = gate.blocking_findings(revision.as_object())
    assert findings == []
    warnings = {f.id for r in cluster_report(pillar=demo, version="draft").pages for f in r.warnings}
    assert "links.W002" in warnings
    revision.publish()
    demo.refresh_from_db()
    assert demo.live_revision_id == revision.pk


# --- Override ------------------------------------------------------------------------


def test_moderators_have_the_override_permission_and_admins_can_grant_it(demo, client, superuser, moderator):
    assert gate.can_override(moderator)
    assert Group.objects.get(name="Moderators").permissions.filter(
        content_type__app_label="cluster", codename="publish_despite_validation_errors"
    )
    editors = Group.objects.get(name="Editors")
    client.force_login(superuser)
    response = client.get(reverse("wagtailusers_groups:edit", args=(editors.pk,)))
    assert response.status_code == 200
    assert "Can publish despite validation errors" in response.content.decode()


def test_override_needs_the_permission_and_a_reason(demo, moderator, publisher):
    failing = topic(FAILING_SLUG)
    revision = break_faq(failing)
    with pytest.raises(PermissionError):
        with gate.override(publisher, "The FAQ follows tomorrow"):
            pass
    with pytest.raises(PermissionError):
        with gate.override(moderator, "   "):
            pass
    # An override granted to one user does not let another publish.
    with gate.override(moderator, "The FAQ follows tomorrow"):
        with pytest.raises(gate.PublicationBlocked):
            revision.publish(user=publisher)
    failing.refresh_from_db()
    assert failing.live_revision_id != revision.pk
    assert not PageLogEntry.objects.filter(page=failing, action=gate.OVERRIDE_LOG_ACTION).exists()


def test_override_publishes_and_is_audited_in_the_page_history(demo, client, moderator):
    failing = topic(FAILING_SLUG)
    revision = break_faq(failing)
    with gate.override(moderator, "Legal asked for this wording today"):
        revision.publish(user=moderator)
    failing.refresh_from_db()
    assert failing.live_revision_id == revision.pk

    entry = PageLogEntry.objects.get(page=failing, action=gate.OVERRIDE_LOG_ACTION)
    assert entry.user_id == moderator.pk and entry.revision_id == revision.pk
    assert entry.data["reason"] == "Legal asked for this wording today"
    assert [f["id"] for f in entry.data["findings"]] == ["faq.E001"]
    assert {"severity", "message", "hint", "location"} <= set(entry.data["findings"][0])

    client.force_login(moderator)
    response = client.get(reverse("wagtailadmin_pages:history", args=(failing.pk,)))
    assert response.status_code == 200
    assert "Published despite validation errors (faq.E001): Legal asked for this wording today" in (
        response.content.decode()
    )


def test_override_from_the_admin_needs_a_reason_and_the_permission(demo, client, moderator, publisher):
    """The reason is asked in the confirmation step after a refusal; only users with the permission get it."""
    failing = topic(FAILING_SLUG)
    live_before = failing.live_revision_id
    draft = failing.get_latest_revision_as_object()
    data = page_form_data(draft, without_faq(draft.body.raw_data), **PUBLISH)
    confirm = reverse("cluster_publish_anyway", args=(failing.pk,))

    client.force_login(publisher)
    client.post(edit_url(failing), data)  # refused, saved as a draft
    failing.refresh_from_db()
    reason = {"reason": "Approved by the editor in chief", "revision": failing.latest_revision_id}
    client.post(confirm, reason)
    failing.refresh_from_db()
    assert failing.live_revision_id == live_before  # refused: no permission

    client.force_login(moderator)
    client.post(confirm, {**reason, "reason": ""})
    failing.refresh_from_db()
    assert failing.live_revision_id == live_before  # refused: no reason

    response = client.post(confirm, reason)
    assert response.status_code == 302
    failing.refresh_from_db()
    assert failing.live_revision_id == failing.latest_revision_id != live_before
    assert not any(b["type"] == "faq" for b in failing.body.raw_data)
    entry = PageLogEntry.objects.get(page=failing, action=gate.OVERRIDE_LOG_ACTION)
    assert entry.data["reason"] == "Approved by the editor in chief" and entry.user_id == moderator.pk


def test_a_scheduled_override_carries_to_go_live_but_not_new_errors(demo, moderator):
    """A moderator's override while scheduling also covers the unattended go-live of that revision."""
    failing = topic(FAILING_SLUG)
    page = break_faq(failing).as_object()
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    with gate.override(moderator, "Embargoed launch"):
        revision.publish(user=moderator)
    entry = PageLogEntry.objects.get(page=failing, action=gate.OVERRIDE_LOG_ACTION)
    assert "scheduled_for" in entry.data
    # An error the moderator never saw is not covered.
    seen = gate.blocking_findings(revision.as_object())
    unseen = [dataclasses.replace(seen[0], id="links.E004", message="A new problem.")]
    assert gate._overridden_revision(failing, revision, seen)
    assert not gate._overridden_revision(failing, revision, unseen)

    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", stdout=io.StringIO(), stderr=io.StringIO())
    failing.refresh_from_db()
    assert failing.live_revision_id == revision.pk


def test_a_copy_of_a_cluster_page_is_always_a_draft(demo, client, superuser):
    """Wagtail's "Publish copies" would put the copy live without a publish action."""
    source = topic(PASSING_SLUG)
    copy = source.copy(update_attrs={"slug": "copied-in-code", "title": "Copied in code"})
    assert not copy.live and copy.live_revision_id is None

    client.force_login(superuser)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=(source.pk,)),
        {
            "new_title": "Copied in the admin",
            "new_slug": "copied-in-the-admin",
            "new_parent_page": str(demo.pk),
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    copied = type(source).objects.get(slug="copied-in-the-admin")
    assert not copied.live
