"""Settings for bench/run.py: production-like (DEBUG off, Redis validation cache).

The validation cache is Redis, as in production, when bench/run.py finds it
(CLUSTER_BENCH_REDIS_URL, a database of its own so clearing it between runs
touches nothing else); otherwise a file cache in CLUSTER_BENCH_CACHE_DIR.
The results' `_meta.validation_cache` says which one a run used.
"""

import os

from cms.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

_redis_url = os.environ.get("CLUSTER_BENCH_REDIS_URL")
if _redis_url:
    _validation = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": _redis_url,
        "KEY_PREFIX": "bench-validation",
        "TIMEOUT": None,
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
else:
    _validation = {
        "BACKEND": "cluster.validation.caches.ValidationFileCache",
        "LOCATION": os.environ.get("CLUSTER_BENCH_CACHE_DIR", "/tmp/cluster-bench-cache"),
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "validation": _validation,
}
