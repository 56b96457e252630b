"""Running the CI content gate from tests."""

import json
from io import StringIO

from django.core.management import call_command


def gate(*args) -> dict:
    """`validate_content --format json` with `args`, parsed; exit code 1 is a normal outcome."""
    out = StringIO()
    try:
        call_command("validate_content", "--format", "json", *args, stdout=out)
    except SystemExit:
        pass
    return json.loads(out.getvalue())


def run_gate(*args) -> tuple[int, str, str]:
    """`validate_content` with `args`: (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("validate_content", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()
