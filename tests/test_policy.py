"""Who may read, import, review, track and manage what (conventions/policy.py), rule by rule, for
each kind of person: the importing coordination, the partner's coordination before and after it
accepts, pilots of a service (and of a direction above it), readers, a third organisation,
anonymous visitors and administrators. Data from tests.factories, no import."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from concorde.conventions import consent, policy
from concorde.conventions.models import Convention, Measurement, Party, Update
from concorde.deliberations.models import Deliberation
from concorde.territories.models import Membership
from tests import factories
from tests.factories import MONTCLAIR, NOWHERE, PARIS

ANONYMOUS = AnonymousUser()
VALMONT = "Commune de Valmont-les-Bains"  # nobody of it on the instance: « hors Concorde »


@pytest.fixture
def pending(people):
    """The demo convention validated by Paris, Montclair's answer still awaited."""
    return factories.validated(factories.DEMO, by=people["paris_coord"])


@pytest.fixture
def outside(people):
    """A convention of Paris with an organisation nobody of which is on the instance."""
    return factories.validated(factories.small_plan("Convention avec Valmont", VALMONT), by=people["paris_coord"])


@pytest.fixture
def paris_draft_of_montclair(people):
    """A draft Paris imported naming Montclair: Paris's to review, nobody else's to see."""
    return factories.draft(factories.small_plan("Brouillon avec Montclair", MONTCLAIR), by=people["paris_coord"])


def _membership(user, org_name=None) -> Membership:
    found = Membership.objects.filter(user=user)
    return found.get(organisation__name=org_name) if org_name else found.get()


# --- Who belongs where ------------------------------------------------------------------------


def test_organisation_ids_by_role(people):
    paris, montclair = factories.organisation(PARIS), factories.organisation(MONTCLAIR)
    assert policy.organisation_ids(ANONYMOUS) == set()
    assert policy.organisation_ids(people["paris_pilot"]) == {paris.pk}
    assert policy.organisation_ids(people["paris_pilot"], (Membership.Role.COORDINATION,)) == set()
    both = people["paris_reader"]
    Membership.objects.create(user=both, organisation=montclair, role=Membership.Role.COORDINATION)
    assert policy.organisation_ids(both) == {paris.pk, montclair.pk}
    assert policy.organisation_ids(both, (Membership.Role.COORDINATION,)) == {montclair.pk}
    assert policy.organisation_ids(both, (Membership.Role.READER, Membership.Role.PILOT)) == {paris.pk}


# --- Reading: drafts, invitations, consent ------------------------------------------------------


def test_a_draft_is_seen_by_its_importing_organisation_only(people, paris_draft_of_montclair):
    d = paris_draft_of_montclair
    for who in ("paris_coord", "paris_pilot", "paris_reader", "admin"):
        assert policy.can_view(people[who], d), who
        assert d in policy.visible_conventions(people[who]), who
    for who in ("montclair_coord", "montclair_pilot", "outsider"):  # Montclair is named, but not asked yet
        assert not policy.can_view(people[who], d), who
        assert d not in policy.visible_conventions(people[who]), who
    assert not policy.can_view(ANONYMOUS, d) and not policy.visible_conventions(ANONYMOUS).exists()
    assert policy.viewable_validated(people["paris_coord"], d.pk) is None  # a draft is never « validated »
    assert policy.invited_party(people["montclair_coord"], d) is None  # nobody is invited to a draft


def test_an_invited_party_reads_to_decide_and_sees_the_convention_once_it_accepts(people, pending):
    montclair = factories.party(pending, MONTCLAIR)
    assert montclair.consent == Party.Consent.PENDING
    coord, pilot = people["montclair_coord"], people["montclair_pilot"]
    for who in (coord, pilot):  # not in their portfolio yet
        assert not policy.can_view(who, pending) and pending not in policy.visible_conventions(who)
        assert policy.viewable_validated(who, pending.pk) is None
    assert policy.invited_party(coord, pending) == montclair  # its coordination is asked …
    assert policy.invited_party(pilot, pending) is None  # … its pilot is not
    assert policy.invited_party(ANONYMOUS, pending) is None
    assert list(policy.invitations_for(coord)) == [montclair] and not policy.invitations_for(pilot).exists()
    assert list(policy.awaiting_coordination(pilot)) == [montclair]  # told why it is not theirs yet
    assert not policy.awaiting_coordination(coord).exists()  # the coordination has the invitation itself
    # The importing organisation sees it all along.
    assert policy.viewable_validated(people["paris_reader"], pending.pk) == pending

    consent.accept(montclair, coord)
    for who in (coord, pilot):
        assert policy.can_view(who, pending) and pending in policy.visible_conventions(who)
        assert policy.viewable_validated(who, pending.pk) == pending
    assert policy.invited_party(coord, pending) is None
    assert not policy.invitations_for(coord).exists() and not policy.awaiting_coordination(pilot).exists()


