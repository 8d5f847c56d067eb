"""Text folded for matching: lower case, accents off, curly quotes straight (never for output)."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case, accents and non-ASCII signs removed, for matching (never for output)."""
    text = text.replace("’", "'").replace("œ", "oe").replace("Œ", "OE")
    if not text.isascii():
        text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode("ascii")
    return text.lower()


def _byte_table() -> bytes:
    """cp1252 byte -> the byte of its folded letter (accents off, curly quotes straight)."""
    table = bytearray(range(256))
    for code in range(128, 256):
        char = bytes([code]).decode("cp1252", errors="replace")
        base = unicodedata.normalize("NFD", char)[0].lower()
        if len(char) == 1 and base.isascii() and base.isalpha():
            table[code] = ord(base)
    for char, repl in (("’", "'"), ("‘", "'"), ("œ", "o"), ("Œ", "o"), ("æ", "a"), ("Æ", "a")):
        table[char.encode("cp1252")[0]] = ord(repl)
    return bytes(table)


_BYTES = _byte_table()


def fold_keep(text: str) -> str:
    """fold() that keeps every character in its place (one character for one): a match in the
    folded text is a match at the same place in the text, whose words can then be taken as written.
    (Each character goes through one byte of cp1252 — a character outside it becomes « ? » — and
    a byte table: a mapping over a whole text character by character is ten times slower.)"""
    low = text.lower()
    if low.isascii():
        return low
    if len(low) != len(text):  # a rare letter whose lower case is two characters
        low = "".join(c.lower()[0] for c in text)
    return low.encode("cp1252", errors="replace").translate(_BYTES).decode("cp1252", errors="replace")
