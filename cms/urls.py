from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cluster.site.views import robots_txt, site_map, sitemap_xml
from cms.api import urlpatterns as api_urlpatterns
from cms.views import favicon

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    # The public site's ways in besides its links (docs/architecture.md, "Templates and JSON-LD").
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("site-map/", site_map, name="site_map"),
    # Ninja serves its docs at /api/docs only; the slash is a common way to type it.
    path("api/docs/", RedirectView.as_view(pattern_name="cluster_api:openapi-view", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    *api_urlpatterns,  # /api/v2/, /api/v3/, /api/schema/, /api/docs (docs/api.md)
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
