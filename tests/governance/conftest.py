"""A fixed clock for the governance tests: every date they compute (deadlines, meetings, reminders,
evaluations) starts from TODAY, and so does the code under test, whatever day the suite runs on.
CONCORDE_TEST_TODAY=2028-02-29 (or 2026-12-31 …) runs them on another day, to check that none
depends on the day of the year."""

import datetime as dt
import os
import zoneinfo

import pytest
import time_machine
from django.conf import settings

TODAY = dt.date.fromisoformat(os.environ.get("CONCORDE_TEST_TODAY") or "2026-11-20")


@pytest.fixture(autouse=True)
def _fixed_clock():
    """The clock at TODAY, 10:00 in the instance's time zone; it moves on from there (records
    stamped one after the other keep their order)."""
    start = dt.datetime.combine(TODAY, dt.time(10), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(start, tick=True):
        yield
