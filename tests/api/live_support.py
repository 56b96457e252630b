"""Run the app in gunicorn over real HTTP, on a database of its own, for the live tests."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bs4 import BeautifulSoup

from tests.paths import ROOT

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, settings: str = "cms.settings.test", **extra) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings, "DATABASE_URL": database_url, **extra}
    env.pop("PYTEST_ADDOPTS", None)
    return env


@contextlib.contextmanager
def server_database(tmp_dir: Path):
    """The URL of a new, empty database for the server, on the suite's engine; dropped afterwards."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_dir / 'db.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(suite_url)
    name = f"cluster_live_{os.getpid()}"
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def serve(env):
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    port = free_port()
    gunicorn = [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    # stderr to a file: a pipe that nobody reads until the end fills up and
    # blocks the workers as soon as they log enough.
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [*gunicorn, "--workers", "2", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                # The first request imports the app and builds the cluster report:
                # on a loaded 2-core machine that took over 5 s.
                urllib.request.urlopen(f"{base}/api/v2/clusters/", timeout=STARTUP_SECONDS)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"server did not start: {log.read().decode()[-2000:]}") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def fetch(url, **headers):
    request = urllib.request.Request(url, headers={"Accept": "application/json", **headers})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read()  # headers: case-insensitive


def fetch_json(url):
    status, _, body = fetch(url)
    assert status == 200, url
    return json.loads(body)


def fetch_html(url) -> BeautifulSoup:
    status, _, body = fetch(url, Accept="text/html")
    assert status == 200, url
    return BeautifulSoup(body, "lxml")
