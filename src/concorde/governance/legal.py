"""The legal life of a convention after its signature: a party's denunciation of the tacit
renewal, a formal notice for breach and the delay it starts, a termination; each brings the
stored standing to the day (conventions.standing) and tells the coordinations of every party.
Every refusal is a DomainError with a French message, and leaves the records as they were."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from concorde.conventions import lifecycle, policy, standing, tracking
from concorde.conventions.models import Convention, Party
from concorde.deliberations.models import Deliberation
from concorde.lib.errors import DomainError, NotAllowed
from concorde.territories.models import Membership

from .models import Denunciation, FormalNotice, Termination


def events(convention: Convention) -> dict:
    """The dates of the recorded events that the standing reads."""
    first = convention.denunciations.order_by("notified_on").first()
    termination = Termination.objects.filter(convention=convention).first()
    return {
        "denounced_on": first.notified_on if first else None,
        "terminated_on": termination.effective_on if termination else None,
    }


def refresh(convention: Convention, today: dt.date | None = None) -> bool:
    """The stored standing of one convention brought to `today`; True when it changed."""
    return standing.apply(convention, today or timezone.localdate(), **events(convention))


def refresh_all(today: dt.date | None = None) -> int:
    """Every validated convention's standing brought to the day (each morning, with the
    reminders): a term reached, a renewal begun. Returns how many changed."""
    today = today or timezone.localdate()
    first_denunciation: dict[int, dt.date] = {}
    for convention_id, day in Denunciation.objects.order_by("-notified_on").values_list("convention_id", "notified_on"):
        first_denunciation[convention_id] = day
    terminations = dict(Termination.objects.values_list("convention_id", "effective_on"))
    changed = 0
    for convention in Convention.objects.exclude(status=Convention.Status.DRAFT).iterator(chunk_size=500):
        changed += standing.apply(
            convention,
            today,
            denounced_on=first_denunciation.get(convention.pk),
            terminated_on=terminations.get(convention.pk),
        )
    return changed


def record_dates(convention: Convention, user, *, signed_on: dt.date | None, effective_date: dt.date | None) -> None:
    """The dates of signature and of effect, once known, when the imported document did not give
    them (a convention takes effect on its adoption, its notification…). A date already known
    changes only by avenant."""
    if convention.is_draft or not policy.coordinated_parties(user, convention):
        raise NotAllowed("Seule la coordination d'une des parties renseigne les dates de la convention.")
    given = {"signed_on": signed_on, "effective_date": effective_date}
    if any(getattr(convention, k) and v and v != getattr(convention, k) for k, v in given.items()):
        raise DomainError("Une date déjà connue ne change que par avenant.")
    signed_on = convention.signed_on or signed_on
    effective_date = convention.effective_date or effective_date
    if signed_on and signed_on > timezone.localdate():
        raise DomainError("La signature ne peut être datée d'un jour à venir.")
    # an effect before the signature is common (« à compter du 1er janvier »): allowed
    with transaction.atomic():
        convention.signed_on, convention.effective_date = signed_on, effective_date
        convention._history_user = user
        convention.save(update_fields=["signed_on", "effective_date"])
        refresh(convention)
        tracking.touch(convention.pk)


def _coordinated(user, convention: Convention, party: Party) -> None:
    if convention.is_draft or party not in policy.coordinated_parties(user, convention):
        raise DomainError(f"Seule la coordination de {party.label} enregistre ce que sa collectivité notifie.")


def _check_day(convention: Convention, day: dt.date, what: str) -> None:
    today = timezone.localdate()
    if day > today:
        raise DomainError(f"{what} ne peut être datée d'un jour à venir ({day:%d/%m/%Y}).")
    start = convention.signed_on or convention.effective_date
    if start and day < start:
        raise DomainError(f"{what} ne peut précéder la signature de la convention ({start:%d/%m/%Y}).")


def _not_ended(convention: Convention) -> None:
    if Termination.objects.filter(convention=convention).exists():
        raise DomainError("La convention est résiliée : sa vie juridique est close.")
    if convention.status == Convention.Status.ENDED or (
        convention.ends_on and convention.ends_on < timezone.localdate()
    ):
        raise DomainError("La convention a pris fin : il n'y a plus rien à dénoncer ni à résilier.")


def _deliberation(convention, party, act_number: str, date: dt.date | None, subject: str) -> Deliberation | None:
    """The deliberation by which the party's assembly decided it, when its number is given."""
    if not act_number.strip():
        return None
    return Deliberation.objects.create(
        convention=convention,
        organisation=party.organisation,
        date=date,
        act_number=act_number.strip()[:60],
        subject=subject,
    )


