"""publish_gate_overhead: the admin Publish POST with the gate on and off."""

from __future__ import annotations

import statistics
import time

from bench.suites import ensure_cluster, result


def _post(client, url, data):
    start = time.perf_counter()
    response = client.post(url, data)
    elapsed = time.perf_counter() - start
    if response.status_code not in (200, 302):
        raise RuntimeError(f"publish POST answered {response.status_code}")
    return elapsed


def bench_publish_gate(size: int, rounds: int = 9) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings

    from cluster.models import TopicPage
    from cluster.testing import edit_url, page_form_data

    slug = ensure_cluster(size)
    # Topic 3 carries no deliberate defect, so its publish passes the gate.
    page = TopicPage.objects.get(slug=f"{slug}-topic-3")
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    url = edit_url(page)
    samples = {True: [], False: []}
    for round_ in range(rounds + 1):
        # Alternate the order each round so drift hits both sides alike.
        for gate_on in (True, False) if round_ % 2 else (False, True):
            page.refresh_from_db()
            data = page_form_data(page, title=f"Synthetic topic 3 ({round_}-{gate_on})")
            data["action-publish"] = "action-publish"
            with override_settings(CLUSTER_PUBLICATION_GATE=gate_on):
                elapsed = _post(client, url, data)
            if round_:  # the first round warms caches and connections
                samples[gate_on].append(elapsed)
    page.refresh_from_db()
    if not page.live or page.has_unpublished_changes:
        raise RuntimeError("the benchmark's publish did not go live")
    on, off = statistics.median(samples[True]), statistics.median(samples[False])
    ratio = on / off
    return {
        "publish_gate_overhead": result(
            round(ratio, 3),
            1.15,
            "ratio",
            ratio <= 1.15,
            detail=f"median Publish POST {on * 1000:.0f} ms gate on, {off * 1000:.0f} ms off, "
            f"{size}-topic cluster, {rounds} rounds",
        )
    }
