from django import template
from django.utils.safestring import mark_safe

from cluster.site.structured_data import json_ld_objects, public_ancestors, script_tag
from cluster.stored.public_urls import page_full_url
from cluster.validation.states import visible_to_public

register = template.Library()


@register.simple_tag(takes_context=True)
def page_json_ld(context, page):
    request = context.get("request")
    return mark_safe("\n".join(script_tag(obj) for obj in json_ld_objects(page, request)))  # noqa: S308


@register.simple_tag
def page_trail(page) -> list:
    """The visible breadcrumb's pages: the same public trail as the BreadcrumbList (public_trail)."""
    return public_ancestors(page)


@register.simple_tag
def public_page_url(page) -> str:
    """The page's URL if the public may see it, else "" (a CTA then renders its label only)."""
    return page.url if page is not None and page.pk in visible_to_public([page]) else ""


@register.simple_tag(takes_context=True)
def canonical_url(context, page) -> str:
    """The page's absolute public URL (cluster/stored/public_urls.py)."""
    return page_full_url(page, context.get("request")) or ""
