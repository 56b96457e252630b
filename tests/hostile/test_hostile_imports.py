"""Every hostile file is refused with `path:line: message`, exit 1, no traceback, nothing written.

The files are in tests/hostile/files/ (made by tests/hostile/generate.py).
The command runs in-process through `run_from_argv`, as `manage.py` runs
it: a CommandError becomes a message on stderr and exit 1, and any other
exception escapes as the traceback a user would see, failing the test.
"""

import re
import shutil

import pytest
from django.core.management import load_command_class
from django.db import connections
from wagtail.models import Page, Revision

from cluster.content_io.formats import FormatError, parse_file
from tests.hostile.generate import CASES, FILES, HUGE

NAMES = sorted(CASES) + sorted(HUGE)


def test_the_corpus_is_large_and_committed():
    committed = sorted(p.name for p in FILES.iterdir())
    assert committed == sorted(CASES)
    assert len(NAMES) >= 60


def argv_for(path):
    argv = ["manage.py", "import_page", str(path)]
    if path.name.startswith("update--"):
        argv.append("--update")
    if path.suffix == ".txt":
        argv += ["--type", "pillar"]
    return argv


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for path in FILES.iterdir():
        shutil.copy(path, folder / path.name)
    for name, make in HUGE.items():
        (folder / name).write_text(make(), encoding="utf-8")
    return folder


def counts():
    return Page.objects.count(), Revision.objects.count()


@pytest.mark.parametrize("name", NAMES)
def test_hostile_file_is_refused_with_its_place(name, corpus, demo, capsys, monkeypatch):
    path = corpus / name
    # run_from_argv closes every connection when it ends; on PostgreSQL that
    # would end the test's own transaction (SQLite's in-memory one survives).
    monkeypatch.setattr(connections, "close_all", lambda: None)
    before = counts()
    with pytest.raises(SystemExit) as exit_:
        load_command_class("cluster", "import_page").run_from_argv(argv_for(path))
    err = capsys.readouterr().err
    assert exit_.value.code == 1
    assert "Traceback" not in err
    assert re.search(rf"{re.escape(str(path))}:\d+: \S", err), err
    assert counts() == before


def test_deep_nesting_is_refused_as_too_deep_not_as_a_wrong_value():
    # 500 levels (tests/hostile/generate.py): past MAX_NESTING, and deep enough to
    # exhaust Python's recursion limit on PyYAML's pure-Python path too.
    path = FILES / "yaml-deep-nesting.md"
    with pytest.raises(FormatError) as error:
        parse_file(path, path.read_bytes())
    assert error.value.problems == [(2, "front matter nests lists or mappings too deeply")]
