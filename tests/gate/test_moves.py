"""A live cluster page is never moved under a page the public cannot see (cluster/gate/moves.py)."""

from django.urls import reverse
from wagtail.models import APIToken

from cluster.models import ContentPage, PillarPage
from tests.gate.support import new_pillar, topic

SLUG = "fear-of-intimacy"


def draft_pillar(demo) -> PillarPage:
    pillar = new_pillar(demo, "embargoed-cluster", list(demo.body.raw_data))
    demo.get_parent().add_child(instance=pillar)
    return pillar


def test_the_admin_refuses_to_move_a_live_topic_under_a_draft_pillar(demo, client, superuser):
    client.force_login(superuser)
    moved, hidden = topic(SLUG), draft_pillar(demo)
    url = reverse("wagtailadmin_pages:move_confirm", args=(moved.pk, hidden.pk))
    response = client.post(url, follow=True)
    moved.refresh_from_db()
    assert moved.get_parent().pk == demo.pk
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:move", args=(moved.pk,))
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        f"'{moved.title}' cannot be moved under '{hidden.title}': that page is not live (or is private), "
        "so the moved page would be public in a cluster the public cannot see. Publish "
        f"'{hidden.title}' first, or unpublish the page before moving it."
    ]


def test_api_v3_refuses_the_same_move_with_422(demo, client, superuser):
    _, token = APIToken.create_token(user=superuser, name="mover")
    moved, hidden = topic(SLUG), draft_pillar(demo)
    response = client.post(
        f"/api/v3/pages/{moved.pk}/actions/move/",
        {"destination_id": hidden.pk, "position": "last-child"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert "cannot be moved under" in response.content.decode()
    moved.refresh_from_db()
    assert moved.get_parent().pk == demo.pk


def test_a_move_under_a_live_pillar_or_of_a_draft_is_allowed(demo, client, superuser):
    """Controls: the same routes move pages when nothing would be exposed."""
    client.force_login(superuser)
    hidden = draft_pillar(demo)
    content = ContentPage(title="Notes", slug="notes", live=True, body=[])
    demo.add_child(instance=content)
    client.post(reverse("wagtailadmin_pages:move_confirm", args=(content.pk, hidden.pk)))
    content.refresh_from_db()
    assert content.get_parent().pk == hidden.pk  # not a cluster page: nothing to refuse
    live = new_pillar(demo, "second-cluster", list(demo.body.raw_data))
    live.live = True
    demo.get_parent().add_child(instance=live)
    moved = topic(SLUG)
    client.post(reverse("wagtailadmin_pages:move_confirm", args=(moved.pk, live.pk)))
    moved.refresh_from_db()
    assert moved.get_parent().pk == live.pk
