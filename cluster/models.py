"""Page models of a topic cluster.

Anatomy follows bakerydemo on every model: fields, panels, search_fields,
api_fields, then parent/subpage types.

The models are the bottom layer of the app (docs/architecture.md): they
import nothing from `cluster.validation`, `gate`, `editor` or `api`. Three
things the admin and the API attach to the cluster page models live in those
layers and are attached at app loading (`cluster/apps.py`): the gate's admin
form (`base_form_class`), the API's computed fields (`api_fields`) and the
editor's "Validation report" preview mode (the `serve_cluster_preview` hook).
"""

from django.conf import settings
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessPreviewMixin

from cluster.blocks import ContentStreamBlock
from cluster.stored.public_urls import public_url_parts

LANGUAGE_CHOICES = [
    ("en", "English"),
    ("de", "German"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("it", "Italian"),
    ("nl", "Dutch"),
    ("pl", "Polish"),
    ("ru", "Russian"),
]

# The publication gate's permission (declared on ValidationGate below).
OVERRIDE_PERMISSION = "cluster.publish_despite_validation_errors"
VALIDATION_PREVIEW_MODE = "validation"


class ClusterPreviewMixin(HeadlessPreviewMixin):
    """The admin's Preview: the headless front end when there is one, the CMS's templates otherwise.

    wagtail-headless-preview makes Preview open the front end in the preview
    pane (docs/api.md, "Draft preview"). Without `HEADLESS_PREVIEW_URL` there
    is no front end to open (a fresh machine after `make run`): the pane would
    show a connection error, so the page renders with this project's own
    templates instead, as Wagtail does by default.
    """

    def serve_preview(self, request, mode_name):
        if settings.CLUSTER_HEADLESS_PREVIEW:
            return super().serve_preview(request, mode_name)
        return Page.serve_preview(self, request, mode_name)


class PublicURLMixin:
    """Page URLs on the public origin (cluster/stored/public_urls.py), through Wagtail's own hook.

    `get_url_parts` is what Wagtail's `url`, `full_url`, `get_full_url()`, the
    sitemap and API v3's `html_url` are built from; only the root URL changes.
    """

    def get_url_parts(self, request=None):
        return public_url_parts(super().get_url_parts(request=request), request)


class ValidationPreviewMixin:
    """A "Validation report" preview mode next to the page itself.

    The report is the editor's (cluster/editor/panels.py), registered on the
    `serve_cluster_preview` hook, so the models need not import the layer
    that validates them.
    """

    @property
    def preview_modes(self):
        return [("", "Page"), (VALIDATION_PREVIEW_MODE, "Validation report")]

    def serve_preview(self, request, mode_name):
        for serve in hooks.get_hooks("serve_cluster_preview"):
            response = serve(self, request, mode_name)
            if response is not None:
                return response
        return super().serve_preview(request, mode_name)


class HomePage(PublicURLMixin, Page):
    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cluster.PillarPage", "cluster.ContentPage"]
    max_count = 1


class ClusterPageMixin(models.Model):
    """Fields every validated cluster page has."""

    category = models.CharField(max_length=100, help_text='Shown above the title, e.g. "Intimacy".')
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES, default="en")
    body = StreamField(ContentStreamBlock(), blank=True)
    required_questions = models.TextField(
        blank=True,
        help_text="One question per line that this page's FAQ must answer.",
    )
    focus_keyphrase = models.CharField(
        max_length=100,
        blank=True,
        help_text="The search phrase this page should rank for; no other page of the site may target it.",
    )

    class Meta:
        abstract = True

    @property
    def required_question_list(self):
        return [line.strip() for line in self.required_questions.splitlines() if line.strip()]


SHARED_CONTENT_PANELS = [
    FieldPanel("category"),
    FieldPanel("body"),
]
SHARED_SETTINGS_PANELS = [
    MultiFieldPanel(
        [FieldPanel("language"), FieldPanel("required_questions")],
        heading="Validation",
    ),
]
# Wagtail's "For search engines" panel with the focus keyphrase next to the SEO title.
SHARED_PROMOTE_PANELS = [
    MultiFieldPanel(
        [
            FieldPanel("slug"),
            FieldPanel("seo_title"),
            FieldPanel("focus_keyphrase"),
            FieldPanel("search_description"),
        ],
        heading="For search engines",
    ),
    MultiFieldPanel([FieldPanel("show_in_menus")], heading="For site menus"),
]
# What the v3 API accepts. The computed, read-only fields (lead, faq, cta,
# cluster, breadcrumbs, seo, json_ld, validation; seo and json_ld on content
# pages) are appended at app loading from cluster/api/fields.py, for API v2.
SHARED_API_FIELDS = [
    APIField("category", writable=True),
    APIField("language", writable=True),
    APIField("body", writable=True),
    APIField("focus_keyphrase", writable=True),
]
SHARED_SEARCH_FIELDS = Page.search_fields + [
    index.SearchField("category"),
    index.SearchField("body"),
]


