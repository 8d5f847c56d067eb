"""The factories build what the importer builds: the demo convention made with the ORM is, record
for record, the demo document imported and validated. The one test that ties the two; when the
importer changes what it reads, it fails here, and tests.factories.DEMO follows."""

from django.forms.models import model_to_dict

from concorde.conventions.models import Convention
from concorde.territories.models import Service

SKIP = {
    "id",
    "convention",
    "created_by",
    "validated_at",
    "validated_by",
    "consent_at",
    "consent_by",
    "invited_at",
    "action",
    "axis",
    "parent",
    "organisation",
}


def _fields(obj, *also_skip):
    return {k: v for k, v in model_to_dict(obj).items() if k not in SKIP and k not in also_skip}


def _shape(c: Convention) -> dict:
    actions = list(c.actions.order_by("order"))
    number = {a.pk: a.number for a in actions}
    return {
        "convention": _fields(c, "owner", "data_version", "progress"),
        "owner": c.owner.name,
        "parties": [(_fields(p), p.organisation.name) for p in c.parties.all()],
        "axes": [_fields(a) for a in c.axes.all()],
        "actions": [
            (
                _fields(a),
                a.axis.number,
                number.get(a.parent_id),
                [
                    (
                        _fields(p, "services", "users", "party", "unsettled"),
                        p.party.label if p.party else None,
                        sorted(s.name for s in p.services.all()),
                        [u["label"] for u in p.unsettled],
                        [u["parent"] is not None for u in p.unsettled],
                    )
                    for p in a.pilots.all()
                ],
                [x.text for x in a.commitments.all()],
                [_fields(i) for i in a.indicators.all()],
            )
            for a in actions
        ],
        "bodies": [_fields(b) for b in c.bodies.all()],
        "criteria": [x.text for x in c.evaluation_criteria.all()],
        "pilot_points": sorted(
            (w.message, w.subject.split(":", 2)[2], w.line, number[w.action_id])
            for w in c.import_warnings.filter(section="Services pilotes")
        ),
        "documents": [(d.role, d.original_name, d.format, bool(d.file)) for d in c.documents.all()],
        "versions": [(v.number, v.reason) for v in c.versions.all()],
    }


def test_the_demo_convention_is_the_imported_demo_document(imported_convention, django_user_model):
    from tests import factories

    imported = _shape(imported_convention)
    services = sorted((s.organisation.name, s.name, s.acronym) for s in Service.objects.all())
    built = factories.validated(
        factories.DEMO,
        by=django_user_model.objects.get(username="paris_coord"),
        accepted_by=django_user_model.objects.get(username="montclair_coord"),
    )
    assert _shape(built) == imported
    assert (
        sorted((s.organisation.name, s.name, s.acronym) for s in Service.objects.all()) == services
    )  # none made twice
