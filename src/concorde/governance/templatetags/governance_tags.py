"""What the pages of lower apps show of the governance: the convention's page lists its deadlines
without the conventions app knowing how they are computed."""

from django import template

from concorde.governance.deadlines import deadlines_of

register = template.Library()


@register.inclusion_tag("governance/_deadlines.html")
def convention_deadlines(convention):
    return {"convention": convention, "deadlines": deadlines_of(convention)}
