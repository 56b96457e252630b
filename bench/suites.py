"""The benchmark groups behind bench/run.py; each returns {name: result}."""

from __future__ import annotations

import gc
import io
import platform
import resource
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.floor import textstat_floor

ROOT = Path(__file__).resolve().parent.parent


def result(value, target, unit, ok, **extra):
    return {"value": value, "target": target, "unit": unit, "ok": bool(ok), **extra}


def timed(fn, *args, **kwargs):
    # Garbage left by whatever ran before is collected first, untimed, so no
    # side pays for the other's (validate_content pauses the collector, and a
    # collection it deferred would otherwise land in the next timing).
    gc.collect()
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def gate_command(*args) -> str:
    from django.core.management import call_command

    out = io.StringIO()
    try:
        call_command("validate_content", *args, stdout=out, stderr=io.StringIO())
    except SystemExit:
        pass  # exit 1: the synthetic clusters fail on purpose
    return out.getvalue()


def clear_caches():
    """Everything a validation may reuse, gone: as cold as a new process with an empty Redis."""
    from cluster.validation.caches import clear_all
    from validators.offline import clear_textstat_caches, forget_dictionary

    clear_all()
    forget_dictionary()
    clear_textstat_caches()


def ensure_cluster(n: int, *, slug: str | None = None, seed: int = 7) -> str:
    from django.core.management import call_command

    from cluster.models import PillarPage

    slug = slug or f"bench-{n}"
    if not PillarPage.objects.filter(slug=slug).exists():
        call_command(
            "generate_cluster", "--topics", str(n), "--seed", str(seed), "--slug", slug, stdout=io.StringIO()
        )
    return slug


def page_prose(slug: str) -> list[str]:
    """The prose the readability check measures, page by page, as plain text."""
    from cluster.models import PillarPage
    from cluster.validation.caches import validation_cache
    from cluster.validation.loading import load_cluster
    from validators.text import prose_segments

    pillar = PillarPage.objects.get(slug=slug)
    _, docs = load_cluster(pillar=pillar, version="draft", cache=validation_cache())
    return ["\n".join(u.text for seg in prose_segments(doc) for u in seg.units) for doc in docs]


COLD_ROUNDS = 3
EDIT_ROUNDS = 9


