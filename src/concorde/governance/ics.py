"""iCalendar (RFC 5545) feeds of deadlines: all-day events any calendar subscribes to."""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Calendar, Event

from .calendar import Deadline


def feed(name: str, events: list[tuple[str, str, Deadline, str]], host: str, now: dt.datetime) -> bytes:
    """`events`: (key, title prefix, deadline, link), the key naming the convention. UIDs are
    stable, so a calendar moves an event when its date changes instead of duplicating it."""
    cal = Calendar()
    cal.add("prodid", "-//Concorde//Échéances des conventions//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for key, prefix, d, link in events:
        event = Event()
        event.add("uid", hashlib.sha1(f"{key}|{d.kind}|{d.label}".encode()).hexdigest() + f"@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", d.date)
        event.add("dtend", d.date + dt.timedelta(days=1))
        event.add("summary", f"{prefix} — {d.label}" if prefix else d.label)
        event.add("description", "\n".join(x for x in (d.detail, f"État : {d.state_label}", link) if x))
        event.add("url", link)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
