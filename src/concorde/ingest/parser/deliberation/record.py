"""The text of a record of a sitting, in the forms its readers need."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from concorde.lib.text import fold_keep

# Where the business of a sitting starts; each written from a literal, so that the engine jumps
# from one occurrence of it to the next instead of trying every position (see `opening`).
_BUSINESS = tuple(
    re.compile(p)
    for p in (
        r"ordre du jour\s*:",
        r"vu (?:le|la|les|l')\s",
        r"considerant (?:que|le|la|les)\b",
        r"point n\s*[°o]\s*1\b",
        r"question n\s*[°o]\s*1\b",
        r"1 [-–—] [a-z]",
        r"expose\s*:",
        r"sur le rapport\b",
    )
)


def opening_end(low: str) -> int:
    """Where the business starts in a folded record text (its length when nothing marks it)."""
    starts = [m.start() for m in (rx.search(low) for rx in _BUSINESS) if m]
    return min(starts, default=len(low))


@dataclass
class Record:
    """One record (a deliberation, minutes of a sitting): its text as given, the same text with one
    space between words and one line break between lines (`flat`: a name never runs over a line
    break), and `low`, `flat` folded (lower case, no accents) character for character, so that a
    match in `low` is a span of `flat`."""

    text: str
    flat: str = field(init=False)
    low: str = field(init=False)

    def __post_init__(self):
        # each line's words one space apart, empty lines dropped
        self.flat = "\n".join(filter(None, (" ".join(line.split()) for line in self.text.split("\n"))))
        self.low = fold_keep(self.flat)

    def part(self, start: int, end: int) -> Record:
        """The record from `start` to `end`, read no further (its text is not folded again)."""
        piece = object.__new__(Record)
        piece.text, piece.flat, piece.low = self.flat[start:end], self.flat[start:end], self.low[start:end]
        return piece

    def opening(self) -> Record:
        """The record's opening — the sitting and its roll call — up to where the business starts
        (the agenda, the first item, « Vu … », « Considérant … », the report): what follows is the
        acts, whose text the roll call's rules must not read."""
        if "_opening" not in self.__dict__:  # asked by several readers of the sitting
            self.__dict__["_opening"] = self.part(0, opening_end(self.low))
        return self.__dict__["_opening"]

    def span(self, start: int, end: int) -> str:
        return self.flat[start:end]

    def search(self, pattern: re.Pattern | str, start: int = 0, end: int | None = None):
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        return rx.search(self.low, start, len(self.low) if end is None else end)

    def finditer(self, pattern: re.Pattern | str, start: int = 0, end: int | None = None):
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        return rx.finditer(self.low, start, len(self.low) if end is None else end)
