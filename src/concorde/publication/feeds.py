"""The portal's Atom feed (progress notes of published conventions) and its sitemap."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from concorde.conventions.models import Update

from .scdl import public_deliberations
from .services import published


class _StableAtom(Atom1Feed):
    """Atom whose `updated`, for a feed without entries, is the last publication change rather
    than the time of rendering (a reader then sees nothing new when nothing is)."""

    def latest_post_date(self):
        if self.items:
            return super().latest_post_date()
        return self.feed.get("quiet_since") or super().latest_post_date()


class PublishedUpdates(Feed):
    feed_type = _StableAtom
    title = "Conventions publiées — points d'avancement"
    subtitle = "Les derniers points d'avancement des actions des conventions publiées."
    description = subtitle

    def link(self):
        return reverse("publication:portal")

    def author_name(self):
        return settings.CONCORDE_BRAND["name"]

    def feed_guid(self):
        return _tag("points-avancement")

    def feed_extra_kwargs(self, obj):
        last = published().aggregate(last=Max("validated_at"))["last"]
        return {"quiet_since": last}

    def items(self):
        return (
            Update.objects.filter(
                deleted_at__isnull=True, action__convention__in=published(), action__archived_on__isnull=True
            )
            .select_related("action__convention", "party")
            .order_by("-date", "-id")[:50]
        )

    def item_guid(self, item):
        # one id per progress note: two notes on one action share its link, never their id
        return _tag(f"point-{item.pk}")

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return item.party.label

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


def _tag(name: str) -> str:
    """A tag URI (RFC 4151) of this instance: stable whatever address the page was read from."""
    return f"tag:{urlsplit(settings.CONCORDE_BASE_URL).hostname or 'localhost'},2025:{name}"


class PublishedConventions(Sitemap):
    changefreq = "weekly"

    def items(self):
        # its last change: validation, or the last tracking write on one of its actions
        return published().annotate(last_tracked=Max("actions__updated_at")).order_by("pk")

    def lastmod(self, item):
        return max(d for d in (item.validated_at, item.last_tracked, item.created_at) if d)

    def location(self, item):
        return reverse("publication:public-convention", args=[item.pk])


class PublishedDeliberations(Sitemap):
    changefreq = "monthly"

    def items(self):
        return public_deliberations()

    def location(self, item):
        return reverse("publication:public-deliberation", args=[item.pk])

    def lastmod(self, item):
        return item.date


class PortalPages(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["publication:portal", "publication:open-data"]

    def location(self, item):
        return reverse(item)
