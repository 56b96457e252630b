"""`cli_one_page`: one `validate_content --page` call against Django's start-up alone.

CI jobs and pre-commit hooks call the command once per run, so a new process
pays for Python, Django and Wagtail before it validates anything. This
compares the wall time of `manage.py validate_content --page <demo topic>
--format json` with that of `manage.py check` (the same start-up and the same
system checks, which validate_content also runs for stored pages), each a new
process with the benchmark's environment and settings (DATABASE_URL and the
validation cache included). The two alternate for ROUNDS rounds after one
untimed round of each (files read from disk once, Redis connected once); the
medians are compared.

Every timed `validate_content` is cold: the shared validation cache is
cleared before it, as on a fresh CI runner. A warm cache (a pre-commit hook
run again on a developer's machine) would hide the per-run costs this
measures: the dictionary, the first page, the imports the command adds.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time

from bench.suites import ROOT, _secs, clear_caches, result

ROUNDS = 9
TARGET = 1.3
DEMO_PILLAR = "intimacy"  # load_demo's cluster, which bench/run.py loads


def demo_topic() -> str:
    from cluster.models import PillarPage, TopicPage

    pillar = PillarPage.objects.get(slug=DEMO_PILLAR)
    return TopicPage.objects.child_of(pillar).order_by("path").values_list("slug", flat=True)[0]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_manage(*args) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds, result) of `manage.py ARGS` in a new process."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return time.perf_counter() - start, _children_cpu() - cpu, done


def _check() -> tuple[float, float]:
    wall, cpu, done = run_manage("check")
    if done.returncode != 0:
        raise RuntimeError(f"manage.py check failed:\n{done.stderr}")
    return wall, cpu


def _validate(slug: str) -> tuple[float, float]:
    clear_caches()  # cold: nothing validated before, as on a fresh CI runner
    wall, cpu, done = run_manage("validate_content", "--page", slug, "--format", "json")
    if done.returncode not in (0, 1):  # 1: the page fails its checks, still a full run
        raise RuntimeError(f"validate_content --page {slug} exited {done.returncode}:\n{done.stderr}")
    pages = json.loads(done.stdout)["summary"]["pages"]
    if pages != 1:
        raise RuntimeError(f"validate_content --page {slug} validated {pages} pages, not 1")
    return wall, cpu


def bench_cli(rounds: int = ROUNDS) -> dict:
    slug = demo_topic()
    # Untimed: the first run of each reads every file it needs from disk.
    _check()
    _validate(slug)
    samples = {"check": [], "validate": []}
    for _ in range(rounds):
        samples["check"].append(_check())
        samples["validate"].append(_validate(slug))
    wall = {side: statistics.median(w for w, _ in runs) for side, runs in samples.items()}
    cpu = {side: statistics.median(c for _, c in runs) for side, runs in samples.items()}
    ratio = wall["validate"] / wall["check"]
    detail = (
        f"validate_content --page {slug} {wall['validate']:.2f}s vs manage.py check {wall['check']:.2f}s "
        f"(medians of {rounds} alternating new processes, cold validation cache: "
        f"{_secs(w for w, _ in samples['validate'])} vs {_secs(w for w, _ in samples['check'])}); "
        f"CPU {cpu['validate']:.2f}s vs {cpu['check']:.2f}s, ratio {cpu['validate'] / cpu['check']:.2f}"
    )
    return {"cli_one_page": result(round(ratio, 2), TARGET, "ratio", ratio <= TARGET, detail=detail)}
