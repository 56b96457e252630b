"""Where the test data lives."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "intimacy-pillar.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
