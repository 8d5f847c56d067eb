"""A council deliberation: sitting, attendance, proxies, votes, prefecture transmission."""
from __future__ import annotations

import re

from .numbers import fold, parse_french_date
from .text import Line

CIV = r"(?:Monsieur|Madame|M\.|Mme|MM\.|Mmes|Mlle)"
NAME = r"[A-ZÉÈÀÂÎÔÇ][\w’'\-]+(?:\s+(?:[A-ZÉÈÀÂÎÔÇ][\w’'\-]+|de|du|des|d['’]\w+|le|la|van|von))*"
ACTES_ID = re.compile(r"\b(\d{3}-\d{9}-\d{8}-[A-Za-z0-9_.]+-(?:DE|AR|AI|CC|AU|BF|AD)(?:-\d+-\d+)?)\b")
SIGNS = re.compile(r"nombre\s+de\s+votants|[ée]taient\s+pr[ée]sents|secr[ée]taire\s+de\s+s[ée]ance|apr[èe]s\s+en\s+avoir\s+d[ée]lib[ée]r[ée]|s[ée]ance\s+du\s+conseil", re.I)


_SIGN_WORDS = ("nombre de votants", "taient présents", "taient presents", "secrétaire de séance", "secretaire de seance",
               "après en avoir délibéré", "apres en avoir delibere", "séance du conseil", "seance du conseil")


def is_deliberation(text: str) -> bool:
    head = text[:8000].lower()  # a deliberation opens the document it is in
    return sum(1 for w in _SIGN_WORDS if w in head) >= 2


_CLOSING = re.compile(r"^(?:fait\s+[àa]|d[ée]lib[ée]r[ée]\s+en\s+s[ée]ance|ainsi\s+fait|pour\s+extrait\s+conforme)", re.I)


def end_index(lines: list[Line]) -> int:
    """Index of the first line after the deliberation (its closing formula and signature)."""
    last = None
    for i, line in enumerate(lines):
        if line.low.startswith(("fait", "délib", "delib", "ainsi", "pour extrait")) and _CLOSING.match(line.text):
            last = i
    if last is None:
        return 0
    # the signature lines that follow the closing formula belong to the deliberation
    i = last + 1
    while i < len(lines) and i <= last + 6 and len(lines[i].text) < 60:
        i += 1
    return i


def _name(text: str) -> str:
    text = re.sub(r"^\s*" + CIV + r"\s+", "", text.strip(" .,;:"))
    return re.sub(r",\s*(?:Pr[ée]sident|Maire|Pr[ée]sidente)\b.*$", "", text).strip(" .,")


def _count(rx: str, text: str) -> int | None:
    m = re.search(r"(?:" + rx + r")\s*:\s*(\d+)", text, re.I)
    return int(m.group(1)) if m else None


