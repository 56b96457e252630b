"""API throughput through a real server: gunicorn, 2 workers, 16 concurrent clients."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time

from bench.suites import ROOT, result

CONCURRENCY = 16


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self):
        self.port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cms.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(self.port, "/api/v2/clusters/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def get(port, path, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    if own:
        conn.close()
    return response.status, conn


def load(port, paths, seconds):
    """Hammer `paths` round robin from CONCURRENCY threads; (requests, errors, 5xx)."""
    stop = time.monotonic() + seconds
    counts = {"ok": 0, "errors": 0, "5xx": 0}
    lock = threading.Lock()

    def worker(offset):
        conn, n, local = None, offset, {"ok": 0, "errors": 0, "5xx": 0}
        while time.monotonic() < stop:
            path = paths[n % len(paths)]
            n += 1
            try:
                status, conn = get(
                    port, path, conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                )
                local["5xx" if status >= 500 else ("ok" if status < 400 else "errors")] += 1
            except (OSError, http.client.HTTPException):
                local["errors"] += 1
                conn = None
        with lock:
            for key, value in local.items():
                counts[key] += value

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONCURRENCY)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counts


def bench_api(size: int, seconds: float = 10, soak: float = 20) -> dict:
    from cluster.models import PillarPage, TopicPage

    pillar = PillarPage.objects.get(slug="intimacy")
    topic = TopicPage.objects.child_of(pillar).live().first()
    server = Server()
    try:
        detail = f"/api/v2/pages/{topic.id}/"
        for warm in ("?fields=*", "?fields=body"):
            get(server.port, detail + warm)
        body = load(server.port, [detail + "?fields=body"], seconds)
        full = load(server.port, [detail + "?fields=*"], seconds)
        body_rps, full_rps = body["ok"] / seconds, full["ok"] / seconds
        paths = [
            "/api/v2/pages/?type=cluster.TopicPage&fields=*",
            detail + "?fields=*",
            "/api/v2/clusters/",
            f"/api/v2/clusters/{pillar.id}/",
        ]
        soaked = load(server.port, paths, soak)
    finally:
        server.stop()
    ratio = full_rps / body_rps if body_rps else 0.0
    failures = soaked["errors"] + soaked["5xx"] + full["errors"] + full["5xx"] + body["errors"] + body["5xx"]
    return {
        "api_detail_fields": result(
            round(ratio, 3),
            0.9,
            "ratio",
            ratio >= 0.9,
            detail=f"fields=* {full_rps:.0f} req/s vs fields=body {body_rps:.0f} req/s, gunicorn 2 workers, "
            f"{CONCURRENCY} clients, {seconds:.0f} s each",
        ),
        "api_errors_under_load": result(
            failures,
            0,
            "errors+5xx",
            failures == 0,
            detail=f"{soaked['ok']} requests in {soak:.0f} s over list, detail and cluster endpoints",
        ),
    }
