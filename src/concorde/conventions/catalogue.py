"""The set of conventions that portfolios list changes only when a convention is validated or a
party accepts to take part: a stamp in the shared cache lets them keep their list until it moves."""

import time

from django.core.cache import cache

CATALOGUE = "conventions:catalogue"


def catalogue_changed() -> None:
    cache.set(CATALOGUE, time.time_ns(), None)
