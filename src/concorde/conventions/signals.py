"""Signals of the plan, for the apps above that keep something in step with it."""

from django.dispatch import Signal

# Sent with convention_id after a convention's plan was written in bulk (an import, which saves
# its rows without their post_save): the search indexes the convention again whole.
plan_written = Signal()
