#!/usr/bin/env python
"""Benchmarks for the validation engine, the publication gate, the API and the editor's panel.

    python bench/run.py [--quick] [--json] [--only validation|gate|api|files|scale]

Every figure is a ratio of two timings taken side by side in this one run, on
the same machine, so a noisy machine moves both sides. Runs on a fresh SQLite
file by default; set DATABASE_URL to run the same table on PostgreSQL (use a
scratch database: the benchmark creates clusters in it).

Writes bench/results/latest.json as {name: {value, target, unit, ok}}.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
# --quick must finish in under 3 minutes (issue 16), and the API load and the
# CLI's new processes took half of that at full length. The same methods,
# shorter: a smoke test that every name is measured, not the figures.
QUICK_LENGTHS = {"api": {"seconds": 5, "soak": 10}, "cli": {"rounds": 5}}


def setup_django(database_url: str | None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.bench")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo", verbosity=0)


def redis_reachable(url: str) -> bool:
    """Production caches validation results in Redis, so the benchmark does too when it can."""
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # any failure means: fall back to the file cache
        return False


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N=200 (under 3 minutes)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    parser.add_argument(
        "--only", action="append", help="run only these groups: validation, gate, api, files, scale"
    )
    args = parser.parse_args(argv)
    # The scratch SQLite file (over 1 GB after the scale group) and the file
    # cache are this run's alone: nothing reads them afterwards, and a
    # machine that runs the benchmarks nightly would otherwise fill /tmp.
    with tempfile.TemporaryDirectory(prefix="cluster-bench-") as scratch:
        return run(args, scratch=Path(scratch))


def run(args, *, scratch: Path) -> int:
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["CLUSTER_BENCH_CACHE_DIR"] = str(scratch / "cache")
    redis_url = os.environ.get("CLUSTER_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    if redis_reachable(redis_url):
        os.environ["CLUSTER_BENCH_REDIS_URL"] = redis_url
    else:
        os.environ.pop("CLUSTER_BENCH_REDIS_URL", None)
        print(f"Redis not reachable at {redis_url}: using a file cache", file=sys.stderr)
    setup_django(database_url)

    from bench import suites

    large = 200 if args.quick else 2000
    # The scale group: ten clusters of 2,000 topics against one; --quick keeps
    # its names and method at ten clusters of 20 against one (bench/scale.py).
    results = suites.run_all(
        large=large,
        small=large // 10,
        only=args.only,
        gate_cluster=min(500, large),
        scale_cluster=large // 10 if args.quick else large,
        lengths=QUICK_LENGTHS if args.quick else None,
    )
    results["_meta"] = suites.meta(args.quick, database_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    print(suites.table(results))
    if args.json:
        print(json.dumps(results, indent=2))
    failed = [name for name, r in results.items() if not name.startswith("_") and not r["ok"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
