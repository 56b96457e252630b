"""The project's URLs, plus the Wagtail API v3 if cms/urls.py does not mount it yet.

The API engineer owns cms/urls.py (issue 5); the gate's API tests only need
the v3 endpoints to exist, wherever they are mounted.
"""

from django.urls import path
from wagtail.api.v3.urls import api

from cms.urls import urlpatterns as project_urlpatterns


def _mounts_v3(patterns) -> bool:
    return any(getattr(p, "namespace", None) == "wagtailapi_v3" for p in patterns)


urlpatterns = list(project_urlpatterns)
if not _mounts_v3(urlpatterns):
    urlpatterns.insert(0, path("api/v3/", api.urls))
