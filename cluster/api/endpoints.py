"""The cluster endpoints, with an OpenAPI 3 document (django-ninja).

    GET /api/v2/clusters/             every live, public cluster
    GET /api/v2/clusters/<pillar id>/ one cluster's live map

They sit next to Wagtail's v2 endpoints (same URL prefix) but are a django-ninja
API, so `/api/schema/` describes them (OpenAPI 3) and `/api/docs` is their
interactive documentation. Their data is the public part of the live cluster
report (cluster/api/clusters.py): live, public pages only, validation as counts only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import NinjaAPI, Path, Schema, Status
from pydantic import Field

from cluster.api.clusters import cluster_detail, cluster_list

# Page ids are positive and fit a signed 64-bit column; larger path values get a
# 422 from the schema instead of reaching the database.
MAX_ID = 2**63 - 1

DESCRIPTION = """Cluster endpoints of the Cluster CMS headless API.

Pages, images and documents are Wagtail's API v2 (`/api/v2/pages/` …; the page
and preview payloads are typed in `/api/v2/openapi.json`), and
authenticated writes are Wagtail's API v3 (`/api/v3/`, with its own
OpenAPI document at `/api/v3/openapi.json`). See docs/api.md.

Everything here is live, public content only. Validation appears as a
pass/fail status; the findings themselves stay in the admin.
"""

api = NinjaAPI(
    title="Cluster CMS API",
    version="2.0.0",
    description=DESCRIPTION,
    urls_namespace="cluster_api",
    openapi_url="/schema/",
    docs_url="/docs",
)


class PageRef(Schema):
    id: int
    title: str
    url: str


class Coverage(Schema):
    declared: int
    realized: int
    ratio: float


class ClusterSummary(Schema):
    id: int
    title: str
    url: str
    topics: list[PageRef]
    coverage: Coverage
    status: Literal["pass", "fail"]


class ListMeta(Schema):
    total_count: int


class ClusterList(Schema):
    meta: ListMeta
    items: list[ClusterSummary]


class Node(Schema):
    id: int
    slug: str
    title: str
    url: str
    type: Literal["pillar", "topic"]
    status: Literal["live"]


class Edge(Schema):
    source: int
    target: int
    kind: Literal["pillar-topic", "topic-pillar", "related", "adjacent"]  # validators.document
    required: bool
    realized: bool


class ClusterDetail(Schema):
    id: int
    title: str
    url: str
    status: Literal["pass", "fail"]
    nodes: list[Node]
    edges: list[Edge]
    coverage: Coverage
    orphans: list[int]
    # A string as cluster data holds it (not re-serialized), typed for clients;
    # null when no page has a publish time (pages put live by a script).
    checked_at: Annotated[str | None, Field(json_schema_extra={"format": "date-time"})]


class Message(Schema):
    message: str


class ValidationErrorItem(Schema):
    type: str
    loc: list[str | int]
    msg: str
    ctx: dict | None = None


class ValidationErrors(Schema):
    """Ninja's 422 body, e.g. for a pillar id outside 1…2⁶³−1."""

    detail: list[ValidationErrorItem]


# APICacheHeadersMiddleware (cluster/api/http.py) answers a matching If-None-Match with 304.
NOT_MODIFIED = {304: None}
LIST_RESPONSES = {200: ClusterList, **NOT_MODIFIED}
DETAIL_RESPONSES = {200: ClusterDetail, **NOT_MODIFIED, 404: Message, 422: ValidationErrors}


@api.get(
    "/v2/clusters/",
    response=LIST_RESPONSES,
    operation_id="clusters_list",
    summary="List clusters",
    description="Every live, public pillar with its live topics, link coverage and validation status.",
    tags=["clusters"],
)
def list_clusters(request):
    items = cluster_list()
    return Status(200, {"meta": {"total_count": len(items)}, "items": items})


@api.get(
    "/v2/clusters/{pillar_id}/",
    response=DETAIL_RESPONSES,
    operation_id="clusters_detail",
    summary="Cluster map",
    description=(
        "The live cluster map of one pillar: nodes (live, public pages), the edges they owe "
        "with whether the content realizes them, coverage and orphan topics. "
        "Adjacent-cluster and cross-cluster related edges point at pages outside `nodes`."
    ),
    tags=["clusters"],
)
def get_cluster(request, pillar_id: int = Path(..., ge=1, le=MAX_ID)):
    detail = cluster_detail(pillar_id)
    if detail is None:
        return Status(404, {"message": "no live, public cluster with this pillar id"})
    return Status(200, detail)


# HEAD answers as GET, headers only (the WSGI server sends no body). Operations
# of their own, as OpenAPI wants an operationId unique to each method.
@api.api_operation(
    ["HEAD"],
    "/v2/clusters/",
    response=LIST_RESPONSES,
    operation_id="clusters_list_head",
    summary="List clusters (headers only)",
    tags=["clusters"],
)
def head_clusters(request):
    return list_clusters(request)


@api.api_operation(
    ["HEAD"],
    "/v2/clusters/{pillar_id}/",
    response=DETAIL_RESPONSES,
    operation_id="clusters_detail_head",
    summary="Cluster map (headers only)",
    tags=["clusters"],
)
def head_cluster(request, pillar_id: int = Path(..., ge=1, le=MAX_ID)):
    return get_cluster(request, pillar_id)
