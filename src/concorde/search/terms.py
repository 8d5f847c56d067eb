"""Words as the search sees them, in pure Python, the same for every database: stemmed with the
Snowball French stemmer (the algorithm of PostgreSQL's `french_stem`), then folded (case and
accents off), the French stop words of PostgreSQL left out. Stemming before folding keeps what the
accents tell the stemmer: « surveillée », « surveillés » and « surveillé » are one term."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from concorde.lib.text import fold

# PostgreSQL's french.stop, but for the words written with an accent: « été » (summer) and « à »
# are words a search may want, and the others (« êtes », « eûmes ») are never searched for.
_STOP_WORDS = """au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me mes moi mon ne
    nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre
    vous c d j l m n s t y suis es est sommes sont serai seras sera serons serez seront serais serait
    serions seriez seraient fus fut furent sois soit soyons soyez soient fusse fusses fussions fussiez
    fussent ayant ayante ayantes ayants eu eue eues eus ai as avons avez ont aurai auras aura aurons
    aurez auront aurais aurait aurions auriez auraient avais avait avions aviez avaient eut eurent aie
    aies ait ayons ayez aient eusse eusses eussions eussiez eussent"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# A word as PostgreSQL's parser cuts it: letters and digits (« l'été » is « l » and « été »,
# « Île-de-France » is « Île », « de », « France »).
_WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("french")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The term of one word: stemmed, then folded; empty for a stop word."""
    low = word.lower()
    if low in STOP_WORDS:
        return ""
    return fold(_STEMMER.stemWord(low))


@lru_cache(maxsize=50_000)
def unaccented_stem(word: str) -> str:
    """The term of the word typed without its accents, when it is another: « securite » stems to
    `securit` where « sécurité » gives `secur` (the stemmer reads the accents)."""
    other = stem(fold(word))
    return other if other != stem(word) else ""


def forms(word: str) -> set[str]:
    """Every term a query may ask for this word by."""
    return {t for t in (stem(word), unaccented_stem(word)) if t}


def terms(text: str) -> list[str]:
    """The terms of a text, in order, stop words left out."""
    return [t for t in (stem(w) for w in _WORD.findall(text)) if t]


def indexed(text: str) -> str:
    """What the index reads of a text: its terms in order (the phrases' positions), then the
    terms of its accented words as typed without accents, so that « securite » finds « sécurité »."""
    words = _WORD.findall(text)
    main = [t for t in (stem(w) for w in words) if t]
    extra = sorted({t for t in (unaccented_stem(w) for w in words if not w.isascii()) if t})
    return " ".join(main + extra)


@dataclass
class Query:
    """What was asked: words that must all be there (each by any of its forms), phrases (terms in
    a row) and excluded words — the grammar of a search box: words, « "…" » and « -mot »."""

    text: str
    required: list[set[str]] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[set[str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing to find (only stop words or exclusions): no result on either backend."""
        return not (self.required or self.phrases)

    @property
    def wanted(self) -> set[str]:
        """The terms to mark in an excerpt."""
        return set().union(*self.required) | {t for p in self.phrases for t in p}


_PART = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


def _words_forms(text: str) -> list[set[str]]:
    return [f for f in (forms(w) for w in _WORD.findall(text)) if f]


def parse(text: str) -> Query:
    query = Query(text=text.strip()[:200])
    for quoted_not, quoted, word_not, word in _PART.findall(query.text):
        written = quoted if quoted or quoted_not else word
        if quoted_not or word_not:
            query.excluded += _words_forms(written)
        elif quoted and len(terms(written)) > 1:
            query.phrases.append(terms(written))
        else:
            query.required += _words_forms(written)
    return query


def excerpt(text: str, query: Query, width: int = 220) -> SafeString:
    """The passage of `text` around its first matched words, escaped, the matched words in
    <mark>; the beginning of the text when no word of it matches (the match was elsewhere)."""
    wanted = query.wanted
    words = []
    for m in _WORD.finditer(text):  # the matched words, up to the end of the passage they open
        if words and m.start() > words[0][0] + width:
            break
        if forms(m.group()) & wanted:
            words.append((m.start(), m.end()))
    if not words:
        start = 0
    else:
        start = max(0, words[0][0] - width // 3)
        if start:  # begin at a word, not inside one
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < words[0][0] else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start and (not words or space >= words[0][1]):  # end at a word, after the first match
            end = space
    out = ["…" if start else ""]
    cursor = start
    for begin, finish in words:
        if begin < start or finish > end:
            continue
        out += [escape(text[cursor:begin]), "<mark>", escape(text[begin:finish]), "</mark>"]
        cursor = finish
    out += [escape(text[cursor:end]), "…" if end < len(text) else ""]
    return mark_safe("".join(out).replace("\n", " "))  # every piece of text is escaped above
