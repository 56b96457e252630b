"""Page models of a topic cluster.

Anatomy follows bakerydemo on every model: fields, panels, search_fields,
api_fields, then parent/subpage types.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cluster.api.fields import CLUSTER_API_FIELDS
from cluster.blocks import ContentStreamBlock
from cluster.editor.panels import ValidationPreviewMixin
from cluster.gate.forms import ClusterPageForm, override_panel
from cluster.site.preview import ClusterPreviewMixin

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


class HomePage(Page):
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

    class Meta:
        abstract = True

    @property
    def required_question_list(self):
        return [line.strip() for line in self.required_questions.splitlines() if line.strip()]


SHARED_CONTENT_PANELS = [
    FieldPanel("category"),
    FieldPanel("body"),
    override_panel(),  # shown only to users with the override permission
]
SHARED_SETTINGS_PANELS = [
    MultiFieldPanel(
        [FieldPanel("language"), FieldPanel("required_questions")],
        heading="Validation",
    ),
]
# Writable ones are what the v3 API accepts; the rest are computed (cluster/api_fields.py).
SHARED_API_FIELDS = [
    APIField("category", writable=True),
    APIField("language", writable=True),
    APIField("body", writable=True),
    *CLUSTER_API_FIELDS,
]
SHARED_SEARCH_FIELDS = Page.search_fields + [
    index.SearchField("category"),
    index.SearchField("body"),
]


class PillarPage(ValidationPreviewMixin, ClusterPreviewMixin, ClusterPageMixin, Page):
    base_form_class = ClusterPageForm  # the publication gate, inline on Publish

    content_panels = (
        Page.content_panels
        + SHARED_CONTENT_PANELS
        + [
            InlinePanel("adjacent_clusters", heading="Adjacent clusters", label="Adjacent cluster"),
        ]
    )
    settings_panels = Page.settings_panels + SHARED_SETTINGS_PANELS

    search_fields = SHARED_SEARCH_FIELDS
    api_fields = SHARED_API_FIELDS

    parent_page_types = ["cluster.HomePage"]
    subpage_types = ["cluster.TopicPage", "cluster.ContentPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = TopicPage.objects.child_of(self).live().public().order_by("path")
        return context


class TopicPage(ValidationPreviewMixin, ClusterPreviewMixin, ClusterPageMixin, Page):
    base_form_class = ClusterPageForm  # the publication gate, inline on Publish

    content_panels = (
        Page.content_panels
        + SHARED_CONTENT_PANELS
        + [
            InlinePanel("related_topics", heading="Related topics", label="Related topic"),
        ]
    )
    settings_panels = Page.settings_panels + SHARED_SETTINGS_PANELS

    search_fields = SHARED_SEARCH_FIELDS
    api_fields = SHARED_API_FIELDS

    parent_page_types = ["cluster.PillarPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = self.get_ancestors().filter(depth__gt=1).live().specific()
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


class ContentPage(ClusterPreviewMixin, Page):
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
