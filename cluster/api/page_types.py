"""The types of the API v2 page payloads, for their OpenAPI document (cluster/api/page_openapi.py).

Wagtail's v2 pages API is Django REST framework and describes nothing, so these
pydantic models state what `/api/v2/pages/` and `/api/v2/preview/` send for
pillar, topic and content pages (cluster/api/fields.py builds the values).
They are a description only: no view serializes through them.
tests/api/test_openapi.py validates real responses against the document, and
every object forbids undeclared keys, so a field added to the API without its
type here fails that test.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

DateTime = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
Html = Annotated[str, Field(description="Front-end HTML, as the HTML page renders it")]


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


# meta ------------------------------------------------------------------------


class ParentMeta(Closed):
    type: str
    detail_url: str
    html_url: str | None


class Parent(Closed):
    id: int
    meta: ParentMeta
    title: str


class PageMeta(Closed):
    """Wagtail's meta fields. `parent` is in details only, `locale` in listings and previews."""

    type: str
    detail_url: str
    html_url: str | None
    slug: str
    show_in_menus: bool
    seo_title: str
    search_description: str
    first_published_at: DateTime | None
    alias_of: Parent | None
    parent: Parent | None = None
    locale: str | None = None


class PageSummaryMeta(Closed):
    """The meta of a listing item without `fields`: Wagtail's default listing fields."""

    type: str
    detail_url: str
    html_url: str | None
    slug: str
    first_published_at: DateTime | None
    locale: str | None = None


# body blocks -------------------------------------------------------------------


class QuestionAnswer(Closed):
    question: str
    answer: Html


class FAQ(Closed):
    title: str
    items: list[QuestionAnswer]


class CTA(Closed):
    heading: str
    label: str
    url: str | None = Field(description="null when it names a page that is not live and public")


class LeadBlock(Closed):
    type: Literal["lead"]
    id: str | None
    value: QuestionAnswer


class HeadingBlock(Closed):
    type: Literal["heading"]
    id: str | None
    value: str


class ParagraphBlock(Closed):
    type: Literal["paragraph"]
    id: str | None
    value: Html


class FAQBlock(Closed):
    type: Literal["faq"]
    id: str | None
    value: FAQ


class CTABlock(Closed):
    type: Literal["cta"]
    id: str | None
    value: CTA


AnyBlock = LeadBlock | HeadingBlock | ParagraphBlock | FAQBlock | CTABlock
Block = Annotated[AnyBlock, Field(discriminator="type")]


# computed fields -------------------------------------------------------------------


class PageRef(Closed):
    id: int
    title: str
    url: str = Field(description="Site path, e.g. /intimacy/")


class ClusterRef(PageRef):
    required: bool


class PillarCluster(Closed):
    pillar: PageRef | None = Field(description="null when the pillar is not live and public")
    topics: list[ClusterRef]


class TopicCluster(Closed):
    pillar: PageRef | None = Field(description="null when the pillar is not live and public")
    related: list[ClusterRef]


class SEO(Closed):
    title: str
    description: str
    canonical_url: str | None


class Answer(Closed):
    type_: Literal["Answer"] = Field(alias="@type")
    text: Html


class Question(Closed):
    type_: Literal["Question"] = Field(alias="@type")
    name: str
    acceptedAnswer: Answer  # noqa: N815 (schema.org's name)


class FAQPageLD(Closed):
    context: Literal["https://schema.org"] = Field(alias="@context")
    type_: Literal["FAQPage"] = Field(alias="@type")
    mainEntity: list[Question]  # noqa: N815


class ListItemLD(Closed):
    type_: Literal["ListItem"] = Field(alias="@type")
    position: int
    name: str
    item: str | None


class BreadcrumbListLD(Closed):
    context: Literal["https://schema.org"] = Field(alias="@context")
    type_: Literal["BreadcrumbList"] = Field(alias="@type")
    itemListElement: list[ListItemLD]  # noqa: N815


JsonLd = FAQPageLD | BreadcrumbListLD


class Validation(Closed):
    status: Literal["pass", "fail"]
    errors: int
    warnings: int
    checked_at: DateTime | None  # null: a page put live without a publish or a revision


class Breadcrumb(Closed):
    title: str
    url: str


# pages ------------------------------------------------------------------------------

SEO_FIELD = Field(description="As the page's <head> has it")
JSON_LD_FIELD = Field(description="The schema.org objects of the page's HTML")
VALIDATION_FIELD = Field(description="Live version summary (a preview: the draft); null outside a cluster")
BREADCRUMBS_FIELD = Field(description="Public ancestors, the home page first (live and unrestricted only)")


class ClusterPageFields(Closed):
    id: int
    meta: PageMeta
    title: str
    category: str
    language: str
    body: list[Block]
    focus_keyphrase: str = Field(description="The search phrase the page targets (may be empty)")
    lead: QuestionAnswer | None
    faq: list[QuestionAnswer]
    cta: CTA | None
    seo: SEO = SEO_FIELD
    json_ld: list[JsonLd] = JSON_LD_FIELD
    validation: Validation | None = VALIDATION_FIELD
    breadcrumbs: list[Breadcrumb] = BREADCRUMBS_FIELD


class PillarPageMeta(PageMeta):
    type: Literal["cluster.PillarPage"]


class TopicPageMeta(PageMeta):
    type: Literal["cluster.TopicPage"]


class ContentPageMeta(PageMeta):
    type: Literal["cluster.ContentPage"]


class PillarPage(ClusterPageFields):
    meta: PillarPageMeta
    cluster: PillarCluster


class TopicPage(ClusterPageFields):
    meta: TopicPageMeta
    cluster: TopicCluster


class ContentPage(Closed):
    id: int
    meta: ContentPageMeta
    title: str
    body: list[Block]
    seo: SEO = SEO_FIELD
    json_ld: list[JsonLd] = JSON_LD_FIELD


class PageSummary(Closed):
    """A listing item without `fields`: any page type."""

    id: int
    meta: PageSummaryMeta
    title: str


class ListMeta(Closed):
    total_count: int


class PillarPageList(Closed):
    meta: ListMeta
    items: list[PillarPage]


class TopicPageList(Closed):
    meta: ListMeta
    items: list[TopicPage]


class ContentPageList(Closed):
    meta: ListMeta
    items: list[ContentPage]


class PageSummaryList(Closed):
    meta: ListMeta
    items: list[PageSummary]


# A preview may be of a page never saved: no id and no API URLs yet; its
# canonical URL, breadcrumbs and JSON-LD come from the parent's path and the slug.
class PreviewMeta(PageMeta):
    detail_url: str | None = Field(None, description="Absent for a page never saved")
    html_url: str | None = Field(None, description="Absent for a page never saved")


class PillarPreviewMeta(PreviewMeta):
    type: Literal["cluster.PillarPage"]


class TopicPreviewMeta(PreviewMeta):
    type: Literal["cluster.TopicPage"]


class ContentPreviewMeta(PreviewMeta):
    type: Literal["cluster.ContentPage"]


class PillarPagePreview(PillarPage):
    id: int | None
    meta: PillarPreviewMeta


class TopicPagePreview(TopicPage):
    id: int | None
    meta: TopicPreviewMeta


class ContentPagePreview(ContentPage):
    id: int | None
    meta: ContentPreviewMeta


class Message(Closed):
    message: str


PAGE_LISTS = [PillarPageList, TopicPageList, ContentPageList, PageSummaryList]
PAGES = [PillarPage, TopicPage, ContentPage]
PREVIEWS = [PillarPagePreview, TopicPagePreview, ContentPagePreview]
