from cms.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "validation": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "validation",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
WAGTAILADMIN_BASE_URL = "http://testserver"
CORS_ALLOWED_ORIGINS = ["http://localhost:3000"]
# The tests exercise the headless preview (a front end at localhost:3000);
# tests/test_api_preview.py also covers the template preview without one.
CLUSTER_HEADLESS_PREVIEW = True
