"""`demo_admin` ends `make run`'s output with the addresses and the login, in one short block."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_prints_the_addresses_and_the_login_for_the_port(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_admin", "--port", "8001", stdout=out)
    assert out.getvalue() == "\n".join(
        [
            "",
            "  Cluster CMS, ready to serve:",
            "    site      http://127.0.0.1:8001/intimacy/",
            "    admin     http://127.0.0.1:8001/admin/",
            "    API docs  http://127.0.0.1:8001/api/docs",
            "    login     user: admin  password: cluster-demo",
            "",
        ]
    )


def test_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_admin", stdout=StringIO())
