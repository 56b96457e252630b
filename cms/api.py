"""URL mounts of the headless API (docs/api.md).

- /api/v2/            Wagtail API v2: pages (cluster-aware), images, documents,
                      and preview (draft preview by signed token)
- /api/v2/openapi.json  OpenAPI document of the v2 pages and preview endpoints
                      (cluster/api/page_openapi.py)
- /api/v2/clusters/   the cluster endpoints (django-ninja, cluster/api/endpoints.py),
  /api/schema/        their OpenAPI 3 document, and
  /api/docs           its interactive documentation
- /api/v3/            Wagtail API v3 (a preview feature in Wagtail 8.0):
                      bearer-token writes, guarded by the publication gate;
                      its OpenAPI document is served corrected (cluster/api/v3_openapi.py)
"""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v3.urls import api as v3_api
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cluster.api.endpoints import api as cluster_api
from cluster.api.page_openapi import openapi_json as pages_openapi_json
from cluster.api.pages import ClusterPagesAPIViewSet
from cluster.api.preview import PagePreviewAPIViewSet
from cluster.api.v3_openapi import openapi_json as v3_openapi_json

api_router = WagtailAPIRouter("wagtailapi")
# "pages" first: the router links pages to the first endpoint that serves them.
api_router.register_endpoint("pages", ClusterPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("preview", PagePreviewAPIViewSet)

# Top-level entries (not one include) so each API keeps its own URL namespace.
urlpatterns = [
    path("api/v2/openapi.json", pages_openapi_json, name="pages_openapi"),
    path("api/v2/", api_router.urls),
    # Before v3's own URLs: serves its document corrected (cluster/api/v3_openapi.py).
    path("api/v3/openapi.json", v3_openapi_json, name="v3_openapi"),
    path("api/v3/", v3_api.urls),
    path("api/", cluster_api.urls),
]