def test_a_refusal_keeps_the_convention_out_and_only_the_importing_coordination_asks_again(people, pending):
    montclair = consent.refuse(factories.party(pending, MONTCLAIR), people["montclair_coord"], "Pas cette version")
    assert not policy.can_view(people["montclair_coord"], pending)
    assert pending not in policy.visible_conventions(people["montclair_pilot"])
    assert policy.viewable_validated(people["montclair_coord"], pending.pk) is None
    assert policy.invited_party(people["montclair_coord"], pending) is None
    assert policy.can_invite_again(people["paris_coord"], montclair)
    assert policy.can_invite_again(people["admin"], montclair)
    for who in ("paris_pilot", "paris_reader", "montclair_coord", "outsider"):
        assert not policy.can_invite_again(people[who], montclair), who
    paris = factories.party(pending, PARIS)
    assert not policy.can_invite_again(people["paris_coord"], paris)  # it did not refuse


def test_no_invitation_again_on_a_draft(people, paris_draft_of_montclair):
    named = paris_draft_of_montclair.parties.get(organisation__name=MONTCLAIR)
    Party.objects.filter(pk=named.pk).update(consent=Party.Consent.REFUSED)
    named.refresh_from_db()
    assert not policy.can_invite_again(people["paris_coord"], named)
    assert not policy.can_invite_again(people["admin"], named)


def test_outsiders_anonymous_and_administrators(people, convention):
    assert not policy.can_view(people["outsider"], convention)
    assert convention not in policy.visible_conventions(people["outsider"])
    assert policy.viewable_validated(people["outsider"], convention.pk) is None
    assert not policy.can_view(ANONYMOUS, convention) and policy.viewable_validated(ANONYMOUS, convention.pk) is None
    admin = people["admin"]  # member of no organisation
    assert policy.can_view(admin, convention) and policy.viewable_validated(admin, convention.pk) == convention
    assert set(policy.visible_conventions(admin)) == set(Convention.objects.all())
    assert policy.viewable_validated(people["paris_coord"], convention.pk + 1000) is None  # no such convention


def test_an_organisation_hors_concorde_sees_nothing_but_takes_part_through_the_importer(people, outside):
    valmont = outside.parties.get(organisation__name=VALMONT)
    assert valmont.consent == Party.Consent.OUTSIDE and valmont.takes_part
    assert policy.can_view(people["paris_reader"], outside)
    # Its first member joins: the convention now asks for its consent, and it sees it only once it accepts.
    newcomer = factories.member("valmont_coord", VALMONT, Membership.Role.COORDINATION)
    valmont.refresh_from_db()
    assert valmont.consent == Party.Consent.PENDING
    assert not policy.can_view(newcomer, outside) and policy.invited_party(newcomer, outside) == valmont


# --- Import and review ----------------------------------------------------------------------------


def test_coordinations_import_for_their_own_organisations(people):
    paris, montclair = factories.organisation(PARIS), factories.organisation(MONTCLAIR)
    assert policy.can_import(people["paris_coord"]) and policy.can_import(people["admin"])
    for who in ("paris_pilot", "paris_reader"):
        assert not policy.can_import(people[who]), who
        assert not policy.import_organisations(people[who]).exists(), who
    assert not policy.can_import(ANONYMOUS)
    assert list(policy.import_organisations(people["paris_coord"])) == [paris]
    # An administrator member of no organisation imports for any; one who is a member, for theirs.
    assert set(policy.import_organisations(people["admin"])) == {paris, montclair, factories.organisation(NOWHERE)}
    Membership.objects.create(user=people["admin"], organisation=montclair, role=Membership.Role.COORDINATION)
    assert list(policy.import_organisations(people["admin"])) == [montclair]


