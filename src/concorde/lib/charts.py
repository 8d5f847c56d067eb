"""Charts drawn on the server as SVG (no script, readable without one): an indicator's values over
time against its baseline and target, and a timeline of spans and dated events in groups.

Pure functions of plain values. Every chart is an image with a title and a one-sentence
description; the page puts the table of the same figures beside it for screen readers. Colours
come from the page's stylesheet (classes), and nothing is told by colour alone: states are also
shapes and words."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 480
HEIGHT = 240
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 16, 16, 52
INSET = 8  # the first and last marks drawn whole, off the axes


def _nice(value: float) -> float:
    """The round number at or above `value` that an axis is read against (1, 1.2, 1.5, 2… 8 × 10ⁿ)."""
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if step * power >= value)


@dataclass
class Point:
    date: dt.date
    value: Decimal | float
    state: str  # "validated", "pending", "disputed"


def _number(value) -> str:
    value = float(value)
    text = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f").replace(".", ",")
    return text


def _svg(width: int, height: int, ident: str, title: str, desc: str, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(desc)}</desc>{"".join(body)}</svg>'
    )


def indicator_chart(
    ident: str,
    label: str,
    points: list[Point],
    *,
    unit: str = "",
    baseline=None,
    target=None,
) -> SafeString:
    """The values over time: validated ones joined by a line, the others as hollow marks; the
    baseline dashed, the target as a line named with its value."""
    points = sorted(points, key=lambda p: (p.date, p.state))
    unit_text = f" {unit}" if unit else ""
    values = [float(p.value) for p in points] + [float(v) for v in (baseline, target) if v is not None]
    bottom = min(values + [0.0])
    top = _nice(max(values + [0.0]) * 1.05 or 1.0)
    first = points[0].date if points else dt.date.today()
    last = points[-1].date if points else first
    if first == last:
        first, last = first - dt.timedelta(days=15), last + dt.timedelta(days=15)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT - 2 * INSET
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def x(day: dt.date) -> float:
        return MARGIN_LEFT + INSET + plot_w * (day - first).days / (last - first).days

    def y(value) -> float:
        return MARGIN_TOP + plot_h * (1 - (float(value) - bottom) / (top - bottom))

    body = [
        f'<line class="chart-axis" x1="{MARGIN_LEFT}" y1="{y(bottom):.1f}" x2="{WIDTH - MARGIN_RIGHT}" y2="{y(bottom):.1f}"/>',
        f'<line class="chart-axis" x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{MARGIN_LEFT}" y2="{y(bottom):.1f}"/>',
    ]
    for tick in (bottom, (bottom + top) / 2, top):
        body.append(
            f'<text class="chart-tick" x="{MARGIN_LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{_number(tick)}</text>'
        )
    base_y = HEIGHT - MARGIN_BOTTOM + 18
    body.append(f'<text class="chart-tick" x="{MARGIN_LEFT}" y="{base_y}">{first:%d/%m/%Y}</text>')
    body.append(
        f'<text class="chart-tick" x="{WIDTH - MARGIN_RIGHT}" y="{base_y}" text-anchor="end">{last:%d/%m/%Y}</text>'
    )
    for value, name, css in ((baseline, "Référence", "chart-baseline"), (target, "Cible", "chart-target")):
        if value is None:
            continue
        body.append(
            f'<line class="{css}" x1="{MARGIN_LEFT}" y1="{y(value):.1f}" x2="{WIDTH - MARGIN_RIGHT}" y2="{y(value):.1f}"/>'
            f'<text class="chart-note" x="{WIDTH - MARGIN_RIGHT - 4}" y="{y(value) - 5:.1f}" text-anchor="end">'
            f"{name} : {_number(value)}{escape(unit_text)}</text>"
        )
    validated = [p for p in points if p.state == "validated"]
    if len(validated) > 1:
        path = " ".join(f"{x(p.date):.1f},{y(p.value):.1f}" for p in validated)
        body.append(f'<polyline class="chart-line" points="{path}"/>')
    for p in points:
        cx, cy = x(p.date), y(p.value)
        tip = f"{p.date:%d/%m/%Y} : {_number(p.value)}{unit_text} ({STATE_WORDS.get(p.state, p.state)})"
        if p.state == "disputed":
            mark = f'<path class="chart-mark chart-mark-{p.state}" d="M{cx - 5:.1f},{cy - 5:.1f}l10,10m0,-10l-10,10"/>'
        else:
            mark = f'<circle class="chart-mark chart-mark-{p.state}" cx="{cx:.1f}" cy="{cy:.1f}" r="5"/>'
        body.append(f"<g>{mark}<title>{escape(tip)}</title></g>")
    legend_y = HEIGHT - 10
    body.append(
        f'<circle class="chart-mark chart-mark-validated" cx="{MARGIN_LEFT + 5}" cy="{legend_y - 4}" r="4"/>'
        f'<text class="chart-tick" x="{MARGIN_LEFT + 14}" y="{legend_y}">validée</text>'
        f'<circle class="chart-mark chart-mark-pending" cx="{MARGIN_LEFT + 85}" cy="{legend_y - 4}" r="4"/>'
        f'<text class="chart-tick" x="{MARGIN_LEFT + 94}" y="{legend_y}">à valider</text>'
        f'<path class="chart-mark chart-mark-disputed" d="M{MARGIN_LEFT + 171},{legend_y - 8}l8,8m0,-8l-8,8"/>'
        f'<text class="chart-tick" x="{MARGIN_LEFT + 184}" y="{legend_y}">contestée</text>'
    )
    return _svg(
        WIDTH, HEIGHT, ident, f"Évolution de l'indicateur « {label} »", _describe(points, unit_text, target), body
    )


STATE_WORDS = {"validated": "validée", "pending": "à valider", "disputed": "contestée"}


def _describe(points: list[Point], unit_text: str, target) -> str:
    if not points:
        return "Aucune mesure." + (f" Cible : {_number(target)}{unit_text}." if target is not None else "")
    last = points[-1]
    text = (
        f"{len(points)} mesure(s) du {points[0].date:%d/%m/%Y} au {last.date:%d/%m/%Y} ; "
        f"la dernière : {_number(last.value)}{unit_text} ({STATE_WORDS.get(last.state, last.state)})"
    )
    if target is not None:
        text += f", pour une cible de {_number(target)}{unit_text}"
    return text + ". Les valeurs sont dans le tableau qui suit."


# --- Timelines -----------------------------------------------------------------------------

ROW = 34
LABEL_GAP = 14
TIMELINE_WIDTH = 720
SIDE = 12
MAX_LABEL = 100
CHAR_WIDTH = 6.6  # of a 12 px label, on average


@dataclass
class Item:
    """A span (start and end) or an event (start only) on a timeline, with the words that say its
    state (shown in the label, not only by the colour of its class)."""

    label: str
    start: dt.date | None
    end: dt.date | None = None
    state: str = ""  # words: « En cours », « En retard »
    css: str = ""  # a class for its colour: « late », « done »…


@dataclass
class Group:
    title: str
    items: list[Item] = field(default_factory=list)


def timeline(ident: str, title: str, groups: list[Group], today: dt.date) -> SafeString:
    """Groups of items along one time axis (years marked), today drawn across."""
    dated = [i for g in groups for i in g.items if i.start]
    days = [d for i in dated for d in (i.start, i.end) if d] + [today]
    first, last = min(days), max(days)
    first = dt.date(first.year, 1, 1)
    last = dt.date(last.year + 1, 1, 1)
    span = (last - first).days or 1
    plot_w = TIMELINE_WIDTH - 2 * SIDE

    def x(day: dt.date) -> float:
        return SIDE + plot_w * (day - first).days / span

    groups = [g for g in groups if any(i.start for i in g.items)]  # the table lists the others
    rows = sum(1 + len([i for i in g.items if i.start]) for g in groups)
    height = 30 + rows * ROW + 10
    body = []
    for year in range(first.year, last.year + 1):
        gx = x(dt.date(year, 1, 1))
        body.append(f'<line class="chart-grid" x1="{gx:.1f}" y1="22" x2="{gx:.1f}" y2="{height - 6}"/>')
        if year < last.year:
            body.append(f'<text class="chart-tick" x="{gx + 4:.1f}" y="16">{year}</text>')
    tx = x(today)  # drawn under the labels, which keep a halo over it
    body.append(f'<line class="chart-today" x1="{tx:.1f}" y1="22" x2="{tx:.1f}" y2="{height - 6}"/>')
    y = 30
    for group in groups:
        body.append(f'<text class="chart-group" x="{SIDE}" y="{y + 18}">{escape(group.title)}</text>')
        y += ROW
        for item in group.items:
            if not item.start:
                continue
            words = f"{item.label} — {item.state}" if item.state else item.label
            dates = f"{item.start:%d/%m/%Y}" + (
                f" → {item.end:%d/%m/%Y}" if item.end and item.end != item.start else ""
            )
            full, words = words, (words if len(words) <= MAX_LABEL else words[: MAX_LABEL - 1] + "…")
            # above its bar, moved left as far as needed to stay inside the chart
            label_x = max(SIDE, min(x(item.start), TIMELINE_WIDTH - SIDE - len(words) * CHAR_WIDTH))
            body.append(f'<text class="chart-label" x="{label_x:.1f}" y="{y + LABEL_GAP - 2}">{escape(words)}</text>')
            bar_y = y + LABEL_GAP + 2
            css = f" chart-{item.css}" if item.css else ""
            if item.end and item.end > item.start:
                width = max(x(item.end) - x(item.start), 3)
                body.append(
                    f'<g><rect class="chart-bar{css}" x="{x(item.start):.1f}" y="{bar_y}" width="{width:.1f}" height="10" rx="2"/>'
                    f"<title>{escape(full)} : {dates}</title></g>"
                )
            else:
                cx = x(item.start)
                body.append(
                    f'<g><path class="chart-event{css}" d="M{cx:.1f},{bar_y - 1}l6,6l-6,6l-6,-6z"/>'
                    f"<title>{escape(full)} : {dates}</title></g>"
                )
            y += ROW
    body.append(f'<text class="chart-note" x="{tx + 4:.1f}" y="{height - 8}">aujourd\u2019hui</text>')
    count = len(dated)
    desc = f"{count} élément(s) de {first.year} à {last.year - 1}. Les dates sont dans le tableau qui suit."
    return _svg(TIMELINE_WIDTH, height, ident, title, desc, body)
