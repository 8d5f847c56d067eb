"""The vote on an act: counts in figures or in words, « à l'unanimité », « / » and « néant » for
none, those who took no part; a commission's opinion, printed before the vote, kept apart."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import names
from ..numbers import NUMBER, parse_number
from ..vocabulary import NONE_COUNTED, NOT_VOTING

_NONE = "(?:" + "|".join(re.escape(w) for w in NONE_COUNTED) + ")"
_VALUE = rf"(?:{NUMBER}|{_NONE})"
# A label and its value: « Vote(s) pour : 74 », « ONT VOTE POUR : 14 », « Voix contre : 0 »,
# « Abstention(s) : 4 », « SE SONT ABSTENUS : / », « Nombre de votants : 33 ». Searched in folded
# text (lower case, no accents); each label ends with the word that says what it counts.
_LABELLED = {
    "for": r"pour\s*:\s*",
    "against": r"contre\s*:\s*",
    "abstentions": r"absten(?:tions?\s*(?:\(s\))?|us?|ues?)\s*:\s*",
    "voters": r"votants\s*:\s*",
}
# « 38 voix pour et une abstention », « 35 voix pour et quatre abstentions », « 2 voix contre »: the
# words counted, then the number just before them (searched from the words: a pattern that opens
# with a number is tried at every position of the text, which bench/extract.py showed to cost).
_IN_SENTENCE = {
    "for": re.compile(r"(?:voix|votes?|suffrages?)\s+pour\b"),
    "against": re.compile(r"(?:voix|votes?)\s+contre\b"),
    "abstentions": re.compile(r"abstentions?\b"),
}
_NUMBER_BEFORE = re.compile(rf"(?:^|\W)({NUMBER})\s+$")


def _number_before(low: str, pos: int) -> int | None:
    m = _NUMBER_BEFORE.search(low, max(0, pos - 40), pos)
    if not m:
        return None
    return parse_number(m.group(1))


_UNANIMOUS = re.compile(r"(?:a|par)\s+l'unanimite(?!\s*:)(?!\s+des\s+suffrages\s+exprimes\s*:)")
_MAJORITY = re.compile(r"a\s+la\s+majorite(?!\s*:)")
_NOT_VOTING = re.compile("(?:" + "|".join(NOT_VOTING) + ")")
_OPINION = re.compile(
    r"avis\s+(?:favorable\s+|defavorable\s+)?(?:de\s+la|du)\s+(?:commission|comite|bureau|conseil\s+de\s+quartier)"
)


@dataclass
class Vote:
    voters: int | None = None
    for_: int | None = None
    against: int | None = None
    abstentions: int | None = None
    unanimous: bool = False
    not_voting: list[str] = field(default_factory=list)
    opinion: dict | None = None  # a commission's opinion: {"body", "for", "against", "abstentions"}

    def as_dict(self) -> dict:
        return {
            "voters": self.voters,
            "for": self.for_,
            "against": self.against,
            "abstentions": self.abstentions,
            "unanimous": self.unanimous,
            "not_voting": self.not_voting,
            "opinion": self.opinion,
        }


def _value(text: str) -> int | None:
    text = text.strip()
    if text in NONE_COUNTED or not text:
        return 0
    return parse_number(text)


_SENTENCE_END = re.compile(r"\.(?:\s|$)")


def _opinion_spans(low: str) -> list[tuple[int, int]]:
    """Where a commission's opinion is reported: from « avis de la commission » to the end of its
    sentence (or of its counts)."""
    spans = []
    for m in _OPINION.finditer(low):
        end = _SENTENCE_END.search(low, m.end())
        spans.append((m.start(), end.start() if end else len(low)))
    return spans


def _outside(spans, pos: int) -> bool:
    return not any(a <= pos < b for a, b in spans)


def read(low: str, flat: str) -> Vote:
    """The vote of one act's text (`low` folded, `flat` as written, the same length)."""
    vote = Vote()
    opinions = _opinion_spans(low)
    for key, label in _LABELLED.items():
        for m in re.finditer(label + rf"({_VALUE})(?![\w/])", low):
            if not _outside(opinions, m.start()):
                continue
            value = _value(m.group(1))
            if value is not None:
                setattr(vote, "for_" if key == "for" else key, value)
                break
    for key, rx in _IN_SENTENCE.items():
        attr = "for_" if key == "for" else key
        if getattr(vote, attr) is not None:
            continue
        for m in rx.finditer(low):
            n = _number_before(low, m.start())
            if n is not None and _outside(opinions, m.start()):
                setattr(vote, attr, n)
                break
    unanimous = [m for m in _UNANIMOUS.finditer(low) if _outside(opinions, m.start())]
    counted_against = (vote.against or 0) + (vote.abstentions or 0)
    if unanimous and not counted_against and not _MAJORITY.search(low):
        vote.unanimous = True
        vote.against = 0 if vote.against is None else vote.against
        vote.abstentions = 0 if vote.abstentions is None else vote.abstentions
    for m in _NOT_VOTING.finditer(low):
        sentence_start = max(low.rfind(". ", 0, m.start()), low.rfind(": ", 0, m.start()), 0)
        found = names.people(flat[sentence_start : m.start()])
        vote.not_voting.extend(n for n in found if n not in vote.not_voting)
    for a, b in opinions[:1]:
        vote.opinion = {"text": flat[a:b].strip()[:300], **_counts(low[a:b])}
    return vote


def _counts(low: str) -> dict:
    out = {}
    for key, rx in (("for", r"pour\s*:?\s*"), ("against", r"contre\s*:?\s*"), ("abstentions", r"abstentions?\s*:?\s*")):
        m = re.search(rx + rf"({_VALUE})(?![\w/])", low)
        out[key] = _value(m.group(1)) if m else None
    return out


def complete(vote: Vote, voters: int | None) -> None:
    """« À l'unanimité » of the voters: for = voters, once the voters are known."""
    if vote.voters is None:
        vote.voters = voters
    if vote.unanimous and vote.for_ is None and vote.voters is not None:
        vote.for_ = vote.voters - len(vote.not_voting) if vote.not_voting else vote.voters
