"""The whole gate (migrate, load_demo, validate_content) with the network blocked.

Runs in a fresh interpreter so no module cache from other tests can hide a
download: a sitecustomize refuses every non-Unix socket connection, and NLTK
gets an empty data path, so a cmudict lookup through NLTK would have to
download and fail. Where unprivileged network namespaces exist, the process
additionally runs with no network interfaces at all (`unshare -rn`).
"""

import os
import shutil
import subprocess
import sys
import textwrap

from tests.paths import ROOT

BLOCKER = textwrap.dedent(
    """
    import socket

    _connect = socket.socket.connect

    def _refuse(self, address):
        if self.family != socket.AF_UNIX:
            raise OSError("network blocked by test_offline_cli")
        return _connect(self, address)

    socket.socket.connect = _refuse
    socket.socket.connect_ex = _refuse
    """
)


def _namespace_prefix():
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
        return [unshare, "-rn"]
    return []


def test_validate_content_runs_with_the_network_blocked(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(BLOCKER)
    (tmp_path / "nltk_data").mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path / "site"),
        "NLTK_DATA": str(tmp_path / "nltk_data"),
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        # SQLite on purpose: a database server is network too.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'offline.sqlite3'}",
    }
    prefix = _namespace_prefix()

    def manage(*args):
        return subprocess.run(
            [*prefix, sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    for step in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        result = manage(*step)
        assert result.returncode == 0, result.stderr
    result = manage("validate_content", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"errors": 0' in result.stdout and '"flesch_reading_ease"' in result.stdout
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 5432), 1)"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert probe.returncode != 0, "the network was not actually blocked"
    assert not any((tmp_path / "nltk_data").iterdir())
