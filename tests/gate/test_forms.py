"""The publication gate as editors meet it: inline errors on Publish, the
override field, and the validation preview mode (cluster/forms.py, cluster/panels.py)."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cluster.blocks import PROSE_FEATURES
from cluster.gate import rules as gate
from cluster.gate.forms import OVERRIDE_FIELD
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


def test_publish_without_faq_shows_inline_errors_and_summary(client, moderator):
    page = topic()
    live_revision = page.live_revision_id
    client.force_login(moderator)
    response = client.post(edit_url(page), edit_post(page, drop={"faq"}, **{"action-publish": "1"}))

    assert response.status_code == 200  # the form comes back, nothing was published
    page.refresh_from_db()
    assert page.live_revision_id == live_revision
    errors = body_errors(response)
    # No FAQ block to attach it to, so faq.E001 sits on the body field itself.
    assert any("faq.E001" in m and "Add a FAQ block" in m for m in errors["messages"])
    summary = messages_text(response)
    assert "This page was not published" in summary
    assert "faq.E001" in summary and "How to fix: Add a FAQ block" in summary
    assert summary.index("This page was not published") < summary.index("Body: the errors are marked")


def test_errors_nest_into_the_faq_block_and_item(client, moderator):
    page = topic()
    data = edit_post(page, **{"action-publish": "1"})
    faq = next(k.split("-")[1] for k, v in data.items() if re.fullmatch(r"body-\d+-type", k) and v == "faq")
    # Keep one item of four (faq.E002 on the block), and make its answer too short.
    data[f"body-{faq}-value-items-count"] = "1"
    data[f"body-{faq}-value-items-0-value-answer"] = _rich("<p>Yes.</p>")
    client.force_login(moderator)
    errors = body_errors(client.post(edit_url(page), data))

    block = errors["blockErrors"][faq]
    assert any("faq.E002" in m for m in block["messages"])
    item = block["blockErrors"]["items"]["blockErrors"]["0"]["blockErrors"]
    assert any("faq.E007" in m for m in item["answer"]["messages"])


def test_long_sentence_error_sits_on_its_paragraph_and_quotes_it(client, moderator):
    page = topic()
    data = edit_post(page, **{"action-publish": "1"})
    para = next(
        k.split("-")[1] for k, v in data.items() if re.fullmatch(r"body-\d+-type", k) and v == "paragraph"
    )
    sentence = "This sentence " + " ".join(["keeps going"] * 35) + " until it ends."
    data[f"body-{para}-value"] = _rich(f"<p>{sentence}</p>")
    client.force_login(moderator)
    response = client.post(edit_url(page), data)

    [message] = [m for m in body_errors(response)["blockErrors"][para]["messages"] if "readability.E004" in m]
    assert "This sentence keeps going" in message and "Split it where a new idea starts." in message
    assert 'readability.E004 · Paragraph "This sentence keeps going keeps…"' in messages_text(response)


def test_saving_a_draft_of_failing_content_succeeds(client, moderator):
    page = topic()
    live_revision = page.live_revision_id
    client.force_login(moderator)
    response = client.post(edit_url(page), edit_post(page, drop={"faq"}))

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live_revision_id == live_revision and page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert not [b for b in draft.body.raw_data if b["type"] == "faq"]


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


def test_override_field_only_with_permission(client, moderator, overrider):
    client.force_login(moderator)
    assert OVERRIDE_FIELD not in client.get(edit_url(topic())).content.decode()
    client.force_login(overrider)
    html = client.get(edit_url(topic())).content.decode()
    assert f'name="{OVERRIDE_FIELD}"' in html and "Publish despite validation errors" in html


def test_override_without_permission_is_ignored(client, moderator):
    page = topic()
    client.force_login(moderator)
    data = edit_post(page, drop={"faq"}, **{"action-publish": "1", OVERRIDE_FIELD: "Launch today"})
    response = client.post(edit_url(page), data)
    assert response.status_code == 200
    assert not PageLogEntry.objects.filter(page=page, action=gate.OVERRIDE_LOG_ACTION).exists()


def test_empty_reason_keeps_the_gate(client, overrider):
    page = topic()
    client.force_login(overrider)
    response = client.post(
        edit_url(page), edit_post(page, drop={"faq"}, **{"action-publish": "1", OVERRIDE_FIELD: "  "})
    )
    assert response.status_code == 200 and "faq.E001" in messages_text(response)


def test_override_with_reason_publishes_and_is_audited(client, overrider):
    page = topic()
    client.force_login(overrider)
    data = edit_post(
        page, drop={"faq"}, **{"action-publish": "1", OVERRIDE_FIELD: "Legal asked for it today"}
    )
    response = client.post(edit_url(page), data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.has_unpublished_changes
    assert not [b for b in page.body.raw_data if b["type"] == "faq"]
    entry = PageLogEntry.objects.get(page=page, action=gate.OVERRIDE_LOG_ACTION)
    assert entry.user_id == overrider.pk
    assert entry.data["reason"] == "Legal asked for it today"
    assert "faq.E001" in {f["id"] for f in entry.data["findings"]}
    # The override lasted for that request only: the next publish is gated again.
    response = client.post(edit_url(page), edit_post(page, drop={"cta"}, **{"action-publish": "1"}))
    assert response.status_code == 200 and "faq.E001" in messages_text(response)
    assert PageLogEntry.objects.filter(page=page, action=gate.OVERRIDE_LOG_ACTION).count() == 1


def test_create_view_publish_shows_errors(client, demo, moderator):
    url = reverse("wagtailadmin_pages:add", args=["cluster", "topicpage", demo.id])
    data = edit_post(topic(), slug="a-new-topic", title="A new topic", **{"action-publish": "1"})
    data.update({"related_topics-TOTAL_FORMS": "0", "related_topics-INITIAL_FORMS": "0"})
    client.force_login(moderator)
    response = client.post(url, data)

    assert response.status_code == 200
    assert not TopicPage.objects.filter(slug="a-new-topic").exists()
    # A new topic is an orphan until the pillar links to it (docs/architecture.md).
    assert "links.E006" in messages_text(response)
    # Saving it as a draft works.
    del data["action-publish"]
    assert client.post(url, data).status_code == 302
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
