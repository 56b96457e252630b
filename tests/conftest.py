from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "intimacy-pillar.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def demo(db):
    """The published Intimacy demo cluster."""
    call_command("load_demo", verbosity=0)
    from cluster.models import PillarPage

    return PillarPage.objects.get(slug="intimacy")