def parse(lines: list[Line], warnings: list, document: list[Line] | None = None) -> dict:
    """Read the deliberation from its lines; the transmission block, repeated as page
    furniture, may stand anywhere in the document."""
    text = "\n".join(x.text for x in lines)
    whole = "\n".join(x.text for x in document) if document else text
    out: dict = {"body": None, "date": None, "act_number": None, "object": None, "president": None, "secretary": None,
                 "present_count": None, "proxies": [], "absent_count": None, "voters": None, "for": None, "against": None,
                 "abstentions": None, "transmission_id": None, "prefecture_ack_date": None, "convocation_date": None}
    m = re.search(r"(?:le|la)\s+(conseil\s+(?:de\s+territoire|municipal|d[ée]partemental|r[ée]gional|de\s+Paris|m[ée]tropolitain|communautaire|syndical)[^,\n]*?)\s+s['’]est\s+r[ée]uni", text, re.I)
    if m:
        out["body"] = m.group(1).strip()
    m = re.search(r"s[ée]ance\s+du\s+.{0,60}?\bdu\s+(\d{1,2}(?:er)?\s+\w+\s+\d{4})", text, re.I | re.S)
    date = parse_french_date(m.group(1)) if m else None
    out["date"] = date.isoformat() if date else None
    m = re.search(r"N\s*°\s*([A-Z]{0,4}\d[\w./\-]*)", text) or re.search(r"num[ée]ro\s+de\s+l['’]acte\s*\t?\s*(\S+)", text, re.I)
    if m:
        out["act_number"] = m.group(1).rstrip(".")
    m = re.search(r"^OBJET\s*:\s*(.+)$", text, re.I | re.M)
    if m:
        out["object"] = m.group(1).strip()
    m = re.search(r"sous\s+la\s+pr[ée]sidence\s+de\s+" + CIV + r"?\s*(" + NAME + ")", text)
    if m:
        out["president"] = _name(m.group(1))
    m = re.search(r"secr[ée]taire\s+de\s+s[ée]ance\s*:\s*(.+)", text, re.I)
    if m:
        out["secretary"] = _name(m.group(1))
    present = re.search(r"[ée]taient\s+pr[ée]sents(.*?)(?=[ée]taient\s+absents|absents?\s+(?:repr[ée]sent|excus)|secr[ée]taire\s+de\s+s[ée]ance|$)", text, re.I | re.S)
    if present:
        out["present_count"] = len(re.findall(r"\b" + CIV + r"\s+[A-ZÉ]", present.group(1)))
    proxies = re.search(r"(?:absents?\s+repr[ée]sent[ée]s|ayant\s+donn[ée]\s+pouvoir)[^:\n]*:\s*(.*?)(?=\n\s*(?:[ée]taient|absents?|secr[ée]taire|nombre)|$)", text, re.I | re.S)
    if proxies:
        for pair in re.split(r",\s*(?=" + CIV + r")|\n", proxies.group(1)):
            mm = re.match(r"\s*" + CIV + r"\s+(.+?)\s+(?:à|a donné pouvoir à|représenté\(e\) par|par)\s+" + CIV + r"\s+(.+?)\s*[.,;]?\s*$", pair)
            if mm:
                out["proxies"].append([_name(mm.group(1)), _name(mm.group(2))])
    absent = re.search(r"absents?\s+excus[ée]s[^:\n]*:\s*(.*?)(?=\n\s*(?:[ée]taient|secr[ée]taire|nombre)|$)", text, re.I | re.S)
    if absent:
        out["absent_count"] = len(re.findall(r"\b" + CIV + r"\s+[A-ZÉ]", absent.group(1)))
    out["voters"] = _count(r"nombre\s+de\s+votants", text)
    out["for"] = _count(r"votes?\(?s?\)?\s+pour|\bpour\b", text)
    out["against"] = _count(r"votes?\(?s?\)?\s+contre|\bcontre\b", text)
    out["abstentions"] = _count(r"abstentions?\(?s?\)?", text)
    m = ACTES_ID.search(whole)
    if m:
        out["transmission_id"] = m.group(1)
    m = re.search(r"accus[ée]\s+(?:de\s+)?r[ée]ception\s+(?:le|du)\s*\t?\s*(\d{1,2}/\d{1,2}/\d{2,4})", whole, re.I)
    if m:
        d = parse_french_date(m.group(1))
        out["prefecture_ack_date"] = d.isoformat() if d else None
    m = re.search(r"convoqu[ée]e?\s+le\s+(\d{1,2}(?:er)?\s+\w+\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4})", text, re.I)
    if m:
        d = parse_french_date(m.group(1))
        out["convocation_date"] = d.isoformat() if d else None
    check(out, warnings)
    return out


def check(d: dict, warnings: list) -> None:
    """Vote arithmetic: present + proxies = voters; for + against + abstentions = voters."""
    where = "Délibération"
    if d["present_count"] is not None and d["voters"] is not None:
        total = d["present_count"] + len(d["proxies"])
        if total != d["voters"]:
            warnings.append({"message": f"Présents ({d['present_count']}) + pouvoirs ({len(d['proxies'])}) = {total}, "
                             f"mais le nombre de votants indiqué est {d['voters']}", "line": None, "where": where})
    votes = [d["for"], d["against"], d["abstentions"]]
    if d["voters"] is not None and None not in votes and sum(votes) != d["voters"]:
        warnings.append({"message": f"Pour ({d['for']}) + contre ({d['against']}) + abstentions ({d['abstentions']}) = {sum(votes)}, "
                         f"mais le nombre de votants indiqué est {d['voters']}", "line": None, "where": where})
    for field in ("date", "voters", "act_number"):
        if d[field] is None:
            warnings.append({"message": f"Délibération : champ « {field} » non trouvé", "line": None, "where": where})
    if d["date"] and d["prefecture_ack_date"] and d["prefecture_ack_date"] < d["date"]:
        warnings.append({"message": "L'accusé de réception préfectoral précède la date de la séance", "line": None, "where": where})
    holders = {fold(p[1]) for p in d["proxies"]}
    if len(holders) and d["present_count"] is not None and len(d["proxies"]) > d["present_count"]:
        warnings.append({"message": "Plus de pouvoirs que de présents", "line": None, "where": where})