def denounce(
    convention: Convention,
    user,
    *,
    party: Party,
    notified_on: dt.date,
    act_number: str = "",
    deliberation_date: dt.date | None = None,
) -> Denunciation:
    """Record that `party` notified the others that it stops the tacit renewal."""
    _coordinated(user, convention, party)
    _not_ended(convention)
    _check_day(convention, notified_on, "Une dénonciation")
    terms = standing.terms_of(convention)
    chain = lifecycle.periods(terms, notified_on)
    if not terms.renewable or lifecycle.renewals_remaining(terms, chain, notified_on) == 0:
        raise DomainError(
            "La convention ne se reconduit plus : elle prend fin à son terme, sans dénonciation. "
            "Une fin anticipée s'enregistre comme une résiliation."
        )
    if deliberation_date and deliberation_date > notified_on:
        raise DomainError("La délibération qui décide la dénonciation doit précéder sa notification.")
    if convention.denunciations.exists():
        raise DomainError("La dénonciation de cette convention est déjà enregistrée.")
    with transaction.atomic():
        deliberation = _deliberation(
            convention, party, act_number, deliberation_date, f"Dénonciation de la convention « {convention.title} »"
        )
        found = Denunciation.objects.create(
            convention=convention, party=party, notified_on=notified_on, deliberation=deliberation, recorded_by=user
        )
        refresh(convention)
        tracking.touch(convention.pk)
    _tell(
        convention,
        f"Dénonciation de « {convention.title} »",
        f"{party.label} a notifié sa dénonciation le {notified_on:%d/%m/%Y}. {convention.standing_text}",
    )
    return found


def give_formal_notice(
    convention: Convention, user, *, by_party: Party, to_party: Party, notified_on: dt.date, breach: str
) -> FormalNotice:
    """Record a mise en demeure for breach: the delay of the clause runs from its receipt."""
    _coordinated(user, convention, by_party)
    _not_ended(convention)
    if by_party == to_party or to_party.convention_id != convention.pk:
        raise DomainError("La mise en demeure s'adresse à une autre partie de la convention.")
    terms = standing.terms_of(convention)
    if not terms.breach:
        raise DomainError("La convention ne prévoit pas de résiliation pour manquement : renseigner d'abord son délai.")
    if not breach.strip():
        raise DomainError("Dire quel engagement n'est pas tenu.")
    _check_day(convention, notified_on, "Une mise en demeure")
    ends = lifecycle.breach_termination(notified_on, terms.breach)
    notice = FormalNotice(
        convention=convention,
        by_party=by_party,
        to_party=to_party,
        notified_on=notified_on,
        breach=breach.strip(),
        delay_ends_on=ends,
        recorded_by=user,
    )
    notice._history_user = user
    notice.save()
    tracking.touch(convention.pk)
    _tell(
        convention,
        f"Mise en demeure — « {convention.title} »",
        f"{by_party.label} a mis {to_party.label} en demeure le {notified_on:%d/%m/%Y} : {notice.breach}\n"
        f"Sans effet, la résiliation pour manquement pourra être prononcée à compter du {ends:%d/%m/%Y} "
        f"(délai de {terms.breach}).",
    )
    return notice


