"""A call to action without a link blocks publishing (links.E007; issue 15, item 6).

The plain-text format cannot say where a call to action leads, so every page
imported from it carries a dead button until an editor gives it a page or a URL.
"""

import pytest
from django.core.management import call_command

from cluster.gate import rules as gate
from cluster.models import PillarPage
from tests.paths import SEED


def imported_seed() -> PillarPage:
    call_command("import_page", str(SEED), "--type", "pillar", "--slug", "seed-pillar", verbosity=0)
    return PillarPage.objects.get(slug="seed-pillar")


def with_cta_url(page: PillarPage, url: str):
    draft = page.get_latest_revision_as_object()
    raw = draft.body.raw_data
    for block in raw:
        if block["type"] == "cta":
            block["value"] = {**block["value"], "url": url}
    draft.body = raw
    return draft.save_revision()


def test_a_page_imported_from_text_is_refused_for_its_cta_alone(db):
    page = imported_seed()
    with pytest.raises(gate.PublicationBlocked) as refused:
        page.get_latest_revision().publish()
    assert [(f.id, f.message, f.where) for f in refused.value.findings] == [
        (
            "links.E007",
            'The call to action "Find your intimacy style" has no link.',
            'Call to action "Curious where you land?"',
        )
    ]
    page.refresh_from_db()
    assert not page.live


def test_the_same_page_publishes_once_its_cta_has_a_link(db):
    # Positive control: the refusal above is the CTA's, and a URL clears it.
    page = imported_seed()
    with_cta_url(page, "https://example.org/quiz").publish()
    page.refresh_from_db()
    assert page.live
