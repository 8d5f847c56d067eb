"""The validator decides with the facts in view: the comment and the evidence of each measurement
are on the row they validate; an action is named by a number unique in the convention."""

import html

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concorde.conventions.models import Action, Evidence, Measurement
from concorde.conventions.models.plan import qualified_number
from tests.conftest import MONTCLAIR, act, client_for, party


def test_the_validator_sees_the_comment_and_the_evidence_of_the_row(convention, people):
    action = act(convention, "n°1")
    indicator = action.indicators.first()
    pilot = client_for(people["montclair_pilot"])
    response = pilot.post(
        reverse("dashboard:post-measurement", args=[convention.pk, action.pk]),
        {
            "indicator": indicator.pk,
            "party": party(convention, MONTCLAIR).pk,
            "value": "42",
            "date": "2026-06-30",
            "comment": "Relevé du maître-nageur, semaine 26",
            "evidence": SimpleUploadedFile("releve-s26.pdf", b"%PDF-1.4 releve", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    evidence = Evidence.objects.get(measurement=measurement)
    validator = client_for(people["paris_coord"])
    page = html.unescape(validator.get(reverse("dashboard:action", args=[convention.pk, action.pk])).content.decode())
    row = page[page.index(f'id="mesure-{measurement.pk}"') :].split("</tr>")[0]
    assert "Relevé du maître-nageur, semaine 26" in row and "releve-s26.pdf" in row and "Valider" in row
    url = reverse("dashboard:evidence", args=[convention.pk, action.pk, evidence.pk])
    assert url in row
    download = validator.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 releve"
    # through another action's address, or for someone outside the convention, nothing
    other = act(convention, "n°4")
    assert validator.get(reverse("dashboard:evidence", args=[convention.pk, other.pk, evidence.pk])).status_code == 404
    assert client_for(people["outsider"]).get(url).status_code == 404


def test_a_measurement_with_too_big_a_file_is_refused_and_nothing_is_kept(convention, people):
    action = act(convention, "n°1")
    big = SimpleUploadedFile("gros.pdf", b"0" * (10 * 1024 * 1024 + 1), content_type="application/pdf")
    response = client_for(people["montclair_pilot"]).post(
        reverse("dashboard:post-measurement", args=[convention.pk, action.pk]),
        {
            "indicator": action.indicators.first().pk,
            "party": party(convention, MONTCLAIR).pk,
            "value": "42",
            "date": "2026-06-30",
            "evidence": big,
        },
    )
    assert response.status_code == 400 and "dépasse 10 Mo" in html.unescape(response.content.decode())
    assert not Measurement.objects.exists() and not Evidence.objects.exists()


def test_numbers_that_restart_in_each_axis_are_given_their_axis():
    assert qualified_number("1", "A") == "A.1"
    assert qualified_number("2 b", "3") == "3.2 b"
    assert qualified_number("3)", "II") == "II.3"
    # a number that already says its axis, or is not a counter, stays as written
    assert qualified_number("2.1", "2") == "2.1"
    assert qualified_number("n°4", "1") == "n°4"
    assert qualified_number("1", "") == "1"


def test_the_dashboard_names_each_action_once(convention, people):
    first, second = convention.axes.order_by("order")[:2]
    Action.objects.filter(axis=first).update(number="1")
    Action.objects.filter(axis=second).update(number="1")
    first.number, second.number = "A", "B"
    first.save()
    second.save()
    page = html.unescape(
        client_for(people["paris_coord"]).get(reverse("dashboard:dashboard", args=[convention.pk])).content.decode()
    )
    assert "A.1 — " in page and "B.1 — " in page and ">1 — " not in page