def test_a_draft_is_reviewed_by_its_importing_coordination_only(people, paris_draft_of_montclair, convention):
    d = paris_draft_of_montclair
    assert policy.can_review(people["paris_coord"], d) and policy.can_review(people["admin"], d)
    for who in ("paris_pilot", "paris_reader", "montclair_coord", "outsider"):
        assert not policy.can_review(people[who], d), who
    assert not policy.can_review(ANONYMOUS, d)
    assert not policy.can_review(people["paris_coord"], convention)  # validated: changed by avenant only
    assert not policy.can_review(people["admin"], convention)


# --- Pilots' names --------------------------------------------------------------------------------


def test_who_settles_an_organisations_pilot_names(people, outside, convention):
    paris, montclair, valmont = (factories.organisation(n) for n in (PARIS, MONTCLAIR, VALMONT))
    # Its own coordination (and an administrator), everywhere.
    assert (
        policy.can_settle_for(people["paris_coord"], paris)
        and policy.settling_owners(people["paris_coord"], paris) is None
    )
    assert policy.settling_owners(people["admin"], valmont) is None
    # Nobody else settles for an organisation that has members.
    assert not policy.can_settle_for(people["paris_coord"], montclair)
    assert policy.settling_owners(people["paris_coord"], montclair) == set()
    assert not policy.can_settle_for(people["paris_pilot"], paris)
    # For one « hors Concorde »: the coordination that imported a convention naming it, for those conventions.
    assert policy.can_settle_for(people["paris_coord"], valmont)
    assert policy.settling_owners(people["paris_coord"], valmont) == {paris.pk}
    assert not policy.can_settle_for(people["montclair_coord"], valmont)  # it imported none naming Valmont
    assert not policy.can_settle_for(people["paris_pilot"], valmont)  # a pilot is no coordination
    assert not policy.can_settle_for(ANONYMOUS, valmont) and policy.settling_owners(ANONYMOUS, valmont) == set()


# --- Tracking: who writes which side ---------------------------------------------------------------


def test_party_roles_each_member_acts_for_their_own_party(people, convention):
    paris, montclair = factories.party(convention, PARIS), factories.party(convention, MONTCLAIR)
    assert policy.party_roles(ANONYMOUS, convention) == []
    assert policy.party_roles(people["outsider"], convention) == []
    assert [p for p, _ in policy.party_roles(people["paris_pilot"], convention)] == [paris]
    roles = policy.party_roles(people["montclair_coord"], convention)
    assert [(p, m.role) for p, m in roles] == [(montclair, Membership.Role.COORDINATION)]


def test_the_importing_coordination_acts_for_a_party_hors_concorde(people, outside):
    paris, valmont = factories.party(outside, PARIS), outside.parties.get(organisation__name=VALMONT)
    coord = policy.party_roles(people["paris_coord"], outside)
    assert [p for p, _ in coord] == [paris, valmont]
    assert [p for p, _ in policy.party_roles(people["paris_pilot"], outside)] == [paris]  # a pilot does not
    assert policy.coordinated_parties(people["paris_coord"], outside) == [paris, valmont]
    action = outside.actions.first()
    assert policy.writable_parties(people["paris_coord"], action) == [paris, valmont]


def test_the_importing_coordination_does_not_act_for_a_party_that_has_members(people, pending):
    # Montclair has members (its answer awaited): Paris's coordination writes Paris's side only.
    paris = factories.party(pending, PARIS)
    assert [p for p, _ in policy.party_roles(people["paris_coord"], pending)] == [paris]
    assert policy.party_roles(people["montclair_coord"], pending) == []  # not a party yet


def test_a_member_of_both_parties_acts_for_each(people, convention):
    both = people["paris_reader"]
    Membership.objects.create(
        user=both, organisation=factories.organisation(MONTCLAIR), role=Membership.Role.COORDINATION
    )
    assert [(p.label, m.role) for p, m in policy.party_roles(both, convention)] == [
        (PARIS, Membership.Role.READER),
        (MONTCLAIR, Membership.Role.COORDINATION),
    ]
    assert policy.writable_parties(both, factories.action(convention, "n°1")) == [
        factories.party(convention, MONTCLAIR)
    ]


