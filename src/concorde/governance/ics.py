"""iCalendar (RFC 5545): feeds of deadlines, all-day events any calendar subscribes to; and the
invitation a convocation carries."""

from __future__ import annotations

import datetime as dt
import hashlib
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .calendar import Deadline

MEETING_LENGTH = dt.timedelta(hours=2)  # a convocation gives a start; calendars need an end


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
    cal.add_missing_timezones()  # the VTIMEZONE of the instance's zone, for the calendars that need it
    return cal.to_ical()


def invitation(meeting, seats, base_url: str, method: str = "REQUEST") -> bytes:
    """The calendar invitation sent with a convocation (METHOD:REQUEST): the meeting at its
    date and time (a day long when no time is set), its place, its agenda, its members invited;
    or its cancellation (METHOD:CANCEL). Its UID is the meeting's and its SEQUENCE the
    meeting's count of convocations, so a calendar moves or drops the event it already has."""
    host = urlsplit(base_url).hostname or "localhost"
    cal = Calendar()
    cal.add("prodid", "-//Concorde//Convocations//FR")
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", f"reunion-{meeting.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("sequence", meeting.convocation_sequence)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    if meeting.time:
        start = timezone.make_aware(dt.datetime.combine(meeting.date, meeting.time))
        event.add("dtstart", start)
        event.add("dtend", start + MEETING_LENGTH)
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    event.add("summary", f"{meeting.body} — {meeting.body.convention.title}")
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", meeting.agenda)
    event.add(
        "url", base_url.rstrip("/") + reverse("governance:meeting", args=[meeting.body.convention_id, meeting.pk])
    )
    event.add("organizer", vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or 'concorde@localhost'}"))
    for seat in seats:
        attendee = vCalAddress(f"mailto:{seat.email}")
        attendee.params["cn"] = vText(seat.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        if method == "REQUEST":  # a cancellation asks for no reply
            attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    cal.add_component(event)
    cal.add_missing_timezones()  # the VTIMEZONE of the instance's zone, for the calendars that need it
    return cal.to_ical()
