"""Open data downloads and the public deliberation page: no login, published data only."""

from __future__ import annotations

import json

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import files, opendata, scdl

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def open_data(request):
    export = scdl.export()
    return render(
        request,
        "publication/open_data.html",
        {
            "datasets": list(opendata.DATASETS.values()),
            "left_out": export.left_out,
        },
    )


def dataset(request, name: str, fmt: str):
    if name not in opendata.DATASETS or fmt not in FORMATS:
        raise Http404("Jeu de données inconnu.")
    return FileResponse(
        files.open_dataset(name, fmt), content_type=FORMATS[fmt], as_attachment=True, filename=f"concorde-{name}.{fmt}"
    )


def data_package(request):
    return HttpResponse(
        json.dumps(opendata.package(), ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )


def dataset_schema(request, name: str):
    if name not in opendata.DATASETS:
        raise Http404("Jeu de données inconnu.")
    return HttpResponse(
        json.dumps(opendata.schema(name), ensure_ascii=False, indent=1),
        content_type="application/schema+json; charset=utf-8",
    )


def public_deliberation(request, pk: int):
    deliberation = get_object_or_404(scdl.readable_deliberations(), pk=pk)
    row = scdl.row(deliberation)
    return render(
        request,
        "publication/deliberation.html",
        {
            "d": deliberation,
            "convention": deliberation.convention,
            "transmission": deliberation.transmission(),
            "problems": deliberation.arithmetic_problems() + deliberation.transmission_problems(),
            "scdl_problems": scdl.problems(row),
            "matter_name": row["DELIB_MATIERE_NOM"],
        },
    )
