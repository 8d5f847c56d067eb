"""A checker of Atom feeds against the MUST rules of RFC 4287, for the tests (no maintained
Python validator exists; the W3C one is Python 2): the document is well-formed XML in the Atom
namespace; the feed and each entry have exactly one id (an absolute IRI), one title and one
updated (an RFC 3339 date-time); entry ids are all different; each entry has an author or the
feed has one, and each author a name; a link has an href; an entry without content has an
alternate link. Returns the problems found, in words."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # our own output: no untrusted XML here
from urllib.parse import urlsplit

NS = "http://www.w3.org/2005/Atom"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _one(element, name: str, where: str, problems: list[str]):
    found = element.findall(f"{{{NS}}}{name}")
    if len(found) != 1:
        problems.append(f"{where} : {len(found)} élément(s) {name}, il en faut exactement un")
        return None
    return found[0]


def _check_common(element, where: str, problems: list[str]) -> str | None:
    ident = _one(element, "id", where, problems)
    _one(element, "title", where, problems)
    updated = _one(element, "updated", where, problems)
    if updated is not None and not _DATE.match((updated.text or "").strip()):
        problems.append(f"{where} : updated « {updated.text} » n'est pas une date RFC 3339")
    for author in element.findall(f"{{{NS}}}author"):
        if author.find(f"{{{NS}}}name") is None or not (author.findtext(f"{{{NS}}}name") or "").strip():
            problems.append(f"{where} : un auteur sans nom")
    for link in element.findall(f"{{{NS}}}link"):
        if not link.get("href"):
            problems.append(f"{where} : un lien sans href")
    if ident is None:
        return None
    value = (ident.text or "").strip()
    if not urlsplit(value).scheme:
        problems.append(f"{where} : id « {value} » n'est pas un IRI absolu")
    return value


def problems(document: bytes) -> list[str]:
    found: list[str] = []
    try:
        root = ET.fromstring(document)
    except ET.ParseError as exc:
        return [f"XML mal formé : {exc}"]
    if root.tag != f"{{{NS}}}feed":
        return [f"la racine est {root.tag}, pas atom:feed"]
    _check_common(root, "flux", found)
    feed_author = root.find(f"{{{NS}}}author") is not None
    ids = []
    for n, entry in enumerate(root.findall(f"{{{NS}}}entry"), 1):
        where = f"entrée {n}"
        ids.append(_check_common(entry, where, found))
        if not feed_author and entry.find(f"{{{NS}}}author") is None:
            found.append(f"{where} : ni elle ni le flux n'ont d'auteur")
        alternate = [link for link in entry.findall(f"{{{NS}}}link") if link.get("rel", "alternate") == "alternate"]
        if entry.find(f"{{{NS}}}content") is None and not alternate:
            found.append(f"{where} : sans contenu, il lui faut un lien alternate")
    seen = set()
    for ident in ids:
        if ident in seen:
            found.append(f"deux entrées partagent l'id « {ident} »")
        seen.add(ident)
    return found
