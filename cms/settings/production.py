"""Production settings: every secret and host comes from the environment.

Required: SECRET_KEY (at least 50 random characters), ALLOWED_HOSTS (comma separated), DATABASE_URL.
Optional: REDIS_URL (default redis://127.0.0.1:6379/1), CSRF_TRUSTED_ORIGINS,
SECURE_SSL_REDIRECT (default on), WAGTAILADMIN_BASE_URL,
CORS_ALLOWED_ORIGINS, HEADLESS_PREVIEW_URL (docs/api.md), LOG_LEVEL (default INFO; logs go to stderr),
GZIP_RESPONSES (default on; 0 where the reverse proxy compresses, README.md "Compression").
"""

import os

from django.core.exceptions import ImproperlyConfigured

from cms.settings.base import *  # noqa: F403


def _require(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The {name} environment variable is required in production.")
    return value


def _list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = _require("SECRET_KEY")
# Django only warns about a short key (security.W009, under `check --deploy`);
# a deployment that never runs that check would sign sessions and preview
# tokens with it, so refuse to start instead.
MIN_SECRET_KEY_LENGTH = 50
if len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak: use at least {MIN_SECRET_KEY_LENGTH} random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
# Never fall back to the SQLite file in production.
_require("DATABASE_URL")
ALLOWED_HOSTS = _list("ALLOWED_HOSTS") or _require("ALLOWED_HOSTS").split(",")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS")
# Front-end origins allowed to call /api/ from a browser (none unless listed).
CORS_ALLOWED_ORIGINS = _list("CORS_ALLOWED_ORIGINS")

# Caches degrade, they never fail a request: with Redis down, every cache
# read is a miss and every write is dropped (logged on django_redis), so
# pages, the API and the gate answer from the database, slower. The short
# timeouts keep a dead Redis from holding each request for seconds. The
# connection pool reconnects by itself when Redis is back.
# tests/fault_tolerance.py proves it on real services (docs/architecture.md).
_REDIS_OPTIONS = {
    "CLIENT_CLASS": "django_redis.client.DefaultClient",
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": 0.5,
    "SOCKET_TIMEOUT": 0.5,
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
        "OPTIONS": _REDIS_OPTIONS,
    },
    "validation": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
        "KEY_PREFIX": "validation",
        "TIMEOUT": 60 * 60 * 24 * 30,
        "OPTIONS": _REDIS_OPTIONS,
    },
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
GZIP_RESPONSES = os.environ.get("GZIP_RESPONSES", "1") == "1"

# Everything goes to stderr, where the process manager (systemd, a container
# runtime) collects it. Django's defaults print nothing with DEBUG off and
# mail errors instead, so a server error in the API or a crashing check
# (validators.engine logs its traceback) would leave no trace.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d: %(message)s"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain"},
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # django.request logs every 5xx with its traceback (and 4xx as warnings).
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "cluster": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "validators": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
    },
}
