from cms.settings.base import *  # noqa: F403

DEBUG = True
# A fixed key is fine for a local demo: dev settings never serve the public.
SECRET_KEY = "dev-only-insecure-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # On disk, so a second `validate_content` run reuses page-local results.
    "validation": {
        "BACKEND": "cluster.validation.cache_backends.ValidationFileCache",
        "LOCATION": BASE_DIR / ".cache" / "validation",  # noqa: F405
        "TIMEOUT": 60 * 60 * 24 * 30,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
# The headless front end's dev server (docs/api.md).
CORS_ALLOWED_ORIGINS = CORS_ALLOWED_ORIGINS or ["http://localhost:3000", "http://127.0.0.1:3000"]  # noqa: F405
