"""The REST API: public read of published conventions; members read and write under the same
policy as the pages (conventions.policy) and through the same rules (conventions.tracking)."""

import math

from django.core.exceptions import PermissionDenied
from django.db.models import Value
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Path, Router, Status
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.pagination import PageNumberPagination, paginate

from concorde.conventions import policy, tracking
from concorde.conventions.models import Action, Convention, Indicator, Measurement, with_status
from concorde.lib.errors import DomainError, NotAllowed
from concorde.publication import scdl
from concorde.search import service as search_service
from concorde.search.forms import SearchForm

from . import access, budget, governance
from . import schemas as s
from .auth import READ, WRITE
from .quota import WINDOW, Quota

api = NinjaAPI(
    title="API Concorde",
    version="1",
    urls_namespace="api",
    throttle=[Quota()],
    description="Conventions de coopération entre collectivités : lecture publique des conventions publiées ; "
    "lecture et écriture pour les membres des parties, avec un jeton (« Authorization: Bearer … ») "
    "ou la session du navigateur.",
)
router = Router()


class Pages(PageNumberPagination):
    """Pages of 50 (page_size up to 200); the page number bounded so its offset stays an integer."""

    class Input(PageNumberPagination.Input):
        page: s.Annotated[int, s.Field(ge=1, le=100_000)] = 1
        page_size: s.Annotated[int, s.Field(ge=1, le=200)] | None = None

    def __init__(self, **kwargs):
        super().__init__(page_size=50, max_page_size=200, **kwargs)


_conventions = access.conventions
_convention = access.convention
_member = access.member


def _show_budget(request, a: Action) -> Action:
    a.show_budget = a.convention.public_budgets or _member(request, a.convention)
    return a


@router.get(
    "/conventions",
    response=list[s.ConventionOut],
    auth=READ,
    tags=["conventions"],
    summary="Conventions visibles par l'appelant",
)
@paginate(Pages)
def conventions(
    request,
    q: s.Annotated[str, s.Field(max_length=200)] = "",
    statut: s.Annotated[
        str,
        s.Field(
            pattern="^(|" + "|".join(Convention.Status.values) + ")$",
            description="Situation du jour ; « in_force » : en vigueur aujourd'hui, reconduites et dénoncées "
            "non encore échues comprises.",
        ),
    ] = "",
):
    found = _conventions(request).prefetch_related("parties__organisation").order_by("pk")
    if statut:
        found = found.filter(with_status(statut, timezone.localdate()))
    if q.strip():  # the search's words (stemmed, accents off) over title, parties and clauses; no draft
        matching = search_service.conventions_matching(request.user, q.replace("\x00", ""))
        found = found.filter(pk__in=matching).exclude(status=Convention.Status.DRAFT)
    return found


@router.get(
    "/recherche",
    response={200: s.SearchOut, 400: s.Error},
    auth=READ,
    tags=["recherche"],
    summary="Rechercher dans tout ce que l'appelant peut lire",
    description="Conventions, axes, actions, indicateurs, réunions, délibérations et documents. Chaque mot est "
    'cherché sous toutes ses formes, accents ignorés ; « "…" » pour une expression, « -mot » pour exclure. '
    "Sans jeton : ce que le portail public montre. Facettes : nature, partenaire, theme, statut, annee.",
)
def search(
    request,
    q: s.Annotated[str, s.Field(min_length=1, max_length=200)],
    nature: str = "",
    partenaire: int | None = None,
    theme: str = "",
    statut: str = "",
    annee: int | None = None,
    page: s.Annotated[int, s.Field(ge=1, le=1000)] = 1,
):
    form = SearchForm(
        {"q": q, "nature": nature, "partenaire": partenaire, "theme": theme, "statut": statut, "annee": annee}
    )
    if not form.is_valid():
        problems = "; ".join(f"{name} : {' '.join(errors)}" for name, errors in form.errors.items())
        return Status(400, {"detail": f"Recherche refusée — {problems}"})
    found = search_service.search(request.user, form.cleaned_data["q"], form.filters(), page=page)
    return Status(
        200,
        {
            "requete": found.query.text,
            "total": found.total,
            "plus": found.capped,
            "page": found.page.number if found.page else 1,
            "pages": found.page.paginator.num_pages if found.page else 0,
            "resultats": [
                {
                    "nature": h.entry.kind,
                    "id": h.entry.object_id,
                    "titre": str(h.title),
                    "extrait": str(h.excerpt),
                    "url": request.build_absolute_uri(h.url),
                    "convention_id": h.entry.convention_id,
                    "convention": h.entry.convention.title if h.entry.convention else None,
                    "collectivite": h.entry.organisation_name,
                    "annee": h.entry.year,
                    "score": h.rank,
                }
                for h in found.hits
            ],
            "facettes": [
                {
                    "parametre": f.name,
                    "libelle": f.label,
                    "options": [
                        {"valeur": o.value, "libelle": o.label, "nombre": o.count, "choisi": o.selected}
                        for o in f.options
                    ],
                }
                for f in found.facets
            ],
        },
    )


