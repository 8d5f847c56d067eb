"""Text files of any encoding read as text: UTF-8 (with or without BOM), UTF-16 by its BOM, else
charset-normalizer's best guess, cp1252 when in doubt; a binary file is refused."""

from __future__ import annotations


class UndecodableText(ValueError):
    """The bytes are not a text; the message says why, in French."""

    def __init__(self, message: str, binary: bool = False):
        super().__init__(message)
        self.binary = binary


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text and the encoding it was read in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UndecodableText(f"{name} : texte UTF-16 endommagé.") from None
    if looks_binary(data):
        raise UndecodableText(
            f"{name} : ce n'est pas un texte lisible (fichier binaire ou format non pris en charge).", binary=True
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # loaded only for the rare file that is not UTF-8 (start-up time)

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best else "cp1252"
    if encoding.replace("_", "-").lower() in ("ascii", "utf-8"):
        encoding = "cp1252"  # not valid UTF-8 after all: the usual Windows encoding
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace"), "cp1252"


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05
