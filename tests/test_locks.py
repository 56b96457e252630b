"""requirements/prod.lock and dev.lock: what they pin, and the staleness check `make lint` runs."""

import re
import shutil
import subprocess
import sys

from requirements import locks
from tests.paths import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", re.MULTILINE)
TEST_TOOLS = {"pytest", "pytest-django", "hypothesis", "playwright", "schemathesis", "ruff", "import-linter"}


def pins(lock) -> dict[str, str]:
    return {name.lower(): version for name, version in PIN.findall(lock.read_text())}


def test_production_installs_no_test_tools():
    prod, dev = pins(locks.LOCKS["prod"]), pins(locks.LOCKS["dev"])
    assert TEST_TOOLS & prod.keys() == set()
    assert TEST_TOOLS <= dev.keys()  # control: the names are spelled as the locks spell them
    assert {"wagtail", "django", "psycopg", "gunicorn"} <= prod.keys()


def test_dev_pins_every_production_version_unchanged():
    prod, dev = pins(locks.LOCKS["prod"]), pins(locks.LOCKS["dev"])
    assert {name: dev.get(name) for name in prod} == prod


def test_every_pin_carries_hashes_and_no_package_source():
    for lock in locks.LOCKS.values():
        text = lock.read_text()
        assert len(PIN.findall(text)) == text.count("==") > 0
        for block in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 5)[-1]):
            assert "--hash=sha256:" in block, block
        assert "file://" not in text and "--index-url" not in text and "--find-links" not in text


def test_the_committed_locks_match_pyproject():
    assert locks.problems(ROOT / "pyproject.toml", locks.LOCKS) == []


def copy_project(tmp_path):
    """pyproject.toml and the locks, in a folder of their own to edit."""
    (tmp_path / "requirements").mkdir()
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for lock in locks.LOCKS.values():
        shutil.copy(lock, tmp_path / "requirements" / lock.name)
    return tmp_path / "pyproject.toml", {
        k: tmp_path / "requirements" / p.name for k, p in locks.LOCKS.items()
    }


def check(pyproject, folder):
    return subprocess.run(
        [sys.executable, str(ROOT / "requirements" / "locks.py"), "--pyproject", str(pyproject),
         "--locks", str(folder), "check"],
        capture_output=True, text=True,
    )  # fmt: skip


def test_an_edited_production_dependency_makes_both_locks_stale(tmp_path):
    pyproject, copies = copy_project(tmp_path)
    assert check(pyproject, copies["prod"].parent).returncode == 0  # control: the copies are fresh
    pyproject.write_text(pyproject.read_text().replace('"gunicorn>=22"', '"gunicorn>=23"'))
    result = check(pyproject, copies["prod"].parent)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{copies['prod']}:1: stale: pyproject.toml's dependencies changed since `make lock`",
        f"{copies['dev']}:1: stale: pyproject.toml's dependencies changed since `make lock`",
    ]


def test_a_new_dev_dependency_makes_only_dev_stale(tmp_path):
    pyproject, copies = copy_project(tmp_path)
    text = pyproject.read_text().replace("dev = [\n", 'dev = [\n    "openapi-spec-validator>=0.7",\n')
    pyproject.write_text(text)
    assert locks.problems(pyproject, copies) == [
        f"{copies['dev']}:1: stale: pyproject.toml's dependencies changed since `make lock`"
    ]


def test_reordering_dependencies_is_not_a_change(tmp_path):
    pyproject, copies = copy_project(tmp_path)
    text = pyproject.read_text()
    pyproject.write_text(
        text.replace('    "lxml>=5.0",\n    "PyYAML>=6.0",\n', '    "PyYAML>=6.0",\n    "lxml>=5.0",\n')
    )
    assert pyproject.read_text() != text
    assert locks.problems(pyproject, copies) == []


def test_an_index_line_and_a_missing_lock_are_reported(tmp_path):
    pyproject, copies = copy_project(tmp_path)
    lines = copies["prod"].read_text().splitlines()
    copies["prod"].write_text(
        "\n".join([*lines[:5], "--extra-index-url file:///opt/pypi/simple", *lines[5:]])
    )
    copies["dev"].unlink()
    assert locks.problems(pyproject, copies) == [
        f"{copies['prod']}:6: names a package source (--extra-index-url); locks must not",
        f"{copies['dev']}:1: missing; run `make lock`",
    ]
