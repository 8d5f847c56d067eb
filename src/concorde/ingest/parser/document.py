"""The document being read, passed down the analysis.

A Document holds the logical lines of one text and what the analyses learn of it once: the whole
text in lower case with each line's offset, and the lines found to hold a word. extract makes one
for each text; nothing read of one document is kept for the next, so workers can read several
documents side by side.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cached_property
from typing import overload

from .text import Line

# Where the clauses start: the first article, « il est convenu ce qui suit », the first titre or
# chapitre. What comes before is the head: title, parties, visas, preamble.
_FIRST_CLAUSE = re.compile(
    r"\s*(?:article\s+(?:1|1er|premier|i)\b|il\s+(?:est|a\s+[ée]t[ée])\s+(?:convenu|arr[êe]t[ée]|d[ée]cid[ée])"
    r"|(?:titre|chapitre)\s+(?:1|1er|premier|i)\b)",
    re.I,
)


class Document:
    """The lines of one document (indexed, sliced and iterated like a list) and their index."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        # every line lower-cased in one call, not one call a line
        self.low = "\n".join(x.text for x in lines).lower()
        self._starts: list[int] = []
        pos = 0
        for line, low in zip(lines, self.low.split("\n")):
            line._low, line._low_of = low, line.text
            self._starts.append(pos)
            pos += len(low) + 1
        self._found: dict = {}  # one scan's answer, for the other analyses asking the same words

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[Line]:
        return iter(self.lines)

    @overload
    def __getitem__(self, i: int) -> Line: ...
    @overload
    def __getitem__(self, i: slice) -> list[Line]: ...
    def __getitem__(self, i):
        return self.lines[i]

    @cached_property
    def head(self) -> list[Line]:
        """The head of the document — title, parties, visas, preamble — up to its first clause.
        A text without marked clauses has no marked head: its first fifth stands for it (a title
        or the parties are not looked for in the closing pages)."""
        for i, line in enumerate(self.lines):
            if i and _FIRST_CLAUSE.match(line.text):
                return self.lines[:i]
        return self.lines[: max(1, len(self.lines) // 5)]

    def containing(self, words: tuple[str, ...]) -> list[int]:
        """Indexes of the lines whose lower-case text holds one of these words, searched over the
        whole document at once, not line by line. A word written "\\nfait " is looked for at the
        start of a line only. A scan of the document costs about the same whatever it looks for,
        so the words are found in as few scans as can be (see _scans)."""
        found = set()
        for scan in _scans(words):
            if scan not in self._found:
                self._found[scan] = self._lines_found(scan)
            found.update(self._found[scan])
        return sorted(found)

    def _line_at(self, pos: int) -> int:
        return bisect.bisect_right(self._starts, pos) - 1

    def _lines_found(self, scan) -> list[int]:
        joined = self.low
        if isinstance(scan, tuple):  # line-start words: one scan for a line break followed by any
            out = [0] if joined.startswith(scan) else []
            for m in re.finditer("\n(?:" + "|".join(map(re.escape, scan)) + ")", joined):
                out.append(self._line_at(m.start() + 1))
            return out
        if isinstance(scan, str):
            find = joined.find
        else:

            def find(word: re.Pattern, pos: int) -> int:
                m = word.search(joined, pos)
                return m.start() if m else -1

        out = []
        pos = find(scan, 0)
        while pos != -1:
            i = self._line_at(pos)
            out.append(i)
            pos = find(scan, self._starts[i + 1]) if i + 1 < len(self._starts) else -1  # one hit a line is enough
        return out


def _scans(words: tuple[str, ...]) -> tuple:
    """One scan a word (str.find), or one regex for the words sharing a first character
    (« co(?:mit|pil) »: the engine jumps from one such character to the next, where an
    alternation of different first characters would be tried at every position), and one
    regex for all the line-start words."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        if word[:1] != "\n":
            by_first.setdefault(word[0], []).append(word)
    scans: list = [
        group[0]
        if len(group) == 1
        else re.compile(re.escape(first) + "(?:" + "|".join(re.escape(w[1:]) for w in group) + ")")
        for first, group in by_first.items()
    ]
    at_start = tuple(word[1:] for word in words if word[:1] == "\n")
    if at_start:
        scans.append(at_start)
    return tuple(scans)
