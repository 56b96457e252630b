"""Settings for bench/run.py: production-like (DEBUG off), local caches."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "validation": {
        "BACKEND": "cluster.cache_backends.ValidationFileCache",
        "LOCATION": os.environ.get("CLUSTER_BENCH_CACHE_DIR", "/tmp/cluster-bench-cache"),
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    },
}
