"""Redis down and PostgreSQL restarted under a serving gunicorn: the site keeps answering.

    python tests/fault/run.py        (needs redis-server and PostgreSQL's binaries)

On private copies of the machine's services, so nothing else is disturbed:
a redis-server on its own port, and a PostgreSQL cluster made with initdb
in a temporary folder on its own port. The CMS runs under gunicorn with the
production settings, with persistent connections (CONN_MAX_AGE=60), since
that is the case a restart could break.

Phases, each a round of the same requests (pages, API v2, cluster endpoint,
API v3 read, and a gated publish through API v3 that must answer 422):
1. everything up;
2. Redis stopped: every request still answers as in phase 1 (slower);
3. Redis back: same answers, and keys appear in Redis again (caching resumed);
4. PostgreSQL restarted (pg_ctl restart -m fast): same answers, no app restart.

Prints one line per request and a summary; exits 1 on any mismatch or 5xx.
docs/architecture.md ("When Redis or PostgreSQL fails") quotes a run.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
REDIS_PORT, PG_PORT, WEB_PORT = 6391, 5441, 8791


def run(*args, env=None, user=None, check=True, **kwargs):
    if user and os.geteuid() == 0:
        args = ("runuser", "-u", user, "--", *args)
    return subprocess.run(args, env=env, check=check, capture_output=True, text=True, **kwargs)


class Redis:
    def __init__(self):
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for(
            lambda: run("redis-cli", "-p", str(REDIS_PORT), "ping", check=False).stdout.strip() == "PONG"
        )

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)

    def keys(self) -> int:
        return int(run("redis-cli", "-p", str(REDIS_PORT), "-n", "1", "dbsize").stdout.strip() or 0)


class Postgres:
    def __init__(self, folder: Path):
        self.data = folder / "pgdata"
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
            shutil.chown(self.data, "postgres")
        run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", user="postgres")

    def ctl(self, *args):
        options = f"-p {PG_PORT} -k {self.data} -c listen_addresses=127.0.0.1"
        run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.data / "log"),
            *args,
            user="postgres",
        )

    def start(self):
        self.ctl("start")

    def restart(self):
        self.ctl("restart", "-m", "fast")

    def stop(self):
        self.ctl("stop", "-m", "fast")


def wait_for(ready, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise SystemExit("a service did not start in time")


def environment() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("FAULT_SETTINGS", "cms.settings.production"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }


def request(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        f"http://127.0.0.1:{WEB_PORT}{path}", data=data, method=method, headers=headers
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, (time.perf_counter() - started) * 1000


def checks(pillar_id: int, token: str):
    """(label, method, path, body, token, expected status)."""
    failing = {
        "meta": {"type": "cluster.TopicPage", "parent_id": pillar_id, "action": "publish"},
        "title": "Fault test topic",
        "slug": f"fault-{secrets.token_hex(4)}",
        "category": "Intimacy",
        "body": [],
    }
    return [
        ("pillar page", "GET", "/intimacy/", None, None, 200),
        ("topic page", "GET", "/intimacy/fear-of-intimacy/", None, None, 200),
        ("API v2 pages", "GET", "/api/v2/pages/?type=cluster.TopicPage&fields=*", None, None, 200),
        ("cluster endpoint", "GET", f"/api/v2/clusters/{pillar_id}/", None, None, 200),
        ("API v3 read", "GET", "/api/v3/pages/?limit=5", None, None, 200),
        ("gate: failing publish", "POST", "/api/v3/pages/", failing, token, 422),
    ]


def round_of(phase: str, pillar_id: int, token: str) -> list[str]:
    problems = []
    for label, method, path, body, tok, expected in checks(pillar_id, token):
        status, ms = request(method, path, body, tok)
        mark = "ok" if status == expected else "FAIL"
        print(f"  {phase:<22} {label:<22} {status}  {ms:7.1f} ms  {mark}")
        if status != expected:
            problems.append(f"{phase}: {label} answered {status}, expected {expected}")
    return problems


def manage(env, *args) -> str:
    return run(PY, "manage.py", *args, env=env, cwd=ROOT).stdout.strip()


def main() -> int:
    if PG_BIN is None or not shutil.which("redis-server"):
        print("needs redis-server and PostgreSQL's binaries (initdb, pg_ctl)")
        return 2
    folder = Path(tempfile.mkdtemp(prefix="cluster-fault-"))
    redis, postgres, server = Redis(), Postgres(folder), None
    env = environment()
    try:
        redis.start()
        postgres.start()
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_demo")
        pillar_id, token = manage(env, "shell", "-c", SETUP).splitlines()[-1].split()
        log = (folder / "gunicorn.log").open("w")  # a pipe nobody reads would block the workers
        server = subprocess.Popen(
            [PY, "-m", "gunicorn", "cms.wsgi", "-b", f"127.0.0.1:{WEB_PORT}", "-w", "2", "--timeout", "60"],
            cwd=ROOT,
            env=env,
            stderr=log,
        )
        wait_for(lambda: request("GET", "/intimacy/")[0] == 200)
        problems = round_of("1 all up", int(pillar_id), token)
        redis.stop()
        problems += round_of("2 Redis down", int(pillar_id), token)
        redis.start()
        problems += round_of("3 Redis back", int(pillar_id), token)
        keys = redis.keys()
        print(f"  Redis keys after phase 3: {keys}")
        if keys == 0:
            problems.append("Redis back: nothing was cached again")
        postgres.restart()
        problems += round_of("4 PostgreSQL restarted", int(pillar_id), token)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
            ignored = (folder / "gunicorn.log").read_text().count("Traceback")
            print(f"  gunicorn's stderr held {ignored} logged tracebacks (cache errors, ignored)")
        for stop in (redis.stop, postgres.stop):
            try:
                stop()
            except Exception:  # noqa: BLE001 - best effort: the folder goes anyway
                pass
        shutil.rmtree(folder, ignore_errors=True)
    print("\n".join(["", *problems]) if problems else "\nall phases answered as expected")
    return 1 if problems else 0


SETUP = """
from django.contrib.auth import get_user_model
from wagtail.models import APIToken
from cluster.models import PillarPage
user = get_user_model().objects.create_superuser("fault", "fault@example.org", "fault-password-1")
print(PillarPage.objects.get(slug="intimacy").id, APIToken.create_token(user=user, name="fault")[1])
"""

if __name__ == "__main__":
    sys.exit(main())
