"""Where the test data lives.

`../shared` beside the project holds the reference copies of the seed page and
the SARIF schema; the tests read their copies under tests/fixtures/shared/ (same
layout), so the repository tests itself anywhere, CI included.
tests/test_shared_copies.py checks the copies equal `../shared` whenever it exists.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The copies, laid out as ../shared is: `SHARED / "schemas" / ...` works as before.
SHARED = FIXTURES / "shared"
REFERENCE_SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "intimacy-pillar.txt"
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