def _secs(values) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def bench_validation(large: int, small: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    big, little = ensure_cluster(large), ensure_cluster(small)
    out = {}
    texts = page_prose(big)
    # Cold runs and the floor alternate, three of each; the medians are
    # compared, so one noisy moment on a shared machine moves neither.
    colds, floors, big_queries = [], [], []
    for _ in range(COLD_ROUNDS):
        clear_caches()
        with CaptureQueriesContext(connection) as queries:
            colds.append(timed(gate_command, "--cluster", big, "--format", "json")[0])
        big_queries.append(len(queries.captured_queries))
        floors.append(textstat_floor(texts))
    first, floor = statistics.median(colds), statistics.median(floors)
    out["validate_vs_floor"] = result(
        round(first / floor, 3),
        1.25,
        "ratio",
        first / floor <= 1.25,
        detail=(
            f"validate_content {first:.2f}s vs textstat FRE+FK {floor:.2f}s on {len(texts)} pages "
            f"(medians of {COLD_ROUNDS} cold runs each: {_secs(colds)} vs {_secs(floors)})"
        ),
    )
    clear_caches()
    first = timed(gate_command, "--cluster", big, "--format", "json")[0]  # the run the second repeats
    second, _ = timed(gate_command, "--cluster", big, "--format", "json")
    out["revalidate_unchanged"] = result(
        round(first / second, 2),
        20,
        "x faster",
        first / second >= 20,
        detail=f"first {first:.2f}s, second {second:.2f}s",
    )
    clear_caches()
    with CaptureQueriesContext(connection) as small_queries:
        gate_command("--cluster", little, "--format", "json")
    # The last cold round's count: the first in a process also fills Django's
    # per-process ContentType cache, one query that is not the validation's.
    counts = (len(small_queries.captured_queries), big_queries[-1])
    out["validate_queries"] = result(
        f"{counts[0]} at N={small}, {counts[1]} at N={large}",
        "equal, <= 30",
        "queries",
        counts[0] == counts[1] and max(counts) <= 30,
    )
    out["revalidate_one_edit"] = one_edit_ratio(big, little, large, small)
    out["validate_peak_rss"] = peak_rss(big)
    return out


def one_edit_ratio(big: str, little: str, large: int, small: int) -> dict:
    from cluster.models import TopicPage

    pages = {}
    for slug in (big, little):
        gate_command("--cluster", slug, "--format", "json")  # warm, as after a CI run
        pages[slug] = TopicPage.objects.filter(slug__startswith=f"{slug}-topic-").order_by("path")[3]
        # The first check of a page in a process reads the rest of its cluster
        # once (cluster/scoped.py) and, if nothing was analysed yet, loads the
        # dictionaries: an untimed first edit pays both, as in a long-running
        # admin process; every later edit is what this measures.
        _edit_and_check(pages[slug], "warm-up")
    samples = {big: [], little: []}
    for round_ in range(EDIT_ROUNDS):
        # Sizes alternate within each round, so a slow spell of the machine
        # lands on both sides.
        for slug in (big, little):
            samples[slug].append(_edit_and_check(pages[slug], round_))
    timings = {slug: statistics.median(times) for slug, times in samples.items()}
    ratio = timings[big] / timings[little]
    return result(
        round(ratio, 2),
        1.15,
        "ratio",
        ratio <= 1.15,
        detail=(
            f"one edited page: {timings[big]:.3f}s at N={large}, "
            f"{timings[little]:.3f}s at N={small} (median of {EDIT_ROUNDS})"
        ),
    )


def _edit_and_check(page, label) -> float:
    page.title = f"{page.title.split(' (edit')[0]} (edit {label})"
    page.save_revision()
    return timed(gate_command, "--page", page.slug, "--format", "json")[0]


PEAK_RSS_TARGET_MB = 250


def peak_rss(slug: str) -> dict:
    """A cold `validate_content --cluster SLUG` in a new process: its own high-water mark (bench/child.py)."""
    from bench.child import cold_run

    with tempfile.TemporaryDirectory(prefix="cluster-bench-rss-") as scratch:
        megabytes = cold_run(["--cluster", slug], Path(scratch) / "report.json").peak_mb
    return result(
        megabytes,
        PEAK_RSS_TARGET_MB,
        "MB",
        megabytes <= PEAK_RSS_TARGET_MB,
        detail="whole process, Django included (VmHWM of a new process, report written to a file)",
    )


def run_all(
    large: int,
    small: int,
    only=None,
    gate_cluster: int = 500,
    scale_cluster: int = 2000,
    lengths: dict[str, dict] | None = None,
) -> dict:
    """Every group, or those in `only`; `lengths` overrides a group's durations by name."""
    lengths = lengths or {}
    from bench.api_load import bench_api
    from bench.cli import bench_cli
    from bench.editor import bench_editor
    from bench.files_vs_db import bench_files_vs_db
    from bench.gate_publish import bench_publish_gate
    from bench.scale import bench_scale

    groups = {
        "validation": lambda: bench_validation(large, small),
        "gate": lambda: bench_publish_gate(gate_cluster),
        "api": lambda: bench_api(gate_cluster, **lengths.get("api", {})),
        "files": lambda: bench_files_vs_db(large),
        "cli": lambda: bench_cli(**lengths.get("cli", {})),
        "editor": bench_editor,
        "scale": lambda: bench_scale(scale_cluster),
    }
    results, seconds = {}, {}
    for name, run in groups.items():
        if not only or name in only:
            start = time.perf_counter()
            results.update(run())
            seconds[name] = round(time.perf_counter() - start, 1)
    # Where a run's time goes: `--quick` must stay under 3 minutes (issue 16).
    results["_group_seconds"] = seconds
    return results


def meta(quick: bool, database_url: str) -> dict:
    from django.db import connection

    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, {platform.platform()}",
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "validation_cache": __import__("django.conf").conf.settings.CACHES["validation"]["BACKEND"],
    }


def table(results: dict) -> str:
    rows = [f"{'name':<24} {'value':>28} {'target':>14} {'unit':<10} ok"]
    for name, r in results.items():
        if name.startswith("_"):
            continue
        ok = "yes" if r["ok"] else "NO"
        rows.append(f"{name:<24} {str(r['value']):>28} {str(r['target']):>14} {r['unit']:<10} {ok}")
        if r.get("detail"):
            rows.append(f"{'':<24}   {r['detail']}")
    if results.get("_group_seconds"):
        spent = ", ".join(f"{name} {secs:.0f} s" for name, secs in results["_group_seconds"].items())
        rows.append(f"time per group: {spent}")
    return "\n".join(rows)
