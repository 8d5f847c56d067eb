"""A readable outline of an extraction, with its warnings (for `concorde extract --format text`)."""

from __future__ import annotations


def render(d: dict) -> str:
    out = [f"Document : {d['document']} ({d['kind']})", f"Titre : {d.get('title') or '—'}"]
    period = d.get("period") or {}
    if period.get("start_year"):
        out.append(f"Période : {period['start_year']}–{period['end_year']}")
    out.append("Parties :")
    for p in d.get("parties") or []:
        extra = ", ".join(x for x in (p.get("represented_by"), p.get("signatory")) if x)
        out.append(f"  - {p['name']} ({p['kind']}){' — ' + extra if extra else ''}")
    dur = d.get("duration") or {}
    if dur.get("text") or dur.get("years"):
        renewal = dur.get("tacit_renewal")
        out.append(
            f"Durée : {dur.get('years') or '?'} ans"
            + (f", reconduction tacite {renewal.get('times') or '?'} × {renewal.get('years')} ans" if renewal else "")
            + (f", préavis {dur['notice_months']} mois" if dur.get("notice_months") else "")
            + (
                f", résiliation pour manquement {dur['termination_for_breach_days']} jours après mise en demeure"
                if dur.get("termination_for_breach_days")
                else ""
            )
        )
    for b in d.get("governance") or []:
        out.append(f"Instance : {b['label']} — {b.get('min_meetings_per_year') or '?'} réunion(s) par an minimum")
    ev = d.get("evaluation") or {}
    if ev.get("annual") or ev.get("criteria") or ev.get("dashboard_deadline_months"):
        out.append(
            f"Évaluation : {'annuelle' if ev.get('annual') else '—'}"
            + (
                f", tableau de bord sous {ev['dashboard_deadline_months']} mois"
                if ev.get("dashboard_deadline_months")
                else ""
            )
            + (f", {len(ev['criteria'])} critère(s)" if ev.get("criteria") else "")
        )
    out.append("Plan :")
    for axis in d.get("axes") or []:
        out.append(f"  Axe {axis.get('number') or ''} — {axis['title']}")
        for action in axis.get("actions") or []:
            _action(action, out, 2)
    if d.get("deliberation"):
        dl = d["deliberation"]
        out.append(
            f"Délibération {dl.get('act_number') or ''} du {dl.get('date') or '?'} : {dl.get('present_count')} présents, "
            f"{len(dl.get('proxies') or [])} pouvoirs, {dl.get('voters')} votants, {dl.get('for')} pour, "
            f"{dl.get('against')} contre, {dl.get('abstentions')} abstentions ; @ctes {dl.get('transmission_id') or '—'}"
        )
    warnings = d.get("warnings") or []
    out.append(f"Points à vérifier ({len(warnings)}) :" if warnings else "Points à vérifier : aucun")
    out.extend(f"  ! {w}" for w in warnings)
    return "\n".join(out) + "\n"


def _action(a: dict, out: list[str], depth: int) -> None:
    pad = "  " * depth
    out.append(f"{pad}- {a.get('number') or '•'} {a['title']}")
    fields = a.get("fields") or {}
    for key, label in (
        ("delai", "délai"),
        ("budget", "budget"),
        ("partenaires", "partenaires"),
        ("indicateurs", "indicateurs"),
    ):
        if fields.get(key):
            out.append(f"{pad}    {label} : {fields[key]}")
    for party, service in (fields.get("pilotes") or {}).items():
        out.append(f"{pad}    pilote {party} : {service}")
    if a.get("engagements"):
        out.append(f"{pad}    {len(a['engagements'])} engagement(s)")
    for child in a.get("children") or []:
        _action(child, out, depth + 1)
