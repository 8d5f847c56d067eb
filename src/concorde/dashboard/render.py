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


def no_rows(parties: int) -> str:
    return mark_safe(f'<tr><td colspan="{5 + parties}">Aucune action ne correspond aux filtres.</td></tr>')


def action_url_prefix(convention) -> str:
    return reverse("action", args=[convention.pk, 0])[:-2]  # '/conventions/<pk>/actions/'


def action_row(a, action_url: str) -> str:
    """One action's row of the table (the action carries what queries.dashboard added)."""
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
    return format_html(
        '<tr class="{}"><th scope="row" class="depth-{}"><a href="{}{}/">{}</a><br><span class="muted">Axe {}</span></th>'
        '<td><span class="status status-{}">{}</span>{}</td>'
        '<td><progress max="100" value="{}" aria-label="Avancement">{} %</progress> {} %</td>{}<td>{}</td><td>{}</td></tr>',
        "is-late" if a.late else "", a.depth, action_url, a.pk, title, a.axis.number, a.status, a.get_status_display(),
        mark_safe(late), progress, progress, progress, mark_safe(pilots),
        mark_safe("".join(indicators) or '<span class="muted">—</span>'), mark_safe(last))


def action_table(party_labels: list[str], rows_html: list[str]) -> str:
    """The table of actions around its rows (rows_html: action_row's, possibly filtered)."""
    heads = "".join(f'<th scope="col">Pilote {escape(label)}</th>' for label in party_labels)
    body = "\n".join(rows_html) if rows_html else no_rows(len(party_labels))
    return mark_safe(
        f'<section aria-labelledby="titre-actions"><h2 id="titre-actions">Actions ({len(rows_html)})</h2>\n'
        '<div class="table-wrap">\n<table class="data">\n'
        '  <caption class="visually-hidden">Actions de la convention avec leur statut, leurs pilotes et leurs indicateurs</caption>\n'
        '  <thead><tr><th scope="col">Action</th><th scope="col">Statut</th><th scope="col">Avancement</th>'
        f'{heads}<th scope="col">Indicateurs (dernière valeur / cible)</th><th scope="col">Dernier point</th></tr></thead>\n'
        f'  <tbody>\n{body}\n  </tbody>\n</table>\n</div>\n</section>\n')


def _options(choices, chosen: str, empty: str) -> str:
    options = [f'<option value="">{empty}</option>']
    for value, label in choices:
        selected = " selected" if str(value) == chosen else ""
        options.append(f'<option value="{escape(value)}"{selected}>{escape(label)}</option>')
    return "".join(options)


def filter_form(dashboard_url: str, axes, statuses, parties, values, since) -> str:
    """The filters of the dashboard, showing the values asked (a query string, or {}).
    Written out rather than rendered by the form renderer: it is built on every filtered view."""
    def field(name: str, label: str, control: str) -> str:
        return f'  <p><label for="id_{name}">{label}</label>{control}</p>\n'

    v = {key: values.get(key, "") for key in ("axis", "status", "party", "pilot", "late")}
    return mark_safe(
        '<section aria-labelledby="titre-filtres"><h2 id="titre-filtres">Filtrer</h2>\n<form method="get" class="filters">\n'
        + field("axis", "Axe", f'<select name="axis" id="id_axis">{_options(axes, v["axis"], "Tous")}</select>')
        + field("status", "Statut", f'<select name="status" id="id_status">{_options(statuses, v["status"], "Tous")}</select>')
        + field("party", "Partie pilote", f'<select name="party" id="id_party">{_options(parties, v["party"], "Toutes")}</select>')
        + field("pilot", "Service pilote", f'<input type="text" name="pilot" id="id_pilot" maxlength="100" value="{escape(v["pilot"])}">')
        + field("late", "En retard seulement", f'<input type="checkbox" name="late" id="id_late"{" checked" if v["late"] else ""}>')
        + field("since", "Changements depuis le", f'<input type="date" name="since" id="id_since" value="{since:%Y-%m-%d}">')
        + f'  <p><button type="submit">Filtrer</button> <a href="{escape(dashboard_url)}">Tout afficher</a></p>\n</form>\n</section>\n')
