"""Running `import_content` / `export_content` from tests, and the rows a run could change."""

import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from wagtail.models import Page, Revision

CONTENT = Path(__file__).resolve().parents[2] / "content"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(command: str, *args) -> Run:
    """The command's exit code and output; `call_command`, since `run_from_argv` closes the connection."""
    out, err = StringIO(), StringIO()
    try:
        call_command(command, *map(str, args), stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return Run(code, out.getvalue(), err.getvalue())


def database_state():
    """Every page and revision row that a run could add or change."""
    return (
        sorted(
            Page.objects.values_list(
                "id", "slug", "title", "live", "latest_revision_id", "live_revision_id", "path"
            )
        ),
        sorted(Revision.objects.values_list("id", "object_id", "user_id")),
    )


def copy_demo_tree(tmp_path: Path) -> Path:
    """A copy of content/ to change freely."""
    return Path(shutil.copytree(CONTENT, tmp_path / "content"))


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
