"""What every reader shares: the error it raises and what it returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


class ReadError(ValueError):
    """The document cannot be read; the message says why, in French."""


@dataclass
class ReadResult:
    text: str
    format: str
    checksum: str
    size: int
    encoding: str | None = None
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


# Told of the pages as they are read: progress("pages" | "ocr", done, total)
Progress = Callable[[str, int, int], None]


def silent(step: str, done: int, total: int) -> None:
    return None
