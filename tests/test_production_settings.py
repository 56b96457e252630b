"""Production settings: `check --deploy` is clean, and logs go to stderr (issue 11, defect 9).

Without `LOGGING`, Django with DEBUG off prints nothing and mails errors
instead, so a server error in the API left no trace anywhere.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.test import override_settings

from tests.paths import ROOT


def production_env(**extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "cms.example.org",
        "DATABASE_URL": "sqlite:////tmp/cluster-production-settings-test.sqlite3",
        **extra,
    }
    env.pop("PYTEST_ADDOPTS", None)
    return env


def run(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean():
    result = run(production_env(), "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("key", ["short-key", "x" * 60])
def test_production_refuses_a_weak_secret_key(key):
    result = run(production_env(SECRET_KEY=key), "manage.py", "check")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak: use at least 50 random characters" in result.stderr


def test_a_server_error_is_logged_to_stderr_with_its_traceback():
    code = (
        "import django, logging; django.setup(); "
        "from django.test import RequestFactory; "
        "from django.core.handlers.exception import response_for_exception; "
        "request = RequestFactory().get('/api/v2/clusters/');\n"
        "try:\n    raise RuntimeError('marker-7f3a: the cluster report failed')\n"
        "except RuntimeError as exc:\n    response_for_exception(request, exc)\n"
    )
    result = run(production_env(), "-c", code)
    assert result.returncode == 0, result.stderr
    assert "ERROR django.request" in result.stderr
    assert "marker-7f3a: the cluster report failed" in result.stderr
    assert "Traceback" in result.stderr


def test_a_crashing_check_logs_its_traceback_to_stderr():
    # A real crash inside the engine, under the production settings' LOGGING.
    code = "\n".join(
        [
            "import django; django.setup()",
            "from validators import registry, validate_page",
            "from validators.document import PageDocument",
            "def boom(doc, ctx):",
            "    raise ZeroDivisionError('marker-91c2')",
            "boom.family = 'test'",
            "registry._checks.append(('test', boom))",
            "result = validate_page(PageDocument(id=7, type='topic', slug='s', title='t'))",
            "print(sorted({f.id for f in result.findings}))",
        ]
    )
    result = run(production_env(), "-c", code)
    assert result.returncode == 0, result.stderr
    assert "engine.E001" in result.stdout
    assert "ERROR validators.engine" in result.stderr
    assert "Check test.boom crashed on page id=7" in result.stderr
    assert "Traceback" in result.stderr and "ZeroDivisionError: marker-91c2" in result.stderr


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_api_server_error_is_logged_and_answered_without_a_traceback(demo, client, caplog, monkeypatch):
    from cluster.api import endpoints

    def broken():
        raise RuntimeError("marker-c0de: cluster data unavailable")

    monkeypatch.setattr(endpoints, "cluster_list", broken)
    client.raise_request_exception = False
    response = client.get("/api/v2/clusters/")
    assert response.status_code == 500
    assert b"marker-c0de" not in response.content and b"Traceback" not in response.content
    [record] = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert record.exc_info and "marker-c0de" in str(record.exc_info[1])