@router.get("/conventions/{pk}", response={200: s.ConventionDetail, 404: s.Error}, auth=READ, tags=["conventions"])
def convention(request, pk: Path[s.Id]):
    return _convention(request, pk)


@router.get("/conventions/{pk}/actions", response=list[s.ActionOut], auth=READ, tags=["actions"])
@paginate(Pages)
def actions(request, pk: Path[s.Id]):
    c = _convention(request, pk)
    return c.actions.annotate(show_budget=Value(c.public_budgets or _member(request, c))).order_by("order", "pk")


_action = access.action


@router.get(
    "/conventions/{pk}/actions/{action_pk}", response={200: s.ActionOut, 404: s.Error}, auth=READ, tags=["actions"]
)
def action(request, pk: Path[s.Id], action_pk: Path[s.Id]):
    return _show_budget(request, _action(request, pk, action_pk))


@router.patch(
    "/conventions/{pk}/actions/{action_pk}",
    auth=WRITE,
    tags=["actions"],
    response={200: s.ActionOut, 400: s.Error, 403: s.Error, 404: s.Error, 409: s.StaleOut},
    summary="Mettre à jour le suivi d'une action (statut, avancement, dates)",
)
def update_action(request, pk: Path[s.Id], action_pk: Path[s.Id], patch: s.ActionPatch):
    a = _action(request, pk, action_pk)
    if not policy.can_track(request.user, a):
        raise PermissionDenied("Vous ne pilotez pas cette action.")
    fields = {
        "statut": "status",
        "avancement": "progress",
        "debut": "start_date",
        "fin_prevue": "end_date",
        "echeance": "due_date",
    }
    values = {fields[k]: v for k, v in patch.dict(exclude_unset=True).items() if k in fields}
    start, end = values.get("start_date", a.start_date), values.get("end_date", a.end_date)
    if start and end and end < start:
        return Status(400, {"detail": "La fin prévue précède le début."})
    try:
        saved = tracking.save_tracking(a.pk, patch.version, values, request.user)
    except tracking.StaleEdit as exc:
        return Status(409, {"detail": str(exc), "action": exc.current})
    return Status(200, saved)


@router.get("/conventions/{pk}/indicateurs", response=list[s.IndicatorOut], auth=READ, tags=["indicateurs"])
@paginate(Pages)
def indicators(request, pk: Path[s.Id]):
    return Indicator.objects.filter(
        action__convention=_convention(request, pk), action__archived_on__isnull=True
    ).order_by("action__order", "order", "pk")


def _indicator(request, indicator_pk: int) -> Indicator:
    indicator = get_object_or_404(
        Indicator.objects.select_related("action__convention"), pk=indicator_pk, action__archived_on__isnull=True
    )
    if not _conventions(request).filter(pk=indicator.action.convention_id).exists():
        raise Http404("Indicateur introuvable.")
    return indicator


