"""`validate_content PATH` starts Django with no database and creates nothing.

A fresh process with DATABASE_URL naming an SQLite file that does not
exist: a run on files must leave it (and the dev settings' cache folder)
uncreated. The positive control runs a database validation the same way
and sees the file appear.
"""

import json
import os
import subprocess
import sys

from tests.paths import ROOT

UNMIGRATED = "the database has no cluster tables: run `python manage.py migrate`"


def manage(tmp_path, *args, database="absent.sqlite3"):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",  # file caches: their folder would appear too
        "DATABASE_URL": f"sqlite:///{tmp_path / database}",
        "CLUSTER_CACHE_DIR": str(tmp_path / "cache"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "validate_content", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_files_need_no_database_and_create_nothing(tmp_path):
    result = manage(tmp_path, "content/", "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["summary"]["passed"] == 10
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_positive_control_a_database_run_creates_the_file(tmp_path):
    manage(tmp_path, "--format", "json")
    assert (tmp_path / "absent.sqlite3").exists()


def test_a_database_run_on_an_unmigrated_database_is_a_one_line_error(tmp_path):
    """It ended in an OperationalError traceback ("no such table"), exit 1 as if content had failed."""
    for args in ([], ["--cluster", "intimacy"], ["content/", "--against-db"]):
        result = manage(tmp_path, *args)
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == f"CommandError: {UNMIGRATED}\n"


def test_a_database_that_cannot_be_opened_is_a_one_line_error(tmp_path):
    result = manage(tmp_path, "--cluster", "intimacy", database="no-such-folder/db.sqlite3")
    assert (result.returncode, result.stderr) == (
        2,
        "CommandError: cannot open the database: unable to open database file\n",
    )
