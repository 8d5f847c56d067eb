"""The SCDL « deliberations » schema (v2.1.5): its columns and its rules, as French sentences.
Read when a collectivité's file is loaded (deliberations.open_data) and when ours are exported
(publication.scdl)."""

from __future__ import annotations

import re

from concorde.lib.identifiers import siret_is_valid

from . import nomenclature

FIELDS = [
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
]
REQUIRED = FIELDS[:7]
DATES = ("DELIB_DATE", "PREF_DATE")
COUNTS = ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION")

_LABELS = {
    "COLL_NOM": "collectivité",
    "COLL_SIRET": "SIRET de la collectivité",
    "DELIB_ID": "numéro de l'acte",
    "DELIB_DATE": "date de la séance",
    "DELIB_MATIERE_CODE": "matière ACTES",
    "DELIB_MATIERE_NOM": "matière ACTES",
    "DELIB_OBJET": "objet",
}


def problems(r: dict) -> list[str]:
    """The schema's rules on one row, as French sentences (empty: the row is valid)."""
    out = []
    missing = []
    for name in REQUIRED:
        if r.get(name) in (None, "") and _LABELS[name] not in missing:
            missing.append(_LABELS[name])
    if missing:
        out.append("à renseigner : " + ", ".join(missing))
    if r.get("COLL_SIRET") and not siret_is_valid(r["COLL_SIRET"]):
        out.append(f"SIRET {r['COLL_SIRET']} invalide (clé de contrôle)")
    if r.get("DELIB_MATIERE_CODE") and r["DELIB_MATIERE_CODE"] not in nomenclature.MATIERES:
        out.append(f"matière {r['DELIB_MATIERE_CODE']} absente de la nomenclature ACTES")
    if r.get("BUDGET_ANNEE") and not re.fullmatch(r"\d{4}(/\d{4})?", r["BUDGET_ANNEE"]):
        out.append("année du budget : AAAA ou AAAA/AAAA")
    elif r.get("BUDGET_ANNEE") and "/" in r["BUDGET_ANNEE"]:
        first, second = (int(y) for y in r["BUDGET_ANNEE"].split("/"))
        if second != first + 1:
            out.append("année du budget : AAAA/AAAA de deux années qui se suivent")
    if bool(r.get("BUDGET_ANNEE")) != bool(r.get("BUDGET_NOM")):
        out.append("année du budget et nom du budget vont ensemble")
    if r.get("PREF_DATE") and r.get("DELIB_DATE") and r["PREF_DATE"] < r["DELIB_DATE"]:
        out.append("la date de réception en préfecture précède la date de la séance")
    votes = [r.get("VOTE_POUR"), r.get("VOTE_CONTRE"), r.get("VOTE_ABSTENTION")]
    if r.get("VOTE_REEL") is not None and None not in votes and sum(votes) != r["VOTE_REEL"]:
        out.append(f"pour + contre + abstentions ({sum(votes)}) ≠ votants ({r['VOTE_REEL']})")
    if r.get("VOTE_EFFECTIF") is not None and r.get("VOTE_REEL") is not None and r["VOTE_REEL"] > r["VOTE_EFFECTIF"]:
        out.append(f"votants ({r['VOTE_REEL']}) > membres en exercice ({r['VOTE_EFFECTIF']})")
    for name in ("VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION"):
        if r.get("VOTE_REEL") is not None and r.get(name) is not None and r[name] > r["VOTE_REEL"]:
            out.append(f"{name} ({r[name]}) > votants ({r['VOTE_REEL']})")
    for name in ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION"):
        if r.get(name) is not None and r[name] < 0:
            out.append(f"{name} négatif")
    return out
