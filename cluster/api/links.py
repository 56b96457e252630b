"""The absolute URLs API v2 writes for pages (docs/api.md, "URLs").

Two kinds, two settings:

- URLs of the API itself (`meta.detail_url`, the redirect of `find/`): on
  `WAGTAILAPI_BASE_URL` (Wagtail's setting) when it is set, else on the
  request's scheme, host and port. Wagtail falls back to the Site record
  instead, `http://localhost/` in a new database, so a front end following
  `find/?html_path=` was sent to a host that does not serve the API.
- URLs of pages as the public reaches them (`meta.html_url`): the same
  `page_full_url()` as canonical links and JSON-LD (cluster/stored/public_urls.py),
  on `PUBLIC_BASE_URL` when set. Wagtail's own field reads `page.full_url`,
  which has no request and so cannot follow the request's host.

The nested `meta` of `parent` and `alias_of` are built with Wagtail's
`PageSerializer` hard-wired, so those two fields are replaced as well.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from rest_framework.fields import Field, SkipField
from wagtail.api.v2.serializers import PageAliasOfField, PageParentField, PageSerializer, get_serializer_class

from cluster.stored.public_urls import page_full_url

NESTED_FIELDS = ["id", "type", "detail_url", "html_url", "title"]
NESTED_META = ["type", "detail_url", "html_url"]


def api_url(request, path: str) -> str:
    """The absolute URL of an API path: WAGTAILAPI_BASE_URL's origin, else the request's."""
    base = getattr(settings, "WAGTAILAPI_BASE_URL", None)
    if base:
        parts = urlsplit(str(base))
        return f"{parts.scheme}://{parts.netloc}{path}"
    return request.build_absolute_uri(path)


def relocated(response, request):
    """A redirect whose Location keeps its path and query, on `api_url`'s origin."""
    target = urlsplit(response["Location"])
    response["Location"] = api_url(request, target.path + (f"?{target.query}" if target.query else ""))
    return response


class DetailUrlField(Field):
    """`meta.detail_url`: this page's URL in the pages endpoint."""

    def get_attribute(self, instance):
        router = self.context["router"]
        path = router.get_object_detail_urlpath(type(instance), instance.pk)
        if not path:
            raise SkipField  # as Wagtail: no endpoint serves this model
        return api_url(self.context["request"], path)

    def to_representation(self, value):
        return value


class HtmlUrlField(Field):
    """`meta.html_url`: the page's public URL, like its canonical link."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return page_full_url(page, self.context.get("request"))


def _nested(field, value):
    serializer_class = get_serializer_class(
        value.__class__, NESTED_FIELDS, meta_fields=NESTED_META, base=ClusterPageSerializer
    )
    return serializer_class(context=field.context).to_representation(value)


class ParentField(PageParentField):
    def to_representation(self, value):
        return _nested(self, value)


class AliasOfField(PageAliasOfField):
    def to_representation(self, value):
        return _nested(self, value)


class ClusterPageSerializer(PageSerializer):
    detail_url = DetailUrlField(read_only=True)
    html_url = HtmlUrlField(read_only=True)
    parent = ParentField(read_only=True)
    alias_of = AliasOfField(read_only=True)
