"""`validate_scale` and `validate_jobs`: a cold full validation of 20,000 topic pages (issue 16).

The pages are ten clusters of SIZE topics (2,000 in the full run): the
validation group's `bench-SIZE` (seed 7) and `scale-SIZE-1` to `-9` (seeds 8
to 16), made by `generate_cluster`. Each has its own seed, so no cluster
repeats another's text: memos keyed by text would otherwise make the large
side cheaper than real content allows.

- `validate_scale`: per-page time of `validate_content` over all ten clusters
  against the same over `bench-SIZE` alone (target <= 1.1), and the peak
  memory of the large run (target <= 400 MB, the highest `VmHWM` of its runs).
- `validate_jobs`: `--jobs 2` against `--jobs 1` over the ten clusters
  (target >= 1.7x faster), ok only if every report of the ten clusters, with
  either option, is byte for byte the same file. Without a `--jobs` option
  the result says "not available" and is not ok.

Every timed run is a new process (bench/child.py), cold (the shared
validation cache emptied first), because that is what is measured: a CI job
starting `validate_content`. In the benchmark process a run would inherit a
heap grown by the earlier groups, and its memory would be the benchmark's;
and `--jobs` starts worker processes, which should start from the same
parent on both sides. The sides alternate within each of ROUNDS rounds, in
reverse order every other round, and medians are compared.
"""

from __future__ import annotations

import filecmp
import statistics
import tempfile
from pathlib import Path

from bench.child import cold_run
from bench.suites import ensure_cluster, result

CLUSTERS = 10
ROUNDS = 3
SCALE_TARGET = 1.1
PEAK_TARGET_MB = 400
JOBS_TARGET = 1.7


def scale_clusters(size: int) -> list[str]:
    """Slugs of the ten clusters, generated if missing."""
    more = [ensure_cluster(size, slug=f"scale-{size}-{n}", seed=7 + n) for n in range(1, CLUSTERS)]
    return [ensure_cluster(size), *more]


def jobs_available() -> bool:
    """Whether this branch's validate_content takes `--jobs N` (another branch adds it)."""
    from django.core.management import CommandError, load_command_class

    parser = load_command_class("cluster", "validate_content").create_parser("manage.py", "validate_content")
    try:
        parser.parse_args(["--jobs", "1"])
    except (CommandError, SystemExit):
        return False
    return True


def bench_scale(size: int) -> dict:
    slugs = scale_clusters(size)
    every = [arg for slug in slugs for arg in ("--cluster", slug)]
    jobs = jobs_available()
    sides = {"one": ["--cluster", slugs[0]], "all": every + (["--jobs", "1"] if jobs else [])}
    if jobs:
        sides["jobs 2"] = every + ["--jobs", "2"]
    runs: dict[str, list] = {name: [] for name in sides}
    identical = True
    with tempfile.TemporaryDirectory(prefix="cluster-bench-scale-") as scratch:
        reference = Path(scratch) / "reference.json"
        for round_ in range(ROUNDS):
            for name in sides if round_ % 2 == 0 else reversed(sides):
                output = Path(scratch) / "report.json"
                runs[name].append(cold_run(sides[name], output))
                if name == "one":
                    continue
                if not reference.exists():
                    output.rename(reference)
                else:
                    identical = identical and filecmp.cmp(output, reference, shallow=False)
    return {
        "validate_scale": _scale(runs["all"], runs["one"], size),
        "validate_jobs": _jobs(runs["all"], runs.get("jobs 2"), identical),
    }


def _median(runs, attr: str) -> float:
    return statistics.median(getattr(run, attr) for run in runs)


def _secs(runs) -> str:
    return ", ".join(f"{run.wall:.2f}" for run in runs)


def _scale(large: list, small: list, size: int) -> dict:
    pages, few = large[0].pages, small[0].pages
    per_page, per_page_few = _median(large, "wall") / pages, _median(small, "wall") / few
    ratio = per_page / per_page_few
    cpu = (_median(large, "cpu") / pages) / (_median(small, "cpu") / few)
    peak = max(run.peak_mb for run in large)
    detail = (
        f"{pages} pages ({CLUSTERS} clusters of {size} topics) {per_page * 1000:.2f} ms/page "
        f"vs {few} pages {per_page_few * 1000:.2f} ms/page (medians of {ROUNDS} cold runs, "
        f"each a new process: {_secs(large)} s vs {_secs(small)} s; by CPU time {cpu:.2f}); "
        f"peak RSS {peak:.0f} MB at {pages} pages (target {PEAK_TARGET_MB} MB, VmHWM)"
    )
    ok = ratio <= SCALE_TARGET and peak <= PEAK_TARGET_MB
    return result(round(ratio, 3), f"<= {SCALE_TARGET}", "ratio", ok, detail=detail, peak_rss_mb=peak)


def _jobs(one_job: list, two_jobs: list | None, identical: bool) -> dict:
    if two_jobs is None:
        detail = "not available: validate_content has no --jobs option on this branch"
        return result("not available", f">= {JOBS_TARGET}", "x faster", False, detail=detail)
    speedup = _median(one_job, "wall") / _median(two_jobs, "wall")
    same = "byte-identical" if identical else "NOT byte-identical"
    detail = (
        f"--jobs 1 {_secs(one_job)} s vs --jobs 2 {_secs(two_jobs)} s over {one_job[0].pages} pages "
        f"(medians of {ROUNDS} cold runs, each a new process); JSON reports {same}"
    )
    ok = speedup >= JOBS_TARGET and identical
    return result(round(speedup, 2), f">= {JOBS_TARGET}", "x faster", ok, detail=detail)
