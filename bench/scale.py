"""`validate_scale` and `validate_jobs`: a whole site of 10 clusters, cold, one process per run.

Ten generated clusters (`generate_cluster --seed 7+k --slug scale-k`, 2,000
topics each in the full set: 20,000 topic pages and 10 pillars) are validated
the way a CI job validates a site: a new `validate_content` process, every
cache empty (Redis cleared before each run). Each timed run is its own process
for two reasons: a process's peak memory (`VmHWM`) is only its own in a new
process, and a long benchmark process would carry the previous run's heap into
the next. The time is taken inside the child, around the command alone, so
Django's start-up (the same at every size) does not flatter the larger side.

- `validate_scale`: seconds per page of the 10 clusters against seconds per page
  of one of them (the same cluster, `scale-0`), alternating, medians of the
  rounds; the peak RSS of the 10-cluster run is reported beside it.
- `validate_jobs`: the 10 clusters with `--jobs 2` against `--jobs 1`,
  alternating; the JSON reports must be byte-identical (their SHA-256 is
  compared), whatever the speed-up.

`--quick` runs the same names on 10 clusters of 100 topics, one round each,
so that the quick set stays under 3 minutes.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys

from bench.suites import ROOT, clear_caches, result

CLUSTERS = 10

_CHILD = """
import hashlib, io, json, sys, time, django
django.setup()
from django.core.management import call_command
out = io.StringIO()
start = time.perf_counter()
try:
    call_command('validate_content', *sys.argv[1:], stdout=out, stderr=io.StringIO())
except SystemExit as exc:
    if exc.code not in (0, 1):  # 1: the generated clusters fail on purpose
        raise
elapsed = time.perf_counter() - start
with open('/proc/self/status') as status:
    hwm = next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))
report = out.getvalue()
print(json.dumps({
    'seconds': elapsed,
    'rss_mb': hwm / 1024,
    'pages': len(json.loads(report)['pages']),
    'sha256': hashlib.sha256(report.encode()).hexdigest(),
}))
"""


def ensure_site(topics: int) -> list[str]:
    """The ten clusters' slugs, generated once per database."""
    from django.core.management import call_command

    from cluster.models import PillarPage

    slugs = []
    for k in range(CLUSTERS):
        slug = f"scale-{topics}-{k}"
        if not PillarPage.objects.filter(slug=slug).exists():
            call_command(
                "generate_cluster",
                "--topics",
                str(topics),
                "--seed",
                str(7 + k),
                "--slug",
                slug,
                stdout=io.StringIO(),
            )
        slugs.append(slug)
    return slugs


def cold_run(slugs, *extra) -> dict:
    """One cold `validate_content --format json` over these clusters, in a new process."""
    clear_caches()
    args = [arg for slug in slugs for arg in ("--cluster", slug)] + ["--format", "json", *extra]
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    if done.returncode != 0:
        raise RuntimeError(f"validate_content {' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def jobs_available() -> bool:
    from cluster.management.commands.validate_content import Command

    return "--jobs" in Command().create_parser("manage.py", "validate_content").format_help()


def bench_scale(topics: int, rounds: int) -> dict:
    slugs = ensure_site(topics)
    site, one = [], []
    for _ in range(rounds):
        site.append(cold_run(slugs))
        one.append(cold_run(slugs[:1]))
    per_page = {
        name: statistics.median(r["seconds"] / r["pages"] for r in runs)
        for name, runs in (("site", site), ("one", one))
    }
    ratio = per_page["site"] / per_page["one"]
    peak = max(r["rss_mb"] for r in site)
    out = {
        "validate_scale": result(
            round(ratio, 2),
            "<= 1.1, RSS <= 400 MB",
            "ratio",
            ratio <= 1.1 and peak <= 400,
            detail=(
                f"{site[0]['pages']} pages {_ms(per_page['site'])} ms/page vs {one[0]['pages']} pages "
                f"{_ms(per_page['one'])} ms/page (runs {_secs(site)} s vs {_secs(one)} s); "
                f"peak RSS {peak:.0f} MB at {site[0]['pages']} pages, {max(r['rss_mb'] for r in one):.0f} MB "
                f"at {one[0]['pages']}"
            ),
        )
    }
    out["validate_jobs"] = jobs_ratio(slugs, rounds, site)
    return out


def jobs_ratio(slugs, rounds: int, serial_runs: list[dict]) -> dict:
    if not jobs_available():
        return result(None, ">= 1.7x, identical", "x faster", False, detail="--jobs is not available")
    serial, parallel = [], []
    for _ in range(rounds):
        parallel.append(cold_run(slugs, "--jobs", "2"))
        serial.append(cold_run(slugs, "--jobs", "1"))
    speedup = _median(serial) / _median(parallel)
    runs = serial + parallel + serial_runs
    digests = {r["sha256"] for r in runs}
    identical = len(digests) == 1
    return result(
        round(speedup, 2),
        ">= 1.7x, identical",
        "x faster",
        speedup >= 1.7 and identical,
        detail=(
            f"{serial[0]['pages']} pages: --jobs 2 {_secs(parallel)} s vs --jobs 1 {_secs(serial)} s; "
            f"JSON reports {'byte-identical' if identical else 'DIFFER'} across {len(runs)} runs; "
            f"peak RSS --jobs 2 {max(r['rss_mb'] for r in parallel):.0f} MB (parent)"
        ),
    )


def _median(runs) -> float:
    return statistics.median(r["seconds"] for r in runs)


def _secs(runs) -> str:
    return ", ".join(f"{r['seconds']:.1f}" for r in runs)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"