def lift_formal_notice(notice: FormalNotice, user, *, lifted_on: dt.date) -> None:
    """The breach has ceased: the formal notice is lifted and no termination follows from it."""
    convention = notice.convention
    _coordinated(user, convention, notice.by_party)
    _not_ended(convention)
    if notice.lifted_on:
        raise DomainError("Cette mise en demeure est déjà levée.")
    _check_day(convention, lifted_on, "La levée")
    if lifted_on < notice.notified_on:
        raise DomainError("Une mise en demeure se lève après avoir été reçue.")
    notice.lifted_on = lifted_on
    notice._history_user = user
    notice.save()
    tracking.touch(convention.pk)
    _tell(
        convention,
        f"Mise en demeure levée — « {convention.title} »",
        f"{notice.by_party.label} a levé le {lifted_on:%d/%m/%Y} la mise en demeure adressée à {notice.to_party.label}.",
    )


def terminate(
    convention: Convention,
    user,
    *,
    ground: str,
    party: Party,
    effective_on: dt.date,
    formal_notice: FormalNotice | None = None,
    act_number: str = "",
    deliberation_date: dt.date | None = None,
) -> Termination:
    """Record the end of the convention before its term: for breach, by the party that gave a
    formal notice left without effect once its delay has run; or by the parties' agreement."""
    _coordinated(user, convention, party)
    _not_ended(convention)
    start = convention.signed_on or convention.effective_date
    if start and effective_on < start:
        raise DomainError(f"Une résiliation ne peut précéder la signature de la convention ({start:%d/%m/%Y}).")
    if convention.ends_on and effective_on > convention.ends_on:
        raise DomainError(
            f"La convention prend fin le {convention.ends_on:%d/%m/%Y} : une résiliation ne peut prendre effet après."
        )
    if ground == Termination.Ground.BREACH:
        if formal_notice is None or formal_notice.convention_id != convention.pk:
            raise DomainError("La résiliation pour manquement suit une mise en demeure de la convention.")
        if formal_notice.by_party_id != party.pk:
            raise DomainError("La résiliation pour manquement est prononcée par la partie qui a mis en demeure.")
        if formal_notice.lifted_on:
            raise DomainError("Cette mise en demeure a été levée : elle ne fonde plus une résiliation.")
        if effective_on < formal_notice.delay_ends_on:
            raise DomainError(
                f"Le délai de la mise en demeure court jusqu'au {formal_notice.delay_ends_on:%d/%m/%Y} : "
                "la résiliation ne peut prendre effet avant."
            )
        if timezone.localdate() < formal_notice.delay_ends_on:
            raise DomainError(
                f"Le délai de la mise en demeure n'est pas écoulé : la résiliation se prononce à compter du "
                f"{formal_notice.delay_ends_on:%d/%m/%Y}."
            )
    elif ground == Termination.Ground.AGREEMENT:
        formal_notice = None
    else:
        raise DomainError("Choisir le motif de la résiliation.")
    with transaction.atomic():
        deliberation = _deliberation(
            convention, party, act_number, deliberation_date, f"Résiliation de la convention « {convention.title} »"
        )
        found = Termination.objects.create(
            convention=convention,
            ground=ground,
            formal_notice=formal_notice,
            party=party,
            effective_on=effective_on,
            deliberation=deliberation,
            recorded_by=user,
        )
        refresh(convention)
        tracking.touch(convention.pk)
    _tell(
        convention,
        f"Résiliation de « {convention.title} »",
        f"{party.label} a enregistré la résiliation ({found.get_ground_display().lower()}) : "
        f"{convention.standing_text}",
    )
    return found


def _tell(convention: Convention, subject: str, text: str) -> None:
    """Each step is told to the coordinations of every party, once the record is written."""
    orgs = [p.organisation_id for p in convention.parties.all() if p.takes_part]
    emails = sorted(
        set(
            Membership.objects.filter(organisation_id__in=orgs, role=Membership.Role.COORDINATION, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not emails:
        return
    brand = settings.CONCORDE_BRAND["name"]
    link = settings.CONCORDE_BASE_URL.rstrip("/") + reverse("governance:legal", args=[convention.pk])
    body = f"{text}\n\nVie juridique de la convention : {link}\n"
    transaction.on_commit(lambda: send_mail(f"[{brand}] {subject}", body, None, emails, fail_silently=True))
