"""The two lock files and their stamp: which pyproject.toml dependency lists they were compiled from.

    python requirements/locks.py inputs DIR          write DIR/prod.in and DIR/dev.in from pyproject.toml
    python requirements/locks.py stamp KIND BODY     print BODY (the compiled pins) under KIND's header
    python requirements/locks.py check               exit 1 if a lock is stale, or names an index

`make lock` runs the first two (`uv pip compile` reads the .in files, so the project
itself is never built); `make lint` runs `check`, which needs no network: each
lock's header records a SHA-256 of the dependency lists it came from, and
`check` recomputes it from pyproject.toml. Standard library only (tomllib),
so it runs with any Python 3.11, the lock tools' venv included.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {"prod": ROOT / "requirements" / "prod.lock", "dev": ROOT / "requirements" / "dev.lock"}
STAMP = "# pyproject-sha256: "
# An index or find-links line would carry this machine's package sources into every install.
FORBIDDEN_PREFIXES = ("--index-url", "--extra-index-url", "--find-links", "-i ", "-f ", "--trusted-host")

HEADERS = {
    "prod": [
        "# Production: [project] dependencies of pyproject.toml, exact versions, hashes of every file.",
        "#   pip install --require-hashes -r requirements/prod.lock",
    ],
    "dev": [
        "# Development and CI: production plus the [dev] extra, exact versions, hashes of every file.",
        "#   pip install --require-hashes -r requirements/dev.lock   (make venv does this)",
    ],
}


def dependency_lists(pyproject: Path) -> dict[str, list[str]]:
    """KIND -> the requirement strings a lock of that kind is compiled from (dev includes prod)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    prod = list(project.get("dependencies", []))
    dev = prod + list(project.get("optional-dependencies", {}).get("dev", []))
    return {"prod": prod, "dev": dev}


def digest(requirements: list[str], requires_python: str) -> str:
    # Sorted and stripped: reordering or re-indenting pyproject.toml does not make a lock stale.
    canonical = json.dumps(
        {"requires-python": requires_python, "requirements": sorted(r.strip() for r in requirements)}
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def expected_digests(pyproject: Path) -> dict[str, str]:
    requires_python = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"].get(
        "requires-python", ""
    )
    return {kind: digest(reqs, requires_python) for kind, reqs in dependency_lists(pyproject).items()}


def recorded_digest(lock_text: str) -> str | None:
    for line in lock_text.splitlines():
        if line.startswith(STAMP):
            return line[len(STAMP) :].split()[0]
    return None


def problems(pyproject: Path, locks: dict[str, Path]) -> list[str]:
    """What is wrong with the locks, as `path:line: message` lines (empty when all is well)."""
    found = []
    for kind, want in expected_digests(pyproject).items():
        lock = locks[kind]
        if not lock.exists():
            found.append(f"{lock}:1: missing; run `make lock`")
            continue
        text = lock.read_text(encoding="utf-8")
        if recorded_digest(text) != want:
            found.append(f"{lock}:1: stale: {pyproject.name}'s dependencies changed since `make lock`")
        for number, line in enumerate(text.splitlines(), start=1):
            if line.lstrip().startswith(FORBIDDEN_PREFIXES):
                found.append(f"{lock}:{number}: names a package source ({line.split()[0]}); locks must not")
    return found


def write_inputs(pyproject: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for kind, reqs in dependency_lists(pyproject).items():
        (folder / f"{kind}.in").write_text("\n".join(reqs) + "\n", encoding="utf-8")


def stamped(kind: str, body: str, pyproject: Path) -> str:
    header = [
        *HEADERS[kind],
        "# Python 3.11 (environment markers are resolved for it). Regenerate with `make lock`;",
        "# `make lint` fails when pyproject.toml's dependency lists no longer match this stamp:",
        f"{STAMP}{expected_digests(pyproject)[kind]}",
    ]
    return "\n".join(header) + "\n" + body.lstrip("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyproject", type=Path, default=ROOT / "pyproject.toml")
    parser.add_argument("--locks", type=Path, default=ROOT / "requirements", help="folder of the locks")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("inputs").add_argument("folder", type=Path)
    stamp = sub.add_parser("stamp")
    stamp.add_argument("kind", choices=sorted(LOCKS))
    stamp.add_argument("body", type=Path)
    sub.add_parser("check")
    args = parser.parse_args(argv)

    if args.command == "inputs":
        write_inputs(args.pyproject, args.folder)
        return 0
    if args.command == "stamp":
        sys.stdout.write(stamped(args.kind, args.body.read_text(encoding="utf-8"), args.pyproject))
        return 0
    # Relative to the working folder where possible, for `path:line: message` an editor can open.
    folder = args.locks.resolve()
    folder = folder.relative_to(Path.cwd()) if folder.is_relative_to(Path.cwd()) else folder
    found = problems(args.pyproject, {kind: folder / path.name for kind, path in LOCKS.items()})
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
