"""What the editor is told around Publish, in a real browser (Debian's headless Chromium).

A refused Publish saves the draft and says so, with the errors at their blocks;
Save draft says whether the draft would pass; the override is a confirmation
step that asks for a reason; a finding in a message takes the editor to its
block. Screenshots are named "gate-…" (tests/editor/browser.py says where they go).
"""

import pytest
from django.contrib.auth.models import Group

from cluster.gate import rules as gate
from cluster.models import TopicPage
from tests.editor.browser import expect, faq_block, log_in, publish, shot

SLUG = "responsive-desire"
PUBLISHER, PUBLISHER_PASSWORD = "publisher", "a-publisher-password-1"

# Each live-server test empties the database when it ends; `demo` puts back the
# database the session loaded (migrated rows and the demo) for the next one.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def visible_items(faq):
    return faq.locator("[data-streamfield-list-container] > [data-streamfield-child]:visible")


def delete_faq_items(page):
    """Delete every item of the topic's FAQ block (faq.E002 on the block)."""
    faq = faq_block(page)
    items = visible_items(faq)
    for remaining in range(items.count() - 1, -1, -1):
        items.first.locator('[data-streamfield-action="DELETE"]').first.click()
        expect(items).to_have_count(remaining)


def save_draft(page):
    with page.expect_navigation():
        page.locator("footer button.action-save, .footer button.action-save").first.click()


def message(page) -> str:
    return " ".join(page.locator(".messages").inner_text().split())


IN_VIEW = (
    "const inView = (el) => { const r = el.getBoundingClientRect();"
    " return r.bottom > 0 && r.top < innerHeight; };"
)


def test_refused_publish_saves_a_draft_and_a_finding_leads_to_its_block(
    live_server, demo, editor, quiet_editor, browser_page
):
    page = browser_page
    topic = TopicPage.objects.get(slug=SLUG)
    live_revision = topic.live_revision_id
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/pages/{topic.id}/edit/")
    delete_faq_items(page)

    publish(page)
    assert message(page).startswith("Saved as a draft. Not published: 1 problem must be fixed first.")
    shot(page, "gate-refused")
    topic.refresh_from_db()
    assert topic.live_revision_id == live_revision  # live unchanged
    assert topic.latest_revision_id != live_revision  # the draft is in the history
    draft = topic.get_latest_revision_as_object()
    assert [len(b["value"]["items"]) for b in draft.body.raw_data if b["type"] == "faq"] == [0]
    # The error sits on the FAQ block again, after the redirect.
    faq = faq_block(page)
    expect(faq.locator(".error-message, .help-critical").first).to_contain_text("(faq.E002)")

    # Collapse the block and scroll away; the finding's link opens it and puts the cursor in it.
    faq.locator("[data-panel-toggle]").first.click()
    expect(faq.locator("[data-panel-toggle]").first).to_have_attribute("aria-expanded", "false")
    page.evaluate("window.scrollTo(0, 0)")
    page.locator(".messages [data-cluster-finding]").first.click()
    expect(faq.locator("[data-panel-toggle]").first).to_have_attribute("aria-expanded", "true")
    faq_selector = "[data-streamfield-child]:has([data-streamfield-list-container])"
    focused_in_faq = page.evaluate(
        f"() => document.activeElement.closest('{faq_selector}') === document.querySelector('{faq_selector}')"
    )
    assert focused_in_faq
    # The admin scrolls smoothly: wait until the block is on screen.
    page.wait_for_function(f"() => {{ {IN_VIEW} return inView(document.querySelector('{faq_selector}')); }}")
    shot(page, "gate-finding-focused")


def test_save_draft_says_whether_the_draft_would_pass(live_server, demo, editor, quiet_editor, browser_page):
    page = browser_page
    topic = TopicPage.objects.get(slug=SLUG)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/pages/{topic.id}/edit/")
    delete_faq_items(page)
    save_draft(page)
    assert message(page).startswith("Draft saved. Publishing it is blocked by 1 problem:")
    shot(page, "gate-save-draft-failing")

    # The live version passes: back to it from the history, and save it as the draft.
    page.goto(f"{live_server.url}/admin/pages/{topic.id}/revisions/{topic.live_revision_id}/revert/")
    save_draft(page)
    assert message(page) == "Draft saved. It passes validation and can be published."
    shot(page, "gate-save-draft-passing")


def test_override_asks_for_a_reason_and_only_users_with_the_permission_get_it(
    live_server, demo, editor, django_user_model, quiet_editor, browser_page
):
    page = browser_page
    topic = TopicPage.objects.get(slug=SLUG)
    moderators = Group.objects.get(name="Moderators")
    permission = moderators.permissions.get(codename=gate.OVERRIDE_PERMISSION.split(".")[1])
    moderators.permissions.remove(permission)  # the publisher below may publish, not override
    editor.user_permissions.add(permission)
    publisher = django_user_model.objects.create_user(PUBLISHER, "p@example.org", PUBLISHER_PASSWORD)
    publisher.groups.add(moderators, Group.objects.get(name="Editors"))

    # Without the permission: refused, and no way round it.
    log_in(page, live_server.url, PUBLISHER, PUBLISHER_PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/{topic.id}/edit/")
    delete_faq_items(page)
    publish(page)
    assert message(page).startswith("Saved as a draft. Not published:")
    expect(page.get_by_role("link", name="Publish despite errors…")).to_have_count(0)
    page.context.clear_cookies()

    # With it: the refusal offers the confirmation step.
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/pages/{topic.id}/edit/")
    publish(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Publish despite errors…").click()
    expect(page.locator("[data-override-summary]")).to_contain_text("has 1 validation error")
    shot(page, "gate-override-confirm")
    submit = page.get_by_role("button", name="Publish despite 1 validation error")
    with page.expect_navigation():
        submit.click()  # no reason yet
    expect(page.locator(".error-message")).to_contain_text("This field is required.")
    topic.refresh_from_db()
    assert topic.live_revision_id != topic.latest_revision_id

    page.fill('textarea[name="reason"]', "The FAQ is being rewritten by legal; it follows tomorrow.")
    with page.expect_navigation():
        submit.click()
    assert message(page) == "Published despite 1 validation error. Your reason is in the page history."
    shot(page, "gate-after-override")
    topic.refresh_from_db()
    assert topic.live_revision_id == topic.latest_revision_id and not topic.has_unpublished_changes
    page.goto(f"{live_server.url}/admin/pages/{topic.id}/history/")
    expect(page.locator("main")).to_contain_text(
        "Published despite validation errors (faq.E002): "
        "The FAQ is being rewritten by legal; it follows tomorrow."
    )
