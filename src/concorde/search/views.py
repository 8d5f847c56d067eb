"""The results page (members and public alike) and the portal's own public search."""

from __future__ import annotations

from django.shortcuts import render

from . import service
from .forms import SearchForm


def results(request):
    return _page(request, public=not request.user.is_authenticated)


def public_results(request):
    """The portal's search: what the public finds, whoever asks."""
    return _page(request, public=True)


def _page(request, *, public: bool):
    form = SearchForm(request.GET)
    found = None
    if form.is_valid() and form.cleaned_data["q"]:
        found = service.search(
            request.user, form.cleaned_data["q"], form.filters(), public=public, page=form.cleaned_data["page"] or 1
        )
    kept = request.GET.copy()  # the words and facets, kept in every link of the page
    kept.pop("page", None)
    if found:
        _link_facets(kept, found)
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "found": found,
            "public": public,
            "kept": kept.urlencode(),
            # the facets the form accepted, carried by a new search (a refused one is dropped)
            "kept_facets": [
                (name, request.GET[name])
                for name in form.fields
                if name not in ("q", "page") and request.GET.get(name) and name not in form.errors
            ],
        },
        status=200 if form.is_valid() else 400,
    )


def _link_facets(kept, found) -> None:
    """Each facet option's URL: the same search with it chosen (or, chosen, taken off)."""
    for facet in found.facets:
        for option in facet.options:
            params = kept.copy()
            if option.selected:
                params.pop(facet.name, None)
            else:
                params[facet.name] = option.value
            option.url = "?" + params.urlencode()
