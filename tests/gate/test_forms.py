"""The publication gate as editors meet it: a refused Publish saves the draft and says so,
the errors sit at their blocks, Save draft says whether the draft would pass, the
override is a confirmation step, and the validation preview mode
(cluster/gate/feedback.py, forms.py, views.py; cluster/editor/panels.py)."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cluster.blocks import PROSE_FEATURES
from cluster.gate import rules as gate
from cluster.gate.feedback import REFUSED_DRAFT_KEY
from cluster.models import TopicPage
from cluster.stored.reader import faq_items as _faq_items

SLUG = "responsive-desire"


def _rich(html):
    return rich_text(html or "", features=PROSE_FEATURES)


def _items(rows):
    data = {str(n): {"value": row, "deleted": "", "order": str(n)} for n, row in enumerate(rows)}
    data["count"] = str(len(rows))
    return data


def _block(kind, value):
    if kind == "paragraph":
        return _rich(value)
    if kind == "lead":
        return {"question": value["question"], "answer": _rich(value["answer"])}
    if kind == "faq":
        rows = [{"question": i["question"], "answer": _rich(i["answer"])} for i in _faq_items(value)]
        return {"title": value.get("title", ""), "items": _items(rows)}
    if kind == "cta":
        return {k: value.get(k) or "" for k in ("heading", "label", "page", "url")}
    return value


def edit_post(page, drop=(), **extra):
    """The POST the editor's form would send for `page`'s latest content.

    `drop` lists block types to leave out, as if the editor deleted them.
    """
    page = page.get_latest_revision_as_object()
    body = [(b["type"], _block(b["type"], b["value"])) for b in page.body.raw_data if b["type"] not in drop]
    related = [
        {"id": str(r.pk or ""), "target": str(r.target_id), "required": "on" if r.required else ""}
        for r in page.related_topics.all()
    ]
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "category": page.category,
            "seo_title": page.seo_title,
            "search_description": page.search_description,
            "language": page.language,
            "required_questions": page.required_questions,
            "body": streamfield(body),
            "related_topics": inline_formset(related, initial=len(related)),
        }
    )
    data.update(extra)
    return data


def topic():
    return TopicPage.objects.get(slug=SLUG)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.id])


def body_errors(response):
    """The error JSON Wagtail hands the StreamField widget for `body`."""
    soup = BeautifulSoup(response.content, "html.parser")
    for div in soup.select("[data-w-block-arguments-value]"):
        if div.get("id") == "body":
            return json.loads(div["data-w-block-arguments-value"])[1]
    raise AssertionError("no body StreamField in the response")


def messages_text(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(" ".join(m.get_text(" ").split()) for m in soup.select(".messages"))


def message_items(response) -> list[str]:
    """Each message's text, whitespace collapsed, in order."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(li.get_text(" ").split()) for li in soup.select(".messages > ul > li")]


