"""One cold `validate_content` run in a new process, as a CI job runs it.

The child sets Django up, then times the command alone (Django's start-up is
the same on both sides of every ratio, and not the validation's), writes the
report to a file (`--output`: holding 60 MB of report in a StringIO would be
the harness's memory, not the command's), and prints its wall and CPU time
and its own high-water mark (`VmHWM`). Linux keeps `ru_maxrss` across fork
and exec, so a child of the (large) benchmark process would report at least
the parent's size; `VmHWM` belongs to the new program image only.

The caller empties the shared validation cache first; the new process starts
with every in-process layer empty. Together that is a cold run.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CODE = """
import json, os, resource, sys, time, django
django.setup()
from django.core.management import call_command
output, args = sys.argv[1], sys.argv[2:]
wall, cpu = time.perf_counter(), time.process_time()
with open(os.devnull, "w") as devnull:
    try:
        call_command("validate_content", *args, "--format", "json", "--output", output,
                     stdout=devnull, stderr=devnull)
    except SystemExit:
        pass  # exit 1: the synthetic clusters fail on purpose
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
try:
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"wall": wall, "cpu": cpu, "peak_kb": peak}))
"""


@dataclass(frozen=True)
class Run:
    wall: float  # seconds, the command alone
    cpu: float  # seconds of the child's own CPU (not its workers')
    peak_mb: float
    pages: int  # from the report's summary
    digest: str  # sha256 of the report file


def cold_run(args: list[str], output: Path) -> Run:
    """`validate_content ARGS --format json --output OUTPUT` in a new process, cache emptied first."""
    from cluster.validation.caches import validation_cache

    validation_cache().clear()
    command = [sys.executable, "-c", _CODE, str(output), *args]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return Run(
        wall=figures["wall"],
        cpu=figures["cpu"],
        peak_mb=round(figures["peak_kb"] / 1024, 1),
        pages=summary(output)["pages"],
        digest=_digest(output),
    )


def _digest(path: Path) -> str:
    with path.open("rb") as data:
        return hashlib.file_digest(data, "sha256").hexdigest()


def summary(report: Path) -> dict:
    """The JSON report's summary, from its second line (one top-level key per line)."""
    with report.open(encoding="utf-8") as lines:
        next(lines)
        key, _, value = next(lines).partition(":")
    assert key.strip() == '"summary"', key
    return json.loads(value.rstrip().rstrip(","))
