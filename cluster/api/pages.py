"""The `/api/v2/pages/` endpoint: Wagtail's pages API, cluster-aware.

Wagtail's `PagesAPIViewSet` already limits every listing, detail, `find`,
`search` and `child_of`/`descendant_of` lookup to live pages outside any view
restriction (the restricted page and its descendants), so drafts, scheduled,
withdrawn and private pages never match, and a live page is served from its
live row, never from a newer draft revision. This subclass only adds:

- the computed fields' batch (cluster/api_batch.py), prepared once for the
  whole response, so query counts do not grow with the page count;
- `body` as structured blocks with front-end HTML for the v2 API only (API v3
  keeps Wagtail's writable stream format for the same field);
- 404/400 instead of a database error for ids too large for the database;
- absolute URLs a deployed front end can use (cluster/api/links.py): `find/`
  redirects, `detail_url` and `html_url` on the configured or requested host.
"""

from __future__ import annotations

from django.db import DataError
from django.http import Http404
from rest_framework import status
from rest_framework.response import Response
from wagtail.api.v2.views import PagesAPIViewSet

from cluster.api.batch import ApiBatch
from cluster.api.fields import BodyField
from cluster.api.links import ClusterPageSerializer, relocated
from cluster.models import ClusterPageMixin, ContentPage


class ClusterPagesAPIViewSet(PagesAPIViewSet):
    @classmethod
    def get_field_serializer_overrides(cls, model):
        overrides = super().get_field_serializer_overrides(model)
        if issubclass(model, (ClusterPageMixin, ContentPage)):
            overrides["body"] = BodyField()
        return overrides

    def get_queryset(self):
        # The locale is a meta field of every page; fetch it with the page, not per page.
        return super().get_queryset().select_related("locale")

    batch_class = ApiBatch
    base_serializer_class = ClusterPageSerializer

    def prepare(self, pages) -> list:
        pages = list(pages)
        self.batch_class(pages, self.request)
        return pages

    def listing_view(self, request):
        # As PagesAPIViewSet.listing_view, with the batch prepared for the page of results.
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        pages = self.prepare(self.paginate_queryset(queryset))
        serializer = self.get_serializer(pages, many=True)
        return self.get_paginated_response(serializer.data)

    def detail_view(self, request, pk):
        instance = self.get_object()
        self.prepare([instance])
        return Response(self.get_serializer(instance).data)

    def find_view(self, request):
        response = super().find_view(request)
        return relocated(response, request) if response.status_code == 302 else response

    def get_object(self):
        try:
            return super().get_object()
        except (OverflowError, DataError) as e:  # an id beyond the database's integer range
            raise Http404("not found") from e

    def handle_exception(self, exc):
        if isinstance(exc, (OverflowError, DataError)):
            # e.g. ?child_of=99999999999999999999: a bad parameter, not a server fault.
            return Response({"message": "number out of range"}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)
