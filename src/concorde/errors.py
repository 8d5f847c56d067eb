"""Error pages in French, with the site's own layout."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A forged or expired form: a French page, nothing changed."""
    return render(request, "403_csrf.html", status=403)
