"""French typography for templates."""

from django import template

from concorde.lib import grammar

register = template.Library()


@register.filter
def pluriel(count, suffix: str = "s") -> str:
    """French plural: 0 and 1 take the singular (« 0 mesure », « 2 mesures »)."""
    try:
        return suffix if abs(float(count)) >= 2 else ""
    except (TypeError, ValueError):
        return ""


@register.filter
def accorde(name: str, participle: str = "représenté") -> str:
    """« {{ party.label|accorde:"représenté" }} »: the participle agreed with the name's gender."""
    return grammar.agreed(participle, name)
