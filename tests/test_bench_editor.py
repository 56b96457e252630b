"""bench/editor.py measures what it says: two real preview refreshes per round, each after an edit.

No timing is asserted here (docs/benchmarks.md has the figures); these tests
only prove the benchmark times a validation report against a rendered page,
on new content every time, and stops rather than time a refused form.
"""

import pytest
from django.test import Client
from django.urls import reverse

from bench.editor import DEMO_TOPIC, bench_editor, edited_body, refresh
from cluster.models import TopicPage
from cluster.testing import page_form_data


def test_an_edit_rewords_one_sentence_of_the_first_paragraph(demo):
    raw = TopicPage.objects.get(slug=DEMO_TOPIC).body.raw_data
    one, two = edited_body(raw, "a1"), edited_body(raw, "a2")
    changed = [i for i, (old, new) in enumerate(zip(raw, one, strict=True)) if old != new]
    assert len(changed) == 1 and raw[changed[0]]["type"] == "paragraph"
    assert changed[0] == next(i for i, b in enumerate(raw) if b["type"] == "paragraph")
    assert ", in draft a1." in one[changed[0]]["value"]
    assert one[changed[0]]["value"] != two[changed[0]]["value"]  # every refresh sees new content


def test_the_benchmark_refreshes_both_modes_and_saves_nothing(demo):
    page = TopicPage.objects.get(slug=DEMO_TOPIC)
    before = page.latest_revision_id

    figure = bench_editor(rounds=1)["editor_refresh"]

    assert figure["value"] > 0 and figure["target"] == 1.5
    assert "validation report" in figure["detail"] and "page preview" in figure["detail"]
    page.refresh_from_db()
    assert page.latest_revision_id == before and not page.has_unpublished_changes


def test_a_refused_form_is_not_timed(demo, admin_user):
    page = TopicPage.objects.get(slug=DEMO_TOPIC)
    client = Client()
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    with pytest.raises(RuntimeError, match="failed"):
        refresh(client, url, page_form_data(page, slug="not a slug!"), "validation")
