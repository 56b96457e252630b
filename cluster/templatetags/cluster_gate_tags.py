from django import template

from cluster.gate.admin import backlinks_notice

register = template.Library()


@register.inclusion_tag("cluster/gate/backlinks.html")
def gate_backlinks(page, action, destination=None):
    """The warning an unpublish/delete/move confirmation shows (docs/gate.md)."""
    return {"notice": backlinks_notice(page, action, destination)}
