"""iCalendar (RFC 5545) feeds of deadlines: all-day events any calendar subscribes to.
Written by hand: a dozen lines of text do not justify a dependency."""
from __future__ import annotations

import datetime as dt
import hashlib

from .calendar import Deadline


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continued with a leading space (RFC 5545 §3.1)."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += char
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def feed(name: str, events: list[tuple[str, str, Deadline, str]], host: str, now: dt.datetime) -> str:
    """`events`: (key, title prefix, deadline, link), the key naming the convention. UIDs are
    stable, so a calendar moves an event when its date changes instead of duplicating it."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Concorde//Échéances des conventions//FR",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}"]
    stamp = now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for key, prefix, d, link in events:
        uid = hashlib.sha1(f"{key}|{d.kind}|{d.label}".encode()).hexdigest()
        summary = f"{prefix} — {d.label}" if prefix else d.label
        description = "\n".join(x for x in (d.detail, f"État : {d.state_label}", link) if x)
        lines += ["BEGIN:VEVENT", f"UID:{uid}@{host}", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{d.date:%Y%m%d}", f"DTEND;VALUE=DATE:{d.date + dt.timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{_escape(summary)}", f"DESCRIPTION:{_escape(description)}", f"URL:{link}",
                  "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join("\r\n".join(_fold(line)) + "\r\n" for line in lines)
