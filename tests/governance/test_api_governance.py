"""The governance through the API, as a coordination's own tools would use it: the bodies, the
meetings with their decisions and follow-ups, the deadlines, evaluations, avenants and legal
life, read by the members of the parties with a token; written by their coordinations under
the pages' rules; refused in French otherwise, and never shown to the public."""

import datetime as dt

from concorde.governance import legal, services
from concorde.governance.models import Decision, FollowUp, GoverningBody, Meeting
from tests import factories
from tests.conftest import act
from tests.governance.conftest import TODAY
from tests.test_api import _call, _token


def test_members_read_the_governance_and_the_public_does_not(convention, people):
    factories.in_force_since(convention, 426)
    legal.refresh(convention)
    copil = convention.bodies.get(kind=GoverningBody.Kind.STEERING)
    held = factories.meeting(copil, TODAY - dt.timedelta(days=5), by=people["paris_coord"], minutes="Compte rendu")
    services.record_decision(held, people["paris_coord"], text="Lancer l'étude")
    factories.follow_up(held, people["montclair_pilot"], title="Envoyer le relevé", due_date=TODAY)
    token = _token(people["montclair_pilot"])
    status, bodies = _call("get", f"/conventions/{convention.pk}/instances", token)
    assert status == 200 and {b["nature"] for b in bodies} >= {"comite_pilotage", "comite_technique"}
    status, meetings = _call("get", f"/conventions/{convention.pk}/reunions", token)
    assert status == 200 and [m["etat"] for m in meetings] == ["held"]
    status, detail = _call("get", f"/conventions/{convention.pk}/reunions/{held.pk}", token)
    assert detail["compte_rendu"] == "Compte rendu" and detail["decisions"][0]["texte"] == "Lancer l'étude"
    assert detail["suites"][0] == {
        "id": FollowUp.objects.get().pk,
        "tache": "Envoyer le relevé",
        "responsable": "montclair_pilot",
        "echeance": TODAY.isoformat(),
        "faite_le": None,
    }
    status, deadlines = _call("get", f"/conventions/{convention.pk}/echeances", token)
    assert status == 200 and any(d["libelle"] == "Comité de pilotage : prochaine réunion" for d in deadlines)
    status, life = _call("get", f"/conventions/{convention.pk}/vie-juridique", token)
    assert (life["statut"], life["periode_en_cours"]) == ("in_force", 0) and life["situation"].startswith("En vigueur")
    for path in ("evaluations", "avenants"):
        assert _call("get", f"/conventions/{convention.pk}/{path}", token)[0] == 200
    # not public, even once the convention is published; nor for another organisation
    convention.parties.update(publish=True)
    type(convention).objects.filter(pk=convention.pk).update(is_public=True)
    assert _call("get", f"/conventions/{convention.pk}/reunions")[0] == 401
    assert _call("get", f"/conventions/{convention.pk}/reunions", _token(people["outsider"]))[0] == 404


def test_a_coordination_schedules_decides_and_hands_out_follow_ups(convention, people):
    factories.in_force_since(convention, 426)
    token = _token(people["paris_coord"])
    copil = convention.bodies.get(kind=GoverningBody.Kind.STEERING)
    status, made = _call(
        "post", f"/conventions/{convention.pk}/reunions", token, {"instance_id": copil.pk, "date": TODAY.isoformat()}
    )
    assert status == 201 and made["etat"] == "planned"
    meeting = Meeting.objects.get(pk=made["id"])
    assert "Questions diverses" in meeting.agenda  # the agenda drafted as on the page
    status, refused = _call(
        "post", f"/conventions/{convention.pk}/reunions/{meeting.pk}/decisions", token, {"texte": "Oui"}
    )
    assert (status, refused["detail"]) == (400, "Les décisions s'enregistrent sur une réunion tenue.")
    services.hold_meeting(meeting, people["paris_coord"], attendees={}, minutes="Tenue.")
    action = act(convention, "n°1")
    status, decision = _call(
        "post",
        f"/conventions/{convention.pk}/reunions/{meeting.pk}/decisions",
        token,
        {"texte": "Mise en pause", "action_id": action.pk, "nouveau_statut": "paused"},
    )
    assert status == 201 and Decision.objects.get(pk=decision["id"]).action == action
    action.refresh_from_db()
    assert action.status == "paused"
    status, task = _call(
        "post",
        f"/conventions/{convention.pk}/reunions/{meeting.pk}/suites",
        token,
        {"tache": "Relancer", "responsable_id": people["montclair_pilot"].pk, "echeance": TODAY.isoformat()},
    )
    assert status == 201
    status, outsider = _call(
        "post",
        f"/conventions/{convention.pk}/reunions/{meeting.pk}/suites",
        token,
        {"tache": "Relancer", "responsable_id": people["outsider"].pk, "echeance": TODAY.isoformat()},
    )
    assert (status, outsider["detail"]) == (400, "Le responsable d'une suite à donner est membre d'une des parties.")
    # its owner marks it done; a pilot of the other side may not
    assert _call("post", f"/suites/{task['id']}/fait", _token(people["paris_pilot"]))[0] == 403
    status, done = _call("post", f"/suites/{task['id']}/fait", _token(people["montclair_pilot"]))
    assert status == 200 and done["faite_le"]


def test_a_pilot_may_read_but_not_organise(convention, people):
    factories.in_force_since(convention, 426)
    copil = convention.bodies.get(kind=GoverningBody.Kind.STEERING)
    status, body = _call(
        "post",
        f"/conventions/{convention.pk}/reunions",
        _token(people["paris_pilot"]),
        {"instance_id": copil.pk, "date": TODAY.isoformat()},
    )
    assert status == 403 and "la coordination" in body["detail"] and not Meeting.objects.exists()
    status, body = _call(
        "post", f"/conventions/{convention.pk}/reunions", _token(people["paris_coord"]), {"instance_id": copil.pk}
    )
    assert status == 422 and body["erreurs"][0]["champ"].endswith("date")
