"""Cross-references between conventions: a sentence of one (« cette action figure aussi dans la
convention … ») that names another convention of the instance becomes a link, shown on both.

A sentence names a convention when it holds most of the words that tell that convention's title
apart from any other (« jardins », « Montclair », « 2025 » — not « convention », « coopération »,
« ville »), and names it better than any other convention: two equally named leave it a sentence."""

from __future__ import annotations

import re

from concorde.lib.text import fold

from .models import Convention, CrossReference

# Words of any convention's title: they say it is a convention, not which one.
_GENERIC_WORDS = (
    "convention conventions cadre cooperation partenariat partenariale protocole accord relative relatif "
    "entre avec pour portant aux des les une sur dans ville commune communes departement departemental "
    "region regional metropole territoire territorial etablissement public annee annees periode "
    "application action actions figure aussi egalement voir"
)
_GENERIC = set(_GENERIC_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+")
SHARE = 0.6  # of a title's telling words the sentence must hold


def telling_words(text: str) -> set[str]:
    """Words longer than two letters that are not of every title, in the singular (« jardins »
    is « jardin », « canaux » stays: a rule, not a dictionary); numbers only as years."""
    return {
        _singular(w)
        for w in _WORD.findall(fold(text))
        if len(w) > 2 and w not in _GENERIC and (not w.isdigit() or len(w) == 4)
    }


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word[-1] in "sx" and not word.isdigit() else word


def named_convention(text: str, candidates: list[tuple[Convention, set[str]]]) -> Convention | None:
    """The one convention among `candidates` (each with its title's telling words) the sentence
    names, if it names exactly one best."""
    said = telling_words(text)
    scored = []
    for convention, wanted in candidates:
        if wanted:
            share = len(wanted & said) / len(wanted)
            if share >= SHARE:
                scored.append((share, len(wanted & said), convention))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    if not scored or (len(scored) > 1 and scored[0][:2] == scored[1][:2]):
        return None
    return scored[0][2]


def resolve(conventions=None) -> int:
    """Link the unresolved cross-references of these conventions (all, by default) to the
    validated conventions they name; how many were linked."""
    candidates = [
        (c, telling_words(c.title))
        for c in Convention.objects.exclude(status=Convention.Status.DRAFT).only("pk", "title")
    ]
    pending = CrossReference.objects.filter(target__isnull=True)
    if conventions is not None:
        pending = pending.filter(convention__in=conventions)
    linked = 0
    for reference in pending:
        target = named_convention(reference.text, [c for c in candidates if c[0].pk != reference.convention_id])
        if target is not None:
            CrossReference.objects.filter(pk=reference.pk).update(target=target)
            linked += 1
    return linked
