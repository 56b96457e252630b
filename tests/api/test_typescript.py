"""TypeScript types generated from the served OpenAPI documents type-check a client under --strict.

Runs openapi-typescript and tsc from the local node_modules (package.json, `npm ci`);
no network. Skipped where node or those packages are missing; CI has both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / "node_modules" / ".bin"
CLIENT = Path(__file__).parent / "typescript" / "client.ts"
DOCUMENTS = {"pages-api": "/api/v2/openapi.json", "clusters-api": "/api/schema/"}

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (BIN / "tsc").exists() or not (BIN / "openapi-typescript").exists(),
    reason="needs node and `npm ci` (openapi-typescript, typescript in package.json)",
)


def run(*args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture
def project(db, client, tmp_path) -> Path:
    """A directory with the generated types, the client and a strict tsconfig."""
    for name, url in DOCUMENTS.items():
        response = client.get(url)
        assert response.status_code == 200
        (tmp_path / f"{name}.json").write_text(json.dumps(response.json()))
        done = run(BIN / "openapi-typescript", f"{name}.json", "-o", f"{name}.ts", cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
    shutil.copy(CLIENT, tmp_path / "client.ts")
    config = {
        "compilerOptions": {
            "strict": True,
            "noEmit": True,
            "target": "es2022",
            "module": "es2022",
            "moduleResolution": "bundler",
            "lib": ["es2022", "dom"],
            "skipLibCheck": False,
        },
        "files": ["client.ts"],
    }
    (tmp_path / "tsconfig.json").write_text(json.dumps(config))
    return tmp_path


def tsc(project: Path) -> subprocess.CompletedProcess:
    return run(BIN / "tsc", "--strict", "-p", "tsconfig.json", cwd=project)


def test_the_client_type_checks_under_strict(project):
    done = tsc(project)
    assert done.returncode == 0, done.stdout + done.stderr
    types = (project / "pages-api.ts").read_text()
    # Every payload field is typed, none `unknown` (response headers' index signature may be).
    schemas = types.split("export interface components {", 1)[1].split("\n    responses: ", 1)[0]
    assert 'related: components["schemas"]["ClusterRef"][];' in schemas
    assert "unknown" not in schemas


def test_a_wrong_field_fails_the_type_check(project):
    # Positive control: the types do reject a client that misreads the payload.
    client = project / "client.ts"
    client.write_text(
        client.read_text()
        + '\nexport const wrong = (p: Page["PillarPage"]) => p.cluster.related.map((r) => r.title);\n'
        + 'export const nullable = (p: Page["TopicPage"]): string => p.cta.label;\n'
    )
    done = tsc(project)
    assert done.returncode != 0
    found = sorted(
        {line.split(": error ")[1].split(":")[0] for line in done.stdout.splitlines() if ": error " in line}
    )
    assert found == ["TS18047", "TS2339", "TS7006"], done.stdout
