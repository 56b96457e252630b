import pytest
from django.core.cache import cache


@pytest.fixture
def fresh_cache(db):
    """Start from an empty cache: cluster data of an earlier test's pages must not be served."""
    cache.clear()
    yield
    cache.clear()