def test_a_pilot_writes_the_actions_of_their_service_and_of_the_services_beneath_it(people, convention):
    paris_org = factories.organisation(PARIS)
    paris, montclair = factories.party(convention, PARIS), factories.party(convention, MONTCLAIR)
    baignade, promenade = (
        factories.action(convention, "n°1"),
        factories.action(convention, "2.1"),
    )  # DPE ; DVD unsettled
    pilot = people["paris_pilot"]  # DPE
    assert policy.writable_parties(pilot, baignade) == [paris] and policy.can_track(pilot, baignade)
    assert policy.writable_parties(pilot, promenade) == [] and not policy.can_track(pilot, promenade)
    # A pilot of a direction above the DPE pilots what the DPE pilots.
    direction = factories.service(paris_org, "Direction générale des services techniques")
    dpe = factories.service(paris_org, "DPE")
    dpe.parent = direction
    dpe.save()
    head = factories.member("paris_head", PARIS, Membership.Role.PILOT, "Direction générale des services techniques")
    assert policy.can_track(head, baignade) and not policy.can_track(head, promenade)
    # … not the reverse: a service does not pilot its direction's actions.
    baignade_paris = baignade.pilots.get(party=paris)
    baignade_paris.services.set([direction])
    assert not policy.can_track(pilot, factories.action(convention, "n°1"))
    # Montclair's DST pilots 2.1 for Montclair.
    assert policy.writable_parties(people["montclair_pilot"], promenade) == [montclair]


def test_a_pilot_named_on_an_action_writes_it_whatever_their_service(people, convention):
    paris = factories.party(convention, PARIS)
    course = factories.action(convention, "n°3")  # DJS, a name no service bears
    elsewhere = factories.member("paris_sports", PARIS, Membership.Role.PILOT, "Direction des sports")
    assert not policy.can_track(elsewhere, course)
    course.pilots.get(party=paris).users.add(elsewhere)
    assert policy.writable_parties(elsewhere, course) == [paris]
    # Named on Montclair's side of the action, they write no side: a person acts for their own party.
    other = factories.action(convention, "n°4")
    other.pilots.get(party=factories.party(convention, MONTCLAIR)).users.add(elsewhere)
    assert policy.writable_parties(elsewhere, other) == []


def test_the_pilot_rule_is_for_pilots_only_and_reads_the_services_once(people, convention, django_assert_num_queries):
    action = factories.action(convention, "n°1")
    paris = factories.party(convention, PARIS)
    reader = _membership(people["paris_reader"])
    reader.service = factories.service(paris.organisation, "DPE")  # even in the piloting service
    assert not policy.pilots(reader, action, paris)
    coord = _membership(people["paris_coord"])
    assert not policy.pilots(coord, action, paris)  # coordination writes through its role, not as a pilot
    pilot = _membership(people["paris_pilot"])
    assert policy.pilots(pilot, action, paris)
    assert hasattr(pilot, "covered_services")
    with django_assert_num_queries(3):  # the action's pilots, their people and services: not the service tree again
        assert policy.pilots(pilot, action, paris)
    assert not policy.pilots(pilot, action, factories.party(convention, MONTCLAIR))  # the DPE is not Montclair's


def test_readers_and_outsiders_write_nothing_administrators_everything(people, convention):
    action = factories.action(convention, "n°1")
    for who in ("paris_reader", "outsider"):
        assert policy.writable_parties(people[who], action) == [] and not policy.can_track(people[who], action)
    assert not policy.can_track(ANONYMOUS, action)
    assert policy.writable_parties(people["admin"], action) == list(convention.parties.all())
    assert policy.can_track(people["admin"], action)


