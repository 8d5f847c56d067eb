"""The dashboard's action rows, rendered in Python: on a 40-action convention the template
loops cost more than everything else in the request."""
from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

MEASURE_STATE = {"pending": "à valider", "disputed": "contestée", "validated": "validée"}


def number(value) -> str:
    """12 -> '12', 12.5 -> '12,50' (French decimal comma, like floatformat:'-2')."""
    if value is None:
        return "—"
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{int(value)}"
    return f"{value:.2f}".replace(".", ",")


def action_rows(rows, convention, parties) -> str:
    if not rows:
        return mark_safe(f'<tr><td colspan="{5 + len(parties)}">Aucune action ne correspond aux filtres.</td></tr>')
    action_url = reverse("action", args=[convention.pk, 0])[:-2]  # '/conventions/<pk>/actions/'
    out = []
    for a in rows:
        progress = int(round(a.rolled_progress or 0))
        title = f"{a.number} — {a.title}" if a.number else a.title
        late = ' <span class="badge">échéance dépassée</span>' if a.late and a.status != "late" else ""
        pilots = "".join(f"<td>{escape(service or '—')}</td>" for _, service in a.pilot_list)
        indicators = []
        for ind, latest in a.latest:
            if latest:
                target = f" / {number(ind.target_value)}" if ind.target_value is not None else ""
                value = (f"<strong>{number(latest.value)}</strong>{target} <span class=\"muted\">({latest.date:%d/%m/%Y}, "
                         f"{MEASURE_STATE.get(latest.status, '')})</span>")
            else:
                value = '<span class="muted">aucune mesure</span>'
            indicators.append(f"<div>{escape(Truncator(ind.label).chars(60))} : {value}</div>")
        last = (f"{a.last_update_date:%d/%m/%Y} — {escape(Truncator(a.last_update_text or '').chars(80))}"
                if a.last_update_date else '<span class="muted">—</span>')
        out.append(format_html(
            '<tr class="{}"><th scope="row" class="depth-{}"><a href="{}{}/">{}</a><br><span class="muted">Axe {}</span></th>'
            '<td><span class="status status-{}">{}</span>{}</td>'
            '<td><progress max="100" value="{}" aria-label="Avancement">{} %</progress> {} %</td>{}<td>{}</td><td>{}</td></tr>',
            "is-late" if a.late else "", a.depth, action_url, a.pk, title, a.axis.number, a.status, a.get_status_display(),
            mark_safe(late), progress, progress, progress, mark_safe(pilots),
            mark_safe("".join(indicators) or '<span class="muted">—</span>'), mark_safe(last)))
    return mark_safe("\n".join(out))
