import os
from pathlib import Path

from cms.settings.base import *  # noqa: F403

DEBUG = True
# A fixed key is fine for a local demo: dev settings never serve the public.
SECRET_KEY = "dev-only-insecure-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Both caches are files, shared by every process on the machine: the server
# of `make run`, a second `manage.py` (import_page --update, a shell adding a
# view restriction) and any other worker. A per-process cache would keep
# serving the cluster as it was before another process changed it
# (cluster/validation/caches.py). No Redis needed.
CACHE_DIR = Path(os.environ.get("CLUSTER_CACHE_DIR", BASE_DIR / ".cache"))  # noqa: F405
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": CACHE_DIR / "default",
    },
    # A second `validate_content` run reuses page-local results.
    "validation": {
        "BACKEND": "cluster.validation.caches.ValidationFileCache",
        "LOCATION": CACHE_DIR / "validation",
        "TIMEOUT": 60 * 60 * 24 * 30,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
# The headless front end's dev server (docs/api.md).
CORS_ALLOWED_ORIGINS = CORS_ALLOWED_ORIGINS or ["http://localhost:3000", "http://127.0.0.1:3000"]  # noqa: F405
