"""Automated accessibility check (axe-core, WCAG 2 A and AA rules) of the main pages."""

import datetime as dt

import pytest
from django.urls import reverse

from concorde.conventions import tracking
from concorde.conventions.models import Convention
from concorde.deliberations.models import Deliberation
from concorde.governance import avenants, evaluations, services

from ..conftest import ROOT, party
from .conftest import login, overflows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8") + ";true")  # through DevTools: the page's CSP stays on
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
    }""")
    return [f"{v['id']} ({v['impact']}) : {v['targets']}" for v in result if v["impact"] in ("serious", "critical")]


def test_main_pages_have_no_serious_accessibility_violation(page, live_server, people, convention, paris_draft):
    if not AXE.exists():  # a declared test dependency: missing, the test fails
        pytest.fail(f"{AXE} absent : axe-core s'installe par bin/setup --test (npm install)", pytrace=False)
    action = convention.actions.get(number="n°1")
    convention.effective_date = dt.date.today() - dt.timedelta(days=426)  # deadlines table and alerts shown
    convention.save(update_fields=["effective_date"])
    meeting = services.schedule_meeting(
        convention.bodies.first(), people["paris_coord"], date=dt.date.today(), place="Salle"
    )
    services.hold_meeting(meeting, people["paris_coord"], attendees={}, minutes="Compte rendu.")
    evaluation = evaluations.open_evaluation(convention, people["paris_coord"], "Évaluation annuelle n° 1")
    avenant = avenants.create(convention, people["paris_coord"], "Allongement")
    avenants.add_change(
        avenant, people["paris_coord"], {"op": "set_term", "fields": {"duration": 6, "duration_unit": "years"}}
    )
    # an indicator with measurements (its chart) and actions with dates (the timeline)
    indicator = action.indicators.first()
    for days, value in ((90, 10), (30, 25)):
        tracking.enter_measurement(
            indicator,
            party(convention, "Ville de Paris"),
            people["paris_pilot"],
            value,
            dt.date.today() - dt.timedelta(days=days),
        )
    tracking.save_tracking(
        action.pk,
        action.lock_version,
        {"start_date": dt.date.today() - dt.timedelta(days=200), "due_date": dt.date.today() + dt.timedelta(days=300)},
        people["paris_coord"],
    )
    pages = {
        "connexion": reverse("territories:login"),
    }
    found, wide = {}, {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + pages["connexion"])
        found[f"connexion ({width})"] = violations(page)
        wide[f"connexion ({width})"] = overflows(page)
    convention.parties.update(publish=True, publish_budgets=True)
    Convention.objects.filter(pk=convention.pk).update(is_public=True, public_budgets=True)
    deliberation = Deliberation.objects.create(
        convention=convention,
        organisation=party(convention, "Ville de Paris").organisation,
        body="Conseil de Paris",
        date=dt.date.today(),
        act_number="2026 DEVE 1",
        subject="Approbation",
        matter_code="5.7",
        voters=10,
        votes_for=10,
        votes_against=0,
        abstentions=0,
    )
    public_pages = {
        "portail public": reverse("publication:portal"),
        "convention publiée": reverse("publication:public-convention", args=[convention.pk]),
        "données ouvertes": reverse("publication:open-data"),
        "délibération publiée": reverse("publication:public-deliberation", args=[deliberation.pk]),
        "recherche publique": reverse("search:public") + "?q=baignade",
    }
    login(page, live_server, "paris_coord")
    member_pages = {
        "accueil": reverse("conventions:home"),
        "import": reverse("ingest:upload"),
        "relecture": reverse("conventions:review", args=[paris_draft.pk]),
        "convention": reverse("conventions:convention", args=[convention.pk]),
        "tableau de bord": reverse("dashboard:dashboard", args=[convention.pk]),
        "action": reverse("dashboard:action", args=[convention.pk, action.pk]),
        "portefeuille": reverse("dashboard:portfolio"),
        "réimport": reverse("dashboard:import-sheet", args=[convention.pk]),
        "instances": reverse("governance:bodies", args=[convention.pk]),
        "réunion": reverse("governance:meeting", args=[convention.pk, meeting.pk]),
        "évaluations": reverse("governance:evaluations", args=[convention.pk]),
        "évaluation": reverse("governance:evaluation", args=[convention.pk, evaluation.pk]),
        "avenants": reverse("governance:avenants", args=[convention.pk]),
        "vie juridique": reverse("governance:legal", args=[convention.pk]),
        "avenant": reverse("governance:avenant", args=[convention.pk, avenant.pk]),
        "versions": reverse("conventions:compare-versions", args=[convention.pk]),
        "compte": reverse("territories:account"),
        "rappels": reverse("governance:reminder-choices"),
        "jetons": reverse("api_tokens:api-tokens"),
        "délibération": reverse("deliberations:edit-deliberation", args=[convention.pk, deliberation.pk]),
        "recherche": reverse("search:results") + "?q=baignade&nature=action",
        "calendrier": reverse("dashboard:calendar"),
        "partenaire": reverse(
            "dashboard:partner", args=[party(convention, "Commune de Montclair-sur-Marne").organisation_id]
        ),
        "thèmes": reverse("dashboard:themes"),
        "frise": reverse("dashboard:timeline", args=[convention.pk]),
    }
    # every page at desktop width and on a phone: no serious violation, nothing wider than the screen
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in (public_pages | member_pages).items():
            page.goto(live_server.url + url)
            found[f"{name} ({width})"] = violations(page)
            wide[f"{name} ({width})"] = overflows(page)
    assert {k: v for k, v in found.items() if v} == {}
    assert [k for k, v in wide.items() if v] == []