@router.get(
    "/indicateurs/{indicator_pk}/mesures",
    response=list[s.MeasurementOut],
    auth=READ,
    tags=["indicateurs"],
    summary="Mesures d'un indicateur (le public ne voit que les mesures validées)",
)
@paginate(Pages)
def measurements(request, indicator_pk: Path[s.Id]):
    indicator = _indicator(request, indicator_pk)
    found = indicator.measurements.order_by("date", "pk")
    if not _member(request, indicator.action.convention):
        found = found.filter(status=Measurement.Status.VALIDATED)
    return found


@router.post(
    "/indicateurs/{indicator_pk}/mesures",
    auth=WRITE,
    tags=["indicateurs"],
    response={201: s.MeasurementOut, 400: s.Error, 403: s.Error, 404: s.Error},
    summary="Saisir une mesure (elle attend la validation de l'autre partie)",
)
def add_measurement(request, indicator_pk: Path[s.Id], data: s.MeasurementIn):
    indicator = _indicator(request, indicator_pk)
    parties = policy.writable_parties(request.user, indicator.action)
    if not parties or indicator.action.convention.is_draft:
        raise PermissionDenied("Vous ne pouvez pas saisir de mesure sur cette action.")
    if data.partie_id is not None:
        parties = [p for p in parties if p.pk == data.partie_id]
        if not parties:
            raise PermissionDenied("Vous n'écrivez pas au nom de cette partie.")
    elif len(parties) > 1:
        return Status(400, {"detail": "Préciser partie_id : vous écrivez au nom de plusieurs parties."})
    m = tracking.enter_measurement(indicator, parties[0], request.user, data.valeur, data.date, data.commentaire)
    return Status(201, m)


@router.post(
    "/mesures/{measurement_pk}/avis",
    auth=WRITE,
    tags=["indicateurs"],
    response={200: s.MeasurementOut, 400: s.Error, 403: s.Error, 404: s.Error},
    summary="Valider ou contester une mesure de l'autre partie",
)
def review(request, measurement_pk: Path[s.Id], data: s.ReviewIn):
    m = get_object_or_404(Measurement.objects.select_related("indicator__action__convention"), pk=measurement_pk)
    if not _conventions(request).filter(pk=m.indicator.action.convention_id).exists():
        raise Http404("Mesure introuvable.")
    if not policy.can_review_measurement(request.user, m):
        raise PermissionDenied("La validation revient à la coordination de l'autre partie.")
    saved = tracking.review_measurement(m, request.user, accept=data.decision == "valider", reason=data.motif)
    return Status(200, saved)


@router.get(
    "/deliberations",
    auth=READ,
    tags=["données ouvertes"],
    response=list[dict],
    summary="Délibérations des conventions publiées, au schéma SCDL",
)
@paginate(Pages)
def deliberations(request):
    return [{k: scdl.cell(v) if v is not None else None for k, v in row.items()} for row in scdl.export().rows]


api.add_router("/", router)
api.add_router("/", governance.router)
api.add_router("/", budget.router)


def _error(request, status: int, detail: str, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "Introuvable (ou non publié).")


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _error(request, 403, str(exc) or "Action non autorisée.")


@api.exception_handler(DomainError)
def refused(request, exc):
    return _error(request, 403 if isinstance(exc, NotAllowed) else 400, str(exc))


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    message = str(exc) if str(exc) != "Unauthorized" else "Authentification requise : jeton d'API ou session."
    return _error(request, 401, message)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return _error(
        request,
        422,
        "Données invalides.",
        erreurs=[
            {"champ": ".".join(str(x) for x in e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors
        ],
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    if isinstance(exc, Throttled):
        wait = math.ceil(exc.wait) if exc.wait else WINDOW
        return _error(
            request, 429, f"Trop de requêtes : le quota de cette minute est atteint, réessayer dans {wait} s."
        )
    detail = {403: "Contrôle CSRF refusé : utiliser un jeton d'API ou le formulaire du site."}.get(
        exc.status_code, str(exc)
    )
    return _error(request, exc.status_code, detail)
