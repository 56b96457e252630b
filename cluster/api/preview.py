"""Draft preview for headless front ends: `/api/v2/preview/`.

wagtail-headless-preview (0.9, works on Wagtail 8) does the admin side: the
preview button stores the editor's draft as a `PagePreview` row under a signed
token and opens the front end (`WAGTAIL_HEADLESS_PREVIEW["CLIENT_URLS"]`) with
`?content_type=cluster.topicpage&token=…`. The package has no API endpoint and
never checks a token's age, so this one does both:

    GET /api/v2/preview/?content_type=<app.model>&token=<token>
    GET /api/v2/preview/<page id>/?token=<token>

A token is accepted only if its signature is valid, it is younger than
`CLUSTER_PREVIEW_MAX_AGE` seconds, a stored preview exists for it, and it was
issued for this page (the id in the URL) and page type (`content_type`), and
the page (for a new page, its parent) still exists.

What a new page's preview leaves null, and why, is in docs/api.md ("Draft preview").
Anything else is a 404 that says nothing about the page, so without a valid
token no draft content is reachable. Responses are `private, no-store`.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.urls import path
from django.utils.cache import patch_cache_control
from rest_framework.response import Response
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from cluster.api.batch import PreviewBatch
from cluster.api.pages import ClusterPagesAPIViewSet

NOT_FOUND = "preview not found, expired or not valid for this page"


def _content_type_label(content_type) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def preview_page(token: str, content_type: str = "", page_id: int | None = None):
    """The draft page a preview token grants, or Http404."""
    if not token:
        raise Http404(NOT_FOUND)
    max_age = getattr(settings, "CLUSTER_PREVIEW_MAX_AGE", 3600)
    try:
        identifier = HeadlessPreviewMixin.get_preview_signer().unsign(token, max_age=max_age)
    except signing.BadSignature as e:  # tampered, or SignatureExpired
        raise Http404(NOT_FOUND) from e
    stored = PagePreview.objects.select_related("content_type").filter(token=token).first()
    if stored is None:
        raise Http404(NOT_FOUND)
    if content_type and content_type.lower() != _content_type_label(stored.content_type):
        raise Http404(NOT_FOUND)
    page = stored.as_page()
    # The signed identifier names the page ("id=<pk>"), or the parent of a new one.
    expected = f"id={page.pk}" if page.pk else identifier
    if identifier != expected or not identifier.startswith(("id=", "parent_id=")):
        raise Http404(NOT_FOUND)
    if page_id is not None and page.pk != page_id:
        raise Http404(NOT_FOUND)
    if not isinstance(page, HeadlessPreviewMixin):
        raise Http404(NOT_FOUND)
    if not Page.objects.filter(pk=_granting_page_id(page, identifier)).exists():
        # Deleted since the preview was made (the stored draft outlives it):
        # the draft of a page that is gone is not served.
        raise Http404(NOT_FOUND)
    _place(page)
    return page


def _place(page) -> None:
    """Give the draft the URL path its parent and its (draft) slug make, as publishing would.

    Wagtail's preview of a new page gives the draft a tree path under its
    parent (unique, not saved), so its ancestors are known; its URL path is
    then set here by Wagtail's own `set_url_path`, which also picks up a slug
    changed in an existing page's draft. `seo.canonical_url` and the JSON-LD
    follow from the two.
    """
    parent = Page.objects.filter(path=page.path[: -Page.steplen]).first() if page.path else None
    if parent is not None:
        page.set_url_path(parent)


def _granting_page_id(page, identifier: str) -> int:
    """The page that must still exist: the page itself, or a new page's parent.

    A new page's identifier reads "parent_id=<pk>;page_type=<app.Model>".
    """
    if page.pk:
        return page.pk
    parent = identifier.removeprefix("parent_id=").split(";", 1)[0]
    return int(parent) if parent.isdigit() else 0


class PagePreviewAPIViewSet(ClusterPagesAPIViewSet):
    """Serves one draft with every field the pages endpoint has (except `parent`)."""

    batch_class = PreviewBatch

    def _preview(self, request, page_id=None):
        page = preview_page(request.GET.get("token", ""), request.GET.get("content_type", ""), page_id)
        self.prepare([page])
        fields = [("*", False, None)]
        if page.pk is None:  # a new page: no id, so no API detail URL, and nothing served at its URL yet
            fields += [("detail_url", True, None), ("html_url", True, None)]
        serializer_class = self._get_serializer_class(
            request.wagtailapi_router, type(page), fields, show_details=False
        )
        data = serializer_class(page, context=self.get_serializer_context()).data
        response = Response(data)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def listing_view(self, request):
        return self._preview(request)

    def detail_view(self, request, pk):
        return self._preview(request, pk)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        patch_cache_control(response, private=True, no_store=True)
        return response

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]