def test_either_coordination_tracks_every_action_but_nothing_of_a_draft(people, convention, paris_draft_of_montclair):
    for who, label in (("paris_coord", PARIS), ("montclair_coord", MONTCLAIR)):
        for action in convention.actions.all():
            assert policy.writable_parties(people[who], action) == [factories.party(convention, label)]
            assert policy.can_track(people[who], action)
    draft_action = paris_draft_of_montclair.actions.first()
    assert not policy.can_track(people["paris_coord"], draft_action)  # its parties take part once it is validated
    assert policy.writable_parties(people["admin"], draft_action)  # an administrator writes every side …
    assert not policy.can_track(people["admin"], draft_action)  # … but a draft is not tracked


def test_roles_computed_once_serve_several_questions(people, convention):
    roles = policy.party_roles(people["montclair_coord"], convention)
    action = factories.action(convention, "n°1")
    montclair = factories.party(convention, MONTCLAIR)
    assert policy.writable_parties(people["paris_coord"], action, roles) == [montclair]  # the roles given are used
    assert policy.can_track(people["paris_coord"], action, roles=[]) is False
    assert policy.coordinated_parties(people["paris_coord"], convention, roles) == [montclair]
    assert policy.coordinated_parties(people["paris_coord"], convention) == [factories.party(convention, PARIS)]
    assert policy.coordinated_parties(people["paris_pilot"], convention) == []
    assert policy.coordinated_parties(people["admin"], convention, roles=[]) == list(convention.parties.all())


# --- Measurements and updates ------------------------------------------------------------------


def test_a_measurement_is_reviewed_by_the_other_partys_coordination(people, convention):
    indicator = factories.action(convention, "n°1").indicators.first()
    by_paris = Measurement.objects.create(
        indicator=indicator,
        party=factories.party(convention, PARIS),
        value=Decimal(7),
        date=dt.date(2026, 6, 1),
        entered_by=people["paris_pilot"],
    )
    assert policy.can_review_measurement(people["montclair_coord"], by_paris)
    assert policy.can_review_measurement(people["admin"], by_paris)
    for who in ("paris_coord", "paris_pilot", "montclair_pilot", "paris_reader", "outsider"):
        assert not policy.can_review_measurement(people[who], by_paris), who


def test_an_update_is_hidden_by_its_author_or_its_partys_coordination(people, convention):
    action = factories.action(convention, "n°1")
    update = Update.objects.create(
        action=action,
        party=factories.party(convention, PARIS),
        author=people["paris_pilot"],
        date=dt.date(2026, 6, 1),
        text="Point d'étape",
    )
    for who in ("paris_pilot", "paris_coord", "admin"):
        assert policy.can_manage_update(people[who], update), who
    for who in ("montclair_coord", "montclair_pilot", "paris_reader", "outsider"):
        assert not policy.can_manage_update(people[who], update), who
    assert not policy.can_manage_update(ANONYMOUS, update)


# --- Deliberations -------------------------------------------------------------------------------


def test_a_deliberation_is_completed_by_the_coordination_of_the_organisation_that_deliberated(
    people, convention, paris_draft_of_montclair
):
    paris_org = factories.organisation(PARIS)
    council = Deliberation.objects.create(
        convention=convention,
        organisation=paris_org,
        body="Conseil de Paris",
        date=dt.date(2026, 3, 10),
        act_number="2026 DGRI 12",
        subject="Approbation",
    )
    assert policy.can_complete_deliberation(people["paris_coord"], council)
    assert policy.can_complete_deliberation(people["admin"], council)
    for who in ("montclair_coord", "paris_pilot", "paris_reader", "outsider"):
        assert not policy.can_complete_deliberation(people[who], council), who
    unknown = Deliberation.objects.create(
        convention=convention, organisation=None, body="Conseil", act_number="X", subject="Approbation"
    )
    assert policy.can_complete_deliberation(people["montclair_coord"], unknown)  # any party's coordination
    assert policy.can_complete_deliberation(people["paris_coord"], unknown)
    assert not policy.can_complete_deliberation(people["paris_pilot"], unknown)
    assert not policy.can_complete_deliberation(people["outsider"], unknown)
    of_draft = Deliberation.objects.create(
        convention=paris_draft_of_montclair,
        organisation=paris_org,
        body="Conseil",
        act_number="Y",
        subject="Approbation",
    )
    assert not policy.can_complete_deliberation(people["paris_coord"], of_draft)
    assert not policy.can_complete_deliberation(people["admin"], of_draft)