class PillarPage(PublicURLMixin, ValidationPreviewMixin, ClusterPreviewMixin, ClusterPageMixin, Page):
    content_panels = (
        Page.content_panels
        + SHARED_CONTENT_PANELS
        + [
            InlinePanel("adjacent_clusters", heading="Adjacent clusters", label="Adjacent cluster"),
        ]
    )
    promote_panels = SHARED_PROMOTE_PANELS
    settings_panels = Page.settings_panels + SHARED_SETTINGS_PANELS

    search_fields = SHARED_SEARCH_FIELDS
    api_fields = SHARED_API_FIELDS

    parent_page_types = ["cluster.HomePage"]
    subpage_types = ["cluster.TopicPage", "cluster.ContentPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = TopicPage.objects.child_of(self).live().public().order_by("path")
        return context


class TopicPage(PublicURLMixin, ValidationPreviewMixin, ClusterPreviewMixin, ClusterPageMixin, Page):
    content_panels = (
        Page.content_panels
        + SHARED_CONTENT_PANELS
        + [
            InlinePanel("related_topics", heading="Related topics", label="Related topic"),
        ]
    )
    promote_panels = SHARED_PROMOTE_PANELS
    settings_panels = Page.settings_panels + SHARED_SETTINGS_PANELS

    search_fields = SHARED_SEARCH_FIELDS
    api_fields = SHARED_API_FIELDS

    parent_page_types = ["cluster.PillarPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        live_targets = (
            TopicPage.objects.live()
            .public()
            .filter(id__in=[r.target_id for r in self.related_topics.all()])
            .in_bulk()
        )
        context["related"] = [
            live_targets[r.target_id] for r in self.related_topics.all() if r.target_id in live_targets
        ]
        return context


class ContentPage(PublicURLMixin, ClusterPreviewMixin, Page):
    """A plain page (e.g. the call-to-action landing page); not a cluster node."""

    body = StreamField(ContentStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]

    search_fields = Page.search_fields + [index.SearchField("body")]
    api_fields = [APIField("body", writable=True)]

    parent_page_types = ["cluster.HomePage", "cluster.PillarPage"]
    subpage_types = []


class RelatedTopic(Orderable):
    """A declared topic → topic cross-link that the content must realize."""

    page = ParentalKey(TopicPage, on_delete=models.CASCADE, related_name="related_topics")
    target = models.ForeignKey(TopicPage, on_delete=models.CASCADE, related_name="+", verbose_name="topic")
    required = models.BooleanField(
        default=True, help_text="A missing required link blocks publishing; an optional one warns."
    )

    panels = [FieldPanel("target"), FieldPanel("required")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "target"], name="unique_related_topic")]


class AdjacentCluster(Orderable):
    """A declared pillar → pillar neighbour (e.g. Intimacy → Attachment styles)."""

    page = ParentalKey(PillarPage, on_delete=models.CASCADE, related_name="adjacent_clusters")
    target = models.ForeignKey(PillarPage, on_delete=models.CASCADE, related_name="+", verbose_name="pillar")

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "target"], name="unique_adjacent_cluster")]


class ValidationGate(models.Model):
    """Holds the publication gate's permission; no table (docs/gate.md).

    Django permissions need a content type, and an unmanaged model is the
    smallest one that shows up under "Cluster" in the admin's Groups UI.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("publish_despite_validation_errors", "Can publish despite validation errors")]
        verbose_name = "publication gate"


class PageWriteToken(models.Model):
    """A random token per page that the database renews on every write to the page's row.

    Written only by triggers on Wagtail's page table (migration 0007), so no
    write escapes it: saves, bulk `update()`, treebeard's raw SQL for moves,
    deletes. The sum of a parent's tokens, less a few pages', tells a
    page-scoped check whether anything else under that parent changed, from
    an index alone (cluster/validation/write_tokens.py). Random rather than
    counted: a rolled-back transaction or a restored backup sets a count back
    to values it will reach again with other content; random sums do not
    repeat (two 40-bit tokens: about 2**-80 per comparison).
    """

    # Not a foreign key: a trigger deletes the row with the page.
    page_id = models.IntegerField(primary_key=True)
    parent_path = models.CharField(max_length=255)
    token_a = models.BigIntegerField()
    token_b = models.BigIntegerField()

    class Meta:
        # Covering: the sums are read from the index alone.
        indexes = [
            models.Index(
                fields=["parent_path", "page_id", "token_a", "token_b"], name="page_write_tokens_sum"
            )
        ]
