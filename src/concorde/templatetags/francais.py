"""French typography for templates."""

from django import template

register = template.Library()


@register.filter
def pluriel(count, suffix: str = "s") -> str:
    """French plural: 0 and 1 take the singular (« 0 mesure », « 2 mesures »)."""
    try:
        return suffix if abs(float(count)) >= 2 else ""
    except (TypeError, ValueError):
        return ""
