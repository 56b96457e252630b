"""StreamField blocks shared by pillar and topic pages.

Every block a validator looks at has a fixed kind name (lead, heading,
paragraph, faq, cta) so the adapter can flatten a page without guessing.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks

# Links and light emphasis only: the body is prose, and a narrow feature set
# keeps pasted markup (scripts, styles, arbitrary attributes) out of the
# database; Wagtail's rich text whitelist drops everything else on save.
PROSE_FEATURES = ["bold", "italic", "link"]


class LeadBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=255, help_text="The page's opening question.")
    answer = blocks.RichTextBlock(features=PROSE_FEATURES, help_text="A direct answer of at most 80 words.")

    class Meta:
        icon = "help"
        template = "cluster/blocks/lead.html"


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=255)
    answer = blocks.RichTextBlock(features=PROSE_FEATURES)

    class Meta:
        icon = "help"
        label = "Question"
        # A collapsed item shows its question, so editors find one without opening each.
        label_format = "{question}"


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=255, default="Common questions")
    items = blocks.ListBlock(FAQItemBlock(), label="Questions")

    class Meta:
        icon = "list-ul"
        template = "cluster/blocks/faq.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=255, required=False)
    label = blocks.CharBlock(max_length=255)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label="URL")

    class Meta:
        icon = "link"
        template = "cluster/blocks/cta.html"

    def clean(self, value):
        value = super().clean(value)
        if value.get("page") and value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Choose a page or a URL, not both.")}
            )
        return value


class ContentStreamBlock(blocks.StreamBlock):
    # Labels are the editor's words; Wagtail would derive "Faq" and "Cta" from the names.
    lead = LeadBlock()
    heading = blocks.CharBlock(max_length=255, icon="title", template="cluster/blocks/heading.html")
    paragraph = blocks.RichTextBlock(features=PROSE_FEATURES, icon="pilcrow")
    faq = FAQBlock(label="FAQ")
    cta = CallToActionBlock(label="Call to action")
