"""Unpublish, delete and move: the confirmation lists the live pages whose links break,
and afterwards those pages fail `validate_content --state live`."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cluster.gate import rules as gate
from cluster.gate.backlinks import linked_page_ids, pages_linking_to
from cluster.models import PillarPage, RelatedTopic, TopicPage
from tests.gate.support import FAILING_SLUG, linking_by_json, new_pillar, topic

# The users: superuser, moderator (may override), publisher (may publish, not override).

# The live pages whose content links to responsive-desire in the demo cluster.
LINKING = {
    "intimacy",
    "emotional-vs-physical-intimacy",
    "long-term-desire-paradox",
    "sexual-brakes-and-accelerators",
}


def live_failures(cluster: str) -> dict[str, set[str]]:
    """{page slug: error ids} from `validate_content --cluster SLUG --state live --format json`."""
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("validate_content", cluster=[cluster], state="live", fmt="json", stdout=out)
    assert exit_code.value.code == 1
    report = json.loads(out.getvalue())
    return {
        page["slug"]: {f["id"] for f in page["findings"] if f["severity"] == "error"}
        for page in report["pages"]
        if any(f["severity"] == "error" for f in page["findings"])
    }


def unlinked(value, page_id: int):
    """`value` (raw StreamField data) with its rich-text links to `page_id` removed."""
    if isinstance(value, str):
        return re.sub(rf'<a linktype="page" id="{page_id}">(.*?)</a>', r"\1", value)
    if isinstance(value, dict):
        return {k: unlinked(v, page_id) for k, v in value.items()}
    if isinstance(value, list):
        return [unlinked(v, page_id) for v in value]
    return value


def test_pages_linking_to_reads_wagtails_reference_index_once(demo):
    target = topic(FAILING_SLUG)
    with CaptureQueriesContext(connection) as queries:
        found = pages_linking_to(target)
    assert {p.slug for p in found} == LINKING == linking_by_json(target)
    index_reads = [q for q in queries.captured_queries if "wagtailcore_referenceindex" in q["sql"]]
    assert len(index_reads) == 1  # then one query per page type to load the specific pages
    # No search of the stored StreamField JSON, as the old backlinks made.
    assert not [q for q in queries.captured_queries if re.search(r'"body"[^,]*LIKE', q["sql"])]
    assert len(queries.captured_queries) <= 4
    # A CTA's page chooser counts as a link too: every cluster page's CTA points here.
    cta_target = demo.get_children().get(slug="find-your-intimacy-style")
    assert {p.slug for p in pages_linking_to(cta_target)} == linking_by_json(cta_target)
    assert len(linking_by_json(cta_target)) == TopicPage.objects.child_of(demo).count() + 1  # and the pillar
    assert cta_target.pk in linked_page_ids(demo)


def test_a_link_in_a_faq_answer_counts_and_a_declaration_alone_does_not(demo, superuser):
    target = topic(FAILING_SLUG)
    # Declares the target as an optional related topic, without linking it.
    declaring = topic("attachment-style").get_latest_revision_as_object()
    assert declaring.slug not in LINKING
    declaring.related_topics.add(RelatedTopic(target=target, required=False))
    declaring.save_revision().publish()
    assert declaring.slug not in {p.slug for p in pages_linking_to(target)}
    # Links the target from a FAQ answer only.
    answering = topic("intimacy-after-trauma").get_latest_revision_as_object()
    assert answering.slug not in LINKING
    raw = answering.body.raw_data
    faq = next(b for b in raw if b["type"] == "faq")
    item = faq["value"]["items"][0]
    item_value = item.get("value", item)
    item_value["answer"] += f'<p>See <a linktype="page" id="{target.pk}">responsive desire</a>.</p>'
    answering.body = raw
    with gate.override(superuser, "test data: a FAQ answer linking another topic"):
        answering.save_revision().publish(user=superuser)
    assert answering.slug in {p.slug for p in pages_linking_to(target)}
    assert {p.slug for p in pages_linking_to(target)} == linking_by_json(target)


def test_unpublish_lists_the_pages_whose_links_break(demo, client, superuser):
    client.force_login(superuser)
    target = topic(FAILING_SLUG)
    url = reverse("wagtailadmin_pages:unpublish", args=(target.pk,))
    confirmation = client.get(url).content.decode()
    assert "links.E004" in confirmation
    for page in pages_linking_to(target):
        assert page.get_admin_display_title() in confirmation

    response = client.post(url, follow=True)
    target.refresh_from_db()
    assert not target.live
    assert "now link to a page that is unpublished" in response.content.decode()
    failing = live_failures("intimacy")
    for slug in LINKING:
        assert "links.E004" in failing[slug]


def test_delete_lists_the_pages_whose_links_break(demo, client, superuser):
    client.force_login(superuser)
    target = topic(FAILING_SLUG)
    url = reverse("wagtailadmin_pages:delete", args=(target.pk,))
    confirmation = client.get(url).content.decode()
    assert "links.E005" in confirmation
    for page in pages_linking_to(target):
        assert page.get_admin_display_title() in confirmation

    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert not type(target).objects.filter(pk=target.pk).exists()
    failing = live_failures("intimacy")
    for slug in LINKING:
        assert "links.E005" in failing[slug]


def test_deleting_a_pillar_with_150_topics_lists_who_links_to_it(demo, client, superuser):
    # Issue 11, defect 4: the old JSON search ORed nine LIKE terms per page,
    # which SQLite refused ("Expression tree is too large") from about 110
    # topics up, and the confirmation view answered with a server error.
    call_command("generate_cluster", "--topics", "150", "--slug", "big", stdout=io.StringIO())
    big = PillarPage.objects.get(slug="big")
    assert big.get_children().count() == 150
    outsider = topic(FAILING_SLUG).get_latest_revision_as_object()
    outsider.body = [
        *outsider.body.raw_data,
        {"type": "paragraph", "value": f'<p>See <a linktype="page" id="{big.pk}">the big cluster</a>.</p>'},
    ]
    with gate.override(superuser, "test data: a link into the cluster being deleted"):
        outsider.save_revision().publish(user=superuser)
    assert {p.slug for p in pages_linking_to(big, include_descendants=True)} == {FAILING_SLUG}

    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:delete", args=(big.pk,))
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert outsider.get_admin_display_title() in confirmation.content.decode()
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert not PillarPage.objects.filter(slug="big").exists()
    assert not TopicPage.objects.filter(path__startswith=big.path).exists()


def test_move_to_another_cluster_names_what_breaks(demo, client, superuser):
    """Links follow a moved page (they are by id); the cluster it joins owes it links."""
    client.force_login(superuser)
    target = topic(FAILING_SLUG)
    other = new_pillar(demo, "second-cluster", unlinked(list(demo.body.raw_data), target.pk))
    demo.get_parent().add_child(instance=other)
    other.save_revision().publish()
    url = reverse("wagtailadmin_pages:move_confirm", args=(target.pk, other.pk))
    confirmation = client.get(url).content.decode()
    for page in pages_linking_to(target):
        assert page.get_admin_display_title() in confirmation
    assert "does not link to this page" in confirmation and "links.E001" in confirmation

    response = client.post(url, follow=True)
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.get_parent().pk == other.pk
    failing = live_failures("second-cluster")
    assert "links.E001" in failing["second-cluster"]  # the pillar does not link its new topic
    assert "links.E002" in failing[FAILING_SLUG]  # nor the topic its new pillar
