"""The site's URLs plus one view that fails, for the 500 page's test."""

from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
