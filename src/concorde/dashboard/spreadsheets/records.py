"""The records a sheet names in words: a party's services by their name, its pilots by their
e-mail address or login — each unknown name refused with the party it was looked for in."""

from __future__ import annotations

from concorde.lib.text import fold
from concorde.territories.models import Service
from concorde.territories.people import pilots_of

from .sheets import person


class Refused(ValueError):
    """A row the file cannot apply; the message says why, in French."""


def services_named(party, names: list[str]) -> dict[int, str]:
    known = {fold(s.name): s for s in Service.objects.filter(organisation_id=party.organisation_id)}
    out = {}
    for name in names:
        service = known.get(fold(name))
        if service is None:
            raise Refused(f"service « {name} » inconnu de {party.label}")
        out[service.pk] = service.name
    return out


def people_named(party, names: list[str]) -> dict[int, str]:
    """People named by e-mail or login, among the pilots of the party's organisation (those the
    action page offers)."""
    by_name = {}
    for u in pilots_of(party.organisation_id):
        by_name[fold(u.username)] = u
        if u.email:
            by_name[fold(u.email)] = u
    out = {}
    for name in names:
        user = by_name.get(fold(name))
        if user is None:
            raise Refused(f"« {name} » n'est pas un pilote de {party.label} (écrire son adresse électronique)")
        out[user.pk] = person(user)
    return out
