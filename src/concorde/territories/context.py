from django.conf import settings


def branding(request):
    """The collectivité's own name and colours for every page."""
    return {"brand": settings.CONCORDE_BRAND}
