"""The portal's Atom feed (progress notes of published conventions) and its sitemap."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from concorde.conventions.models import Update

from .scdl import public_deliberations
from .services import published


class PublishedUpdates(Feed):
    feed_type = Atom1Feed
    title = "Conventions publiées — points d'avancement"
    subtitle = "Les derniers points d'avancement des actions des conventions publiées."
    description = subtitle

    def link(self):
        return reverse("publication:portal")

    def items(self):
        return (
            Update.objects.filter(deleted_at__isnull=True, action__convention__in=published())
            .select_related("action__convention", "party")
            .order_by("-date", "-id")[:50]
        )

    def item_title(self, item):
        action = item.action
        return f"{action.number} {action.title}".strip() + f" — {action.convention.title}"

    def item_description(self, item):
        return f"{item.party.label} : {item.text}"

    def item_link(self, item):
        return reverse("publication:public-convention", args=[item.action.convention_id]) + f"#action-{item.action_id}"

    def item_pubdate(self, item):
        return timezone.make_aware(dt.datetime.combine(item.date, dt.time(12)))

    def item_updateddate(self, item):
        return item.created_at


class PublishedConventions(Sitemap):
    changefreq = "weekly"

    def items(self):
        return published().order_by("pk")

    def location(self, item):
        return reverse("publication:public-convention", args=[item.pk])


class PublishedDeliberations(Sitemap):
    changefreq = "monthly"

    def items(self):
        return public_deliberations()

    def location(self, item):
        return reverse("publication:public-deliberation", args=[item.pk])


class PortalPages(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["publication:portal", "publication:open-data"]

    def location(self, item):
        return reverse(item)
