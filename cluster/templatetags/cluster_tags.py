from django import template
from django.utils.safestring import mark_safe

from cluster.site.structured_data import json_ld_objects, script_tag

register = template.Library()


@register.simple_tag(takes_context=True)
def page_json_ld(context, page):
    request = context.get("request")
    return mark_safe("\n".join(script_tag(obj) for obj in json_ld_objects(page, request)))  # noqa: S308
