"""A bounded fuzz of `import_page`: mutated page files never end in a traceback.

    python tests/fuzz_import.py [--bodies 2000] [--seconds 300] [--seed 1]

Starts from the demo's Markdown files, the seed text and the hostile corpus
(tests/hostile/files/), and applies random edits: lines dropped, doubled,
swapped or indented, YAML anchors, tags and brackets, FAQ and heading markers,
odd characters (NUL, lone surrogate escapes, RTL override, emoji), CRLF,
truncation, huge lines. Each body goes through `import_page --dry-run` as
`manage.py` runs it, on a throwaway SQLite database with the demo loaded.
A CommandError (a `path:line: message`) or success are both fine; any other
exception is a traceback a user would see, and fails the run. Exits 1 on a
traceback or when the bodies did not finish within --seconds.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = [
    "&a",
    "*a",
    "!!python/object:os.system",
    "!!binary",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "### ",
    "## ",
    "---",
    "\t",
    "   ",
    "\x00",
    "\\0",
    '"\\ud800"',
    "\u202e",
    "\U0001f525",
    "日本語",
    "\ufeff",
    "<script>",
    "[x](/intimacy/)",
    "[x](nowhere)",
    "[x](javascript:void)",
    "related: [a, b]",
    "category: [x]",
    "cta: {label: Go, link: /x/}",
    "slug: ../../etc",
    "type: pillar",
    "parent: intimacy",
    "?",
]


def seeds() -> list[tuple[str, bytes]]:
    files = sorted((ROOT / "content" / "intimacy").glob("*.md")) + sorted(
        (ROOT / "tests" / "hostile" / "files").iterdir()
    )
    # The repository's copy of ../shared's seed (tests/paths.py), so the seed is fuzzed everywhere.
    files.append(ROOT / "tests" / "fixtures" / "shared" / "seeds" / "intimacy-pillar.txt")
    return [(p.suffix, p.read_bytes()) for p in files]


def mutate(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(9)
        i = rng.randrange(len(lines)) if lines else 0
        if op == 0 and lines:
            del lines[i]
        elif op == 1 and lines:
            lines.insert(i, lines[i])
        elif op == 2 and len(lines) > 1:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines.insert(i, rng.choice(SNIPPETS) + rng.choice(["", " value", " " + rng.choice(SNIPPETS)]))
        elif op == 4 and lines:
            k = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:k] + rng.choice(SNIPPETS) + lines[i][k:]
        elif op == 5 and lines:
            lines[i] = rng.choice(["  ", "\t", "- ", "### ", "## "]) + lines[i]
        elif op == 6:
            lines = lines[: rng.randrange(len(lines) + 1)]
        elif op == 7:
            lines.insert(i, "word " * rng.choice([1000, 5000]))
        else:
            lines = [line + "\r" for line in lines]
    out = "\n".join(lines).encode("utf-8", "surrogateescape")
    if rng.random() < 0.05:
        k = rng.randrange(len(out) + 1)
        out = out[:k] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + out[k:]
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bodies", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cluster-fuzz-import-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'fuzz.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command, load_command_class

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    command_class = type(load_command_class("cluster", "import_page"))
    rng, corpus = random.Random(args.seed), seeds()
    started, crashes, refused = time.monotonic(), [], 0
    for n in range(args.bodies):
        suffix, data = rng.choice(corpus)
        path = folder / f"body-{n}{suffix}"
        path.write_bytes(mutate(rng, data))
        argv = ["manage.py", "import_page", str(path), "--dry-run", "--skip-checks"] + (
            ["--type", "topic", "--parent", "intimacy"] if suffix == ".txt" else []
        )
        err = io.StringIO()
        try:
            with redirect_stdout(io.StringIO()), redirect_stderr(err):
                command_class(stdout=io.StringIO(), stderr=err).run_from_argv(argv)
        except SystemExit as exc:
            refused += exc.code == 1
            if f"{path}:" not in err.getvalue() and str(path) not in err.getvalue():
                crashes.append((path, f"refused without naming the file: {err.getvalue()[:200]!r}"))
        except Exception:  # noqa: BLE001 - this is what the fuzz looks for
            crashes.append((path, traceback.format_exc(limit=3)))
        finally:
            path.unlink()
    elapsed = time.monotonic() - started
    print(
        f"{args.bodies} bodies in {elapsed:.0f} s: {refused} refused with a message, "
        f"{args.bodies - refused - len(crashes)} imported (dry run), {len(crashes)} tracebacks"
    )
    for path, trace in crashes[:10]:
        print(f"--- {path.name}\n{trace}")
    if elapsed > args.seconds:
        print(f"too slow: over the {args.seconds:.0f} s limit")
    return 1 if crashes or elapsed > args.seconds else 0


if __name__ == "__main__":
    sys.exit(main())
