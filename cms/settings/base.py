"""Settings shared by every environment.

`DATABASE_URL` picks the database; without it we use SQLite in the project
folder so that `make run` needs nothing but Python.
"""

import os
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "cluster",
    "wagtail.api.v2",
    # Headless API (docs/api.md): v3 writes (a preview in Wagtail 8.0), draft
    # preview tokens for the front end, and CORS for its origins.
    "wagtail.api.v3",
    "wagtail_headless_preview",
    "corsheaders",
    "ninja",  # serves /api/docs assets locally instead of from a CDN
    "rest_framework",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    # /sitemap.xml (cluster/site/sitemap.py); Django's app holds its template.
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First, so CORS headers reach every API response, including errors.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before every middleware that reads or writes the body; public responses only (BREACH).
    "cluster.site.compression.PublicGZipMiddleware",
    # Bad API query strings and oversized bodies: 400/413 with JSON, before any view.
    "cluster.api.guards.APIRequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Publication gate: per-request override, and readable refusals (docs/gate.md).
    "cluster.gate.admin.PublicationGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees the user: ETag and Cache-Control on /api/ (docs/api.md).
    "cluster.api.http.APICacheHeadersMiddleware",
    # Inside it, so the ETag covers the redacted body: API v3 never names a hidden page.
    "cluster.api.v3_public.PublicV3ReadMiddleware",
]

# Off where the reverse proxy compresses already (cluster/site/compression.py).
GZIP_RESPONSES = True

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The public site's navigation in base.html and 404.html (lazy: no query unless shown).
                "cluster.site.navigation.site_navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # With CONN_MAX_AGE set, a connection kept across a database restart is
        # checked before reuse instead of failing the next request.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Complex StreamField pages exceed Django's default of 1000 form fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Cluster CMS"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAIL_I18N_ENABLED = False
# The product never reaches the network at run time: no "Wagtail upgrade
# available" panel, whose script asks releases.wagtail.org from the browser.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Validation thresholds override the per-page-type defaults in
# validators/config.py; a bad key or type is reported by `manage.py check`.
CLUSTER_VALIDATION = {}
# Cache alias for page-local validation results (keyed by content hash,
# thresholds and engine version); None turns the cache off.
CLUSTER_VALIDATION_CACHE = "validation"

# Headless API (docs/api.md).
# Listings may ask for up to 100 items (Wagtail's default cap is 20).
WAGTAILAPI_LIMIT_MAX = 100
# Public API responses may be cached this long by browsers and CDNs.
CLUSTER_API_MAX_AGE = int(os.environ.get("CLUSTER_API_MAX_AGE", "60"))
# Server-side cache of cluster data; publishing or unpublishing clears it sooner.
CLUSTER_API_CACHE_TIMEOUT = 60 * 15
# How long a draft preview token stays valid, in seconds.
CLUSTER_PREVIEW_MAX_AGE = int(os.environ.get("CLUSTER_PREVIEW_MAX_AGE", str(60 * 60)))
# The admin's preview button opens the front end here, with ?content_type=…&token=….
# Without HEADLESS_PREVIEW_URL there is no front end to open, and the preview
# renders the CMS's own templates instead (cluster/preview.py).
HEADLESS_PREVIEW_URL = os.environ.get("HEADLESS_PREVIEW_URL", "")
CLUSTER_HEADLESS_PREVIEW = bool(HEADLESS_PREVIEW_URL)
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": HEADLESS_PREVIEW_URL or "http://localhost:3000/preview"},
    "ENFORCE_TRAILING_SLASH": False,
}
# CORS applies to the API only; each environment lists its front-end origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CORS_ALLOWED_ORIGINS", "").split(",") if origin.strip()
]
# A browser front end on another origin revalidates with If-None-Match, so it
# must be allowed to send that header and to read the ETag (docs/api.md, "Caching").
CORS_ALLOW_HEADERS = (*default_headers, "if-none-match")
CORS_EXPOSE_HEADERS = ["ETag"]

# Absolute URLs (docs/api.md, "URLs"); `manage.py check` validates both (cluster.E002, cluster.E003).
# The front end's origin, e.g. https://www.example.org: every public page URL the
# HTML and the API carry (canonical, JSON-LD, sitemap, html_url) is built on it.
# Unset, they follow the request's scheme, host and port.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").strip()
# The API's own origin, for `detail_url` and the `find/` redirect (Wagtail's
# setting). Unset, the request's scheme, host and port.
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL", "").strip() or None