def finding_links(response) -> list[dict]:
    """The findings' links in the messages: their text and where they lead."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        {k: v for k, v in a.attrs.items() if k.startswith("data-") and k != "data-cluster-finding"}
        | {"text": a.get_text()}
        for a in soup.select(".messages [data-cluster-finding]")
    ]


def publish_anyway_url(page):
    return reverse("cluster_publish_anyway", args=[page.id])


@pytest.fixture
def override_permission(db):
    # The gate's migration creates it; get_or_create keeps this test independent.
    ct, _ = ContentType.objects.get_or_create(app_label="cluster", model="validationgate")
    perm, _ = Permission.objects.get_or_create(
        content_type=ct,
        codename=gate.OVERRIDE_PERMISSION.split(".", 1)[1],
        defaults={"name": "Can publish despite validation errors"},
    )
    return perm


def make_user(django_user_model, username, *groups, perms=()):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    user.user_permissions.add(*perms)
    return user


@pytest.fixture
def moderator(demo, django_user_model, override_permission):
    """An editor who may publish (Wagtail's Editors group may not) but not override."""
    user = make_user(django_user_model, "mod", "Editors", "Moderators")
    Group.objects.get(name="Moderators").permissions.remove(override_permission)
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def overrider(demo, django_user_model, override_permission):
    return make_user(django_user_model, "boss", "Editors", "Moderators", perms=[override_permission])


def test_refused_publish_saves_the_draft_and_says_so(client, moderator):
    page = topic()
    live_revision = page.live_revision_id
    client.force_login(moderator)
    response = client.post(edit_url(page), edit_post(page, drop={"faq"}, **{"action-publish": "1"}))

    assert response.status_code == 302 and response["Location"] == edit_url(page)
    page.refresh_from_db()
    assert page.live_revision_id == live_revision  # the live page is unchanged
    draft = page.get_latest_revision_as_object()
    assert not [b for b in draft.body.raw_data if b["type"] == "faq"]  # the editor's work is kept
    assert (
        PageLogEntry.objects.filter(page=page, revision_id=page.latest_revision_id).get().action
        == "wagtail.edit"
    )
    response = client.get(response["Location"])
    # Wagtail adds "Go to the first error" to every error message.
    assert message_items(response) == [
        "Saved as a draft. Not published: 1 problem must be fixed first. The page has no FAQ section. "
        "How to fix: Add a FAQ block with the questions readers ask about this topic. (Body) faq.E001 "
        "Go to the first error"
    ]
    assert [link["text"] for link in finding_links(response)] == ["The page has no FAQ section."]
    # No FAQ block to attach it to, so faq.E001 sits on the body field itself.
    assert body_errors(response)["messages"] == [
        "The page has no FAQ section. How to fix: Add a FAQ block with the questions readers ask "
        "about this topic. (faq.E001)"
    ]


def test_errors_nest_into_the_faq_block_and_item(client, moderator):
    page = topic()
    data = edit_post(page, **{"action-publish": "1"})
    faq = next(k.split("-")[1] for k, v in data.items() if re.fullmatch(r"body-\d+-type", k) and v == "faq")
    # Keep one item of four (faq.E002 on the block), and make its answer too short.
    data[f"body-{faq}-value-items-count"] = "1"
    data[f"body-{faq}-value-items-0-value-answer"] = _rich("<p>Yes.</p>")
    client.force_login(moderator)
    response = client.post(edit_url(page), data, follow=True)
    errors = body_errors(response)

    block = errors["blockErrors"][faq]
    assert [m[-10:] for m in block["messages"]] == ["(faq.E002)"]
    item = block["blockErrors"]["items"]["blockErrors"]["0"]["blockErrors"]
    assert [m[-10:] for m in item["answer"]["messages"]] == ["(faq.E007)"]
    # The findings in the message lead to the same places.
    places = {(link.get("data-block"), link.get("data-faq-item")) for link in finding_links(response)}
    assert places == {(faq, None), (faq, "0")}


def test_long_sentence_error_sits_on_its_paragraph_and_quotes_it(client, moderator):
    page = topic()
    data = edit_post(page, **{"action-publish": "1"})
    para = next(
        k.split("-")[1] for k, v in data.items() if re.fullmatch(r"body-\d+-type", k) and v == "paragraph"
    )
    sentence = "This sentence " + " ".join(["keeps going"] * 35) + " until it ends."
    data[f"body-{para}-value"] = _rich(f"<p>{sentence}</p>")
    client.force_login(moderator)
    response = client.post(edit_url(page), data, follow=True)

    [message] = [m for m in body_errors(response)["blockErrors"][para]["messages"] if "readability.E004" in m]
    assert message.startswith("A sentence is 75 words long (limit 60).")  # what is wrong first, the ID last
    assert "“This sentence keeps going" in message and "Split it where a new idea starts." in message
    assert message.endswith("(readability.E004)")
    assert '(Paragraph "This sentence keeps going keeps…") readability.E004' in messages_text(response)


def test_inline_errors_only_while_the_refused_draft_is_the_latest(client, moderator):
    page = topic()
    client.force_login(moderator)
    client.post(edit_url(page), edit_post(page, drop={"faq"}, **{"action-publish": "1"}))
    assert client.session[REFUSED_DRAFT_KEY] == {"page": page.pk, "revision": topic().latest_revision_id}
    assert body_errors(client.get(edit_url(page)))["messages"]  # shown again on reload
    client.post(edit_url(page), edit_post(page))  # a later save: validated on its own terms
    assert body_errors(client.get(edit_url(page))) is None


def test_save_draft_says_whether_the_draft_would_pass(client, moderator):
    page = topic()
    live_revision = page.live_revision_id
    client.force_login(moderator)
    response = client.post(edit_url(page), edit_post(page, drop={"faq"}), follow=True)

    page.refresh_from_db()
    assert page.live_revision_id == live_revision and page.has_unpublished_changes
    [message] = message_items(response)  # Wagtail's "Page '…' has been updated." is replaced
    assert message.startswith(
        "Draft saved. Publishing it is blocked by 1 problem: The page has no FAQ section."
    )
    assert body_errors(response) is None  # nothing was refused: no inline errors

    response = client.post(edit_url(page), edit_post(page, title="Responsive desire, draft"), follow=True)
    assert message_items(response) == [
        "Draft saved. Publishing it is blocked by 1 problem: "
        "The page has no FAQ section. How to fix: Add a FAQ block with the "
        "questions readers ask about this topic. (Body) faq.E001"
    ]


def test_save_draft_of_a_passing_page_says_it_can_be_published(client, moderator):
    page = topic()
    client.force_login(moderator)
    response = client.post(edit_url(page), edit_post(page, title="Responsive desire, draft"), follow=True)
    assert message_items(response) == ["Draft saved. It passes validation and can be published."]


def test_autosave_queues_no_message(client, moderator):
    page = topic()
    client.force_login(moderator)
    response = client.post(edit_url(page), edit_post(page, drop={"faq"}), HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["success"]
    assert message_items(client.get(edit_url(page))) == []


def test_passing_content_publishes(client, moderator):
    page = topic()
    client.force_login(moderator)
    data = edit_post(page, title="Responsive desire, revised", **{"action-publish": "1"})
    response = client.post(edit_url(page), data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Responsive desire, revised" and not page.has_unpublished_changes


def test_editor_without_publish_permission_saves_a_draft(client, demo, django_user_model):
    # Wagtail turns their Publish into a save; the gate must not block that.
    editor = make_user(django_user_model, "ed", "Editors")
    client.force_login(editor)
    response = client.post(edit_url(topic()), edit_post(topic(), drop={"faq"}, **{"action-publish": "1"}))
    assert response.status_code == 302
    assert topic().has_unpublished_changes


def test_no_override_field_in_the_editor(client, overrider):
    client.force_login(overrider)
    html = client.get(edit_url(topic())).content.decode()
    assert "cluster-override-reason" not in html and "Publish despite" not in html


def test_only_a_refusal_offers_the_override_and_only_with_the_permission(client, moderator, overrider):
    page = topic()
    for user, offered in ((moderator, []), (overrider, ["Publish despite errors…"])):
        client.force_login(user)
        response = client.post(
            edit_url(page), edit_post(page, drop={"faq"}, **{"action-publish": "1"}), follow=True
        )
        soup = BeautifulSoup(response.content, "html.parser")
        buttons = soup.select(".messages .buttons a")
        assert [a.get_text() for a in buttons] == offered
        assert [a["href"] for a in buttons] == [publish_anyway_url(page)] * len(offered)


def test_publish_anyway_asks_for_a_reason_then_publishes_and_audits(client, overrider):
    page = topic()
    client.force_login(overrider)
    client.post(edit_url(page), edit_post(page, drop={"faq"}, **{"action-publish": "1"}))
    page.refresh_from_db()
    live_revision, draft = page.live_revision_id, page.latest_revision_id

    screen = client.get(publish_anyway_url(page))
    assert screen.status_code == 200
    soup = BeautifulSoup(screen.content, "html.parser")
    assert " ".join(soup.select_one("[data-override-summary]").get_text().split()) == (
        f"'{page.title}' has 1 validation error. Publishing it puts it live with them:"
    )
    assert soup.select_one('textarea[name="reason"]') is not None

    empty = client.post(publish_anyway_url(page), {"reason": "  ", "revision": draft})
    assert empty.status_code == 200 and "This field is required." in empty.content.decode()
    page.refresh_from_db()
    assert page.live_revision_id == live_revision

    response = client.post(
        publish_anyway_url(page), {"reason": "Legal asked for it today", "revision": draft}, follow=True
    )
    page.refresh_from_db()
    assert page.live_revision_id == draft and not page.has_unpublished_changes
    assert message_items(response) == [
        "Published despite 1 validation error. Your reason is in the page history."
    ]
    entry = PageLogEntry.objects.get(page=page, action=gate.OVERRIDE_LOG_ACTION)
    assert (entry.user_id, entry.revision_id, entry.data["reason"]) == (
        overrider.pk,
        draft,
        "Legal asked for it today",
    )
    assert [f["id"] for f in entry.data["findings"]] == ["faq.E001"]
    # The override lasted for that request only: the next publish is refused again.
    client.post(edit_url(page), edit_post(page, drop={"cta"}, **{"action-publish": "1"}))
    page.refresh_from_db()
    assert page.live_revision_id == draft
    assert PageLogEntry.objects.filter(page=page, action=gate.OVERRIDE_LOG_ACTION).count() == 1


def test_publish_anyway_refuses_a_draft_newer_than_the_one_shown(client, overrider):
    page = topic()
    client.force_login(overrider)
    client.post(edit_url(page), edit_post(page, drop={"faq"}, **{"action-publish": "1"}))
    shown = topic().latest_revision_id
    client.post(edit_url(page), edit_post(page, drop={"faq", "cta"}))  # saved again meanwhile
    response = client.post(publish_anyway_url(page), {"reason": "Launch", "revision": shown})
    assert response.status_code == 200
    assert "The page was saved again after you opened this." in response.content.decode()
    assert topic().live_revision_id != topic().latest_revision_id
    # The screen now shows the newer draft's errors and carries that draft: confirming
    # again publishes it (it used to keep the old revision and refuse forever).
    soup = BeautifulSoup(response.content, "html.parser")
    carried = int(soup.select_one('input[name="revision"]')["value"])
    assert carried == topic().latest_revision_id != shown
    client.post(publish_anyway_url(page), {"reason": "Launch", "revision": carried})
    assert topic().live_revision_id == carried


def test_publish_anyway_respects_a_lock_held_by_someone_else(client, overrider, moderator):
    page = topic()
    client.force_login(overrider)
    client.post(edit_url(page), edit_post(page, drop={"faq"}, **{"action-publish": "1"}))
    draft = topic().latest_revision_id
    TopicPage.objects.filter(pk=page.pk).update(locked=True, locked_by=moderator, locked_at=timezone.now())
    response = client.post(publish_anyway_url(page), {"reason": "Launch", "revision": draft}, follow=True)
    assert response.redirect_chain == [(edit_url(page), 302)]
    assert topic().live_revision_id != draft
    assert any("locked" in m for m in message_items(response))


def test_publish_anyway_needs_the_permission(client, moderator):
    page = topic()
    client.force_login(moderator)
    client.post(edit_url(page), edit_post(page, drop={"faq"}, **{"action-publish": "1"}))
    # Wagtail's admin answers a PermissionDenied with its "no permission" redirect home.
    home = reverse("wagtailadmin_home")
    assert client.get(publish_anyway_url(page))["Location"] == home
    response = client.post(
        publish_anyway_url(page), {"reason": "Launch", "revision": topic().latest_revision_id}
    )
    assert response["Location"] == home
    assert topic().live_revision_id != topic().latest_revision_id


def test_publish_anyway_on_a_passing_draft_sends_the_editor_back(client, overrider):
    page = topic()
    client.force_login(overrider)
    response = client.get(publish_anyway_url(page), follow=True)
    assert response.redirect_chain == [(edit_url(page), 302)]
    assert message_items(response) == ["This draft passes validation: publish it from the editor."]
    assert not PageLogEntry.objects.filter(page=page, action=gate.OVERRIDE_LOG_ACTION).exists()


def test_create_view_refused_publish_keeps_a_draft(client, demo, moderator):
    url = reverse("wagtailadmin_pages:add", args=["cluster", "topicpage", demo.id])
    data = edit_post(topic(), slug="a-new-topic", title="A new topic", **{"action-publish": "1"})
    data.update({"related_topics-TOTAL_FORMS": "0", "related_topics-INITIAL_FORMS": "0"})
    client.force_login(moderator)
    response = client.post(url, data, follow=True)

    new = TopicPage.objects.get(slug="a-new-topic")
    assert not new.live and new.live_revision_id is None
    assert response.redirect_chain == [(edit_url(new), 302)]
    # A new topic is an orphan until the pillar links to it (docs/architecture.md).
    [message] = message_items(response)
    assert message.startswith("Saved as a draft. Not published: 1 problem must be fixed first.")
    assert message.endswith("(Whole page) links.E006 Go to the first error")


def test_create_view_save_draft_says_whether_it_would_pass(client, demo, moderator):
    url = reverse("wagtailadmin_pages:add", args=["cluster", "topicpage", demo.id])
    data = edit_post(topic(), slug="a-new-topic", title="A new topic")
    data.update({"related_topics-TOTAL_FORMS": "0", "related_topics-INITIAL_FORMS": "0"})
    client.force_login(moderator)
    [message] = message_items(client.post(url, data, follow=True))
    assert message.startswith("Draft saved. Publishing it is blocked by 1 problem:")
    assert TopicPage.objects.get(slug="a-new-topic").live is False


def test_validation_preview_mode_shows_unsaved_findings(client, moderator):
    page = topic()
    client.force_login(moderator)
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[page.id])
    assert client.post(preview, edit_post(page, drop={"faq"})).json()["is_valid"]
    response = client.get(preview, {"mode": "validation"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Validation report" in html and 'data-finding="faq.E001"' in html
    assert "there is no FAQ block" in html
    assert "Hardest sentences" in html and "Flesch reading ease" in html
    assert "Links this page owes" in html
    # Nothing was saved.
    assert not topic().has_unpublished_changes


def test_validation_preview_on_the_create_view(client, demo, moderator):
    preview = reverse("wagtailadmin_pages:preview_on_add", args=["cluster", "topicpage", demo.id])
    data = edit_post(topic(), slug="brand-new", title="Brand new", drop={"faq"})
    data.update({"related_topics-TOTAL_FORMS": "0", "related_topics-INITIAL_FORMS": "0"})
    client.force_login(moderator)
    assert client.post(preview, data).json()["is_valid"]
    html = client.get(preview, {"mode": "validation"}).content.decode()
    assert 'data-finding="faq.E001"' in html and 'data-finding="links.E006"' in html
    assert not TopicPage.objects.filter(slug="brand-new").exists()


def test_preview_modes_keep_the_page_as_default(demo):
    assert [m for m, _ in topic().preview_modes] == ["", "validation"]
    assert topic().default_preview_mode == ""
