"""What an edited workbook would change, sheet by sheet, under the pages' policy: the rows it
would apply, the rows refused (unknown, not yours, changed in Concorde since the export, a value
that cannot be read) and how many are unchanged. Nothing is written here: apply.py does it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from concorde.conventions import budgets, policy
from concorde.conventions.models import Action, ActionPilot, BudgetLine, Convention, Indicator, Measurement
from concorde.governance import avenants
from concorde.lib.amounts import format_euros
from concorde.lib.errors import DomainError
from concorde.lib.text import fold
from concorde.territories.models import Service
from concorde.territories.people import pilots_of

from . import cells
from .sheets import (
    ACTION_ID,
    ACTIONS,
    BUDGET,
    ID,
    INDICATOR_ID,
    INDICATORS,
    MEASUREMENTS,
    PARTY_ID,
    PILOTS,
    VERSION,
    budget_version,
    fingerprint,
    indicator_version,
    person,
    pilot_version,
)

TRACKED_COLUMNS = {
    "Statut": "status",
    "Avancement (%)": "progress",
    "Début": "start_date",
    "Fin prévue": "end_date",
    "Échéance": "due_date",
}


@dataclass
class Change:
    sheet: str
    line: int
    subject: str
    labels: list[tuple[str, str, str]]  # (what, before, after) for the preview
    op: dict  # what apply() does, in plain values (kept in the session until confirmed)


@dataclass
class ImportPlan:
    changes: list[Change] = field(default_factory=list)
    refused: list[tuple[str, int, str]] = field(default_factory=list)  # (sheet, line, reason)
    unchanged: int = 0

    @property
    def by_avenant(self) -> list[Change]:
        return [c for c in self.changes if c.op["kind"] == "title"]


class Refused(ValueError):
    """A row the file cannot apply; the message says why, in French."""


class Planner:
    def __init__(self, convention: Convention, user):
        self.convention = convention
        self.user = user
        self.roles = policy.party_roles(user, convention)
        self.coordinated = {p.pk for p in policy.coordinated_parties(user, convention, self.roles)}
        self.actions = {
            a.pk: a for a in convention.actions.select_related("axis", "convention").prefetch_related("pilots__users")
        }
        self.parties = {p.pk: p for p in convention.parties.all()}
        self.plan = ImportPlan()

    def run(self, book: dict[str, list[dict]]) -> ImportPlan:
        for sheet, read_row in (
            (ACTIONS, self._action_row),
            (PILOTS, self._pilot_row),
            (INDICATORS, self._indicator_row),
            (MEASUREMENTS, self._measurement_row),
            (BUDGET, self._budget_row),
        ):
            for row in book.get(sheet, []):
                try:
                    changes = read_row(row)
                except (Refused, ValueError, DomainError) as exc:
                    self.plan.refused.append((sheet, row["_line"], str(exc)))
                    continue
                if not changes:
                    self.plan.unchanged += 1
                for change in changes:
                    self.plan.changes.append(Change(sheet, row["_line"], *change))
        return self.plan

    # --- who may, and which record a row names ------------------------------------------

    def _action(self, raw) -> Action:
        pk = cells.identifier(raw)
        action = self.actions.get(pk) if pk else None
        if action is None:
            raise Refused(f"l'action {cells.text(raw) or '(sans identifiant)'} n'appartient pas à cette convention")
        return action

    def _writable(self, action: Action) -> list:
        return policy.writable_parties(self.user, action, self.roles)

    def _party(self, raw, choices: list, action: Action):
        """The party a new row is for: named in the row, or the only one the user writes for."""
        label = fold(cells.text(raw))
        if not label:
            if len(choices) == 1:
                return choices[0]
            raise Refused("préciser la partie (colonne « Partie »)")
        found = next((p for p in self.parties.values() if fold(p.label) == label), None)
        if found is None:
            raise Refused(f"partie « {cells.text(raw)} » inconnue de cette convention")
        if found not in choices:
            raise Refused(f"vous n'écrivez pas pour {found.label} sur l'action {action.reference or action.title[:40]}")
        return found

    @staticmethod
    def _stale(row, current: str, what: str) -> None:
        if cells.text(row.get(VERSION)) != current:
            raise Refused(f"{what} a été modifié dans Concorde depuis l'export : exporter à nouveau")

    # --- the sheets -------------------------------------------------------------------

    def _action_row(self, row) -> list:
        action = self._action(row.get(ID))
        try:
            version = int(float(cells.text(row.get(VERSION))))
        except ValueError:
            raise Refused("identifiant ou version illisible") from None
        values = {}
        for column, name in TRACKED_COLUMNS.items():
            if column in row:
                raw = row[column]
                values[name] = (
                    cells.status(raw)
                    if name == "status"
                    else cells.percentage(raw)
                    if name == "progress"
                    else cells.date(raw)
                )
        diff = {f: v for f, v in values.items() if getattr(action, f) != v}
        title = cells.text(row.get("Action")) if "Action" in row else action.title
        out = []
        subject = f"{action.reference} {action.title[:70]}".strip()
        if diff:
            if not policy.can_track(self.user, action, self.roles):
                raise Refused(f"vous ne pouvez pas modifier l'action « {action.title[:60]} »")
            if version != action.lock_version:
                raise Refused(f"l'action « {action.title[:60]} » a été modifiée depuis l'export")
            labels = [
                (Action._meta.get_field(f).verbose_name, _shown(f, getattr(action, f)), _shown(f, v))
                for f, v in diff.items()
            ]
            op = {"kind": "tracking", "action": action.pk, "version": version, "values": _plain(diff)}
            out.append((subject, labels, op))
        if title and title != action.title:
            pending = avenants.pending_for(self.convention, action.pk)
            if pending is not None:
                proposed = next(c for c in pending.changes if c.get("action") == action.pk)
                if (proposed.get("fields") or {}).get("title") == title:
                    return out  # already proposed, by the avenant the same file drafted
                raise Refused(
                    f"l'avenant n° {pending.number} modifie déjà l'action « {action.title[:60]} » : "
                    "le mener à son terme avant d'en changer le titre"
                )
            if not self.coordinated:
                raise Refused(
                    f"le titre de l'action « {action.title[:60]} » ne change que par avenant, "
                    "que prépare la coordination d'une des parties"
                )
            labels = [("titre, par avenant", action.title, title)]
            out.append((subject, labels, {"kind": "title", "action": action.pk, "title": title[:500]}))
        return out

    def _pilot_row(self, row) -> list:
        action = self._action(row.get(ACTION_ID))
        party = self.parties.get(cells.identifier(row.get(PARTY_ID)) or 0)
        if party is None or not party.takes_part:
            raise Refused(f"partie {cells.text(row.get(PARTY_ID))} inconnue de cette convention")
        pilot = ActionPilot.objects.filter(action=action, party=party).prefetch_related("services", "users").first()
        current_services = {s.pk: s.name for s in pilot.services.all()} if pilot else {}
        current_users = {u.pk: person(u) for u in pilot.users.all()} if pilot else {}
        services = _services(party, cells.names(row.get("Services pilotes")))
        users = _people(party, cells.names(row.get("Personnes pilotes")))
        if set(services) == set(current_services) and set(users) == set(current_users):
            return []
        if party.pk not in self.coordinated:
            raise Refused(f"seule la coordination de {party.label} désigne ses pilotes")
        self._stale(row, pilot_version(pilot), f"Le pilotage de {party.label}")
        labels = []
        if set(services) != set(current_services):
            labels.append(("services pilotes", _listed(current_services), _listed(services)))
        if set(users) != set(current_users):
            labels.append(("personnes pilotes", _listed(current_users), _listed(users)))
        op = {
            "kind": "pilots",
            "action": action.pk,
            "party": party.pk,
            "version": pilot_version(pilot),
            "services": sorted(services),
            "users": sorted(users),
        }
        return [(f"{action.reference} — pilotes de {party.label}", labels, op)]

    def _indicator_row(self, row) -> list:
        pk = cells.identifier(row.get(ID))
        values = {
            "label": cells.text(row.get("Indicateur")),
            "unit": cells.text(row.get("Unité"))[:50],
            "baseline": cells.decimal(row.get("Valeur de référence"), "valeur de référence"),
            "target_value": cells.decimal(row.get("Cible"), "cible"),
        }
        if not values["label"]:
            raise Refused("indicateur sans libellé")
        if pk is None:
            action = self._action(row.get(ACTION_ID))
            if any(fold(i.label) == fold(values["label"]) for i in action.indicators.all()):
                return []  # already added (the same file read again)
            self._coordinates()
            labels = [(f, "—", _shown(f, v)) for f, v in _labelled(values).items() if v not in ("", None)]
            op = {"kind": "indicator", "id": None, "action": action.pk, "values": _plain(values)}
            return [(f"{action.reference} — nouvel indicateur", labels, op)]
        indicator = Indicator.objects.filter(pk=pk, action__in=list(self.actions.values())).first()
        if indicator is None:
            raise Refused(f"l'indicateur {pk} n'appartient pas à cette convention")
        diff = {f: v for f, v in values.items() if getattr(indicator, f) != v}
        if not diff:
            return []
        self._coordinates()
        self._stale(row, indicator_version(indicator), f"L'indicateur « {indicator.label[:60]} »")
        labels = [(label, _shown(f, getattr(indicator, f)), _shown(f, diff[f])) for f, label in _fields(diff)]
        op = {
            "kind": "indicator",
            "id": indicator.pk,
            "action": indicator.action_id,
            "version": indicator_version(indicator),
            "values": _plain(values),
        }
        subject = f"{self.actions[indicator.action_id].reference} — {indicator.label[:60]}"
        return [(subject, labels, op)]

    def _coordinates(self) -> None:
        if not self.coordinated:
            raise Refused("les indicateurs sont tenus par les coordinations")

    def _measurement_row(self, row) -> list:
        pk = cells.identifier(row.get(ID))
        value = cells.decimal(row.get("Valeur"), "valeur")
        date = cells.date(row.get("Date"))
        comment = cells.text(row.get("Commentaire"))
        if pk is not None:
            m = Measurement.objects.filter(pk=pk, indicator__action__convention=self.convention).first()
            if m is None:
                raise Refused(f"la mesure {pk} n'appartient pas à cette convention")
            if (m.value, m.date, m.comment) != (value, date, comment):
                raise Refused(
                    "une mesure saisie ne se modifie pas depuis le tableur : la contester sur la page de l'action, "
                    "ou saisir la valeur juste sur une nouvelle ligne sans identifiant"
                )
            return []
        indicator_pk = cells.identifier(row.get(INDICATOR_ID))
        indicator = Indicator.objects.filter(pk=indicator_pk or 0, action__in=list(self.actions.values())).first()
        if indicator is None:
            raise Refused(
                f"l'indicateur {cells.text(row.get(INDICATOR_ID)) or '(absent)'} n'est pas de cette convention"
            )
        action = self.actions[indicator.action_id]
        if value is None or date is None:
            raise Refused("une nouvelle mesure a une date et une valeur")
        if date > timezone.localdate():
            raise Refused(f"mesure datée du {date:%d/%m/%Y}, dans le futur")
        writable = self._writable(action)
        if not writable:
            raise Refused(f"vous ne pouvez pas saisir de mesure sur l'action « {action.title[:60]} »")
        party = self._party(row.get("Partie"), writable, action)
        if indicator.measurements.filter(party=party, date=date, value=value).exists():
            return []  # already entered (the same file read again)
        labels = [("mesure", "—", f"{_shown('value', value)} {indicator.unit} au {_shown('date', date)}".strip())]
        op = {
            "kind": "measurement",
            "indicator": indicator.pk,
            "party": party.pk,
            "date": date.isoformat(),
            "value": str(value),
            "comment": comment[:2000],
        }
        return [(f"{action.reference} — {indicator.label[:60]} ({party.label})", labels, op)]

    def _budget_row(self, row) -> list:
        pk = cells.identifier(row.get(ID))
        values = {
            "year": cells.year(row.get("Année")),
            "nature": cells.nature(row.get("Nature")),
            "label": cells.text(row.get("Objet"))[:300],
            "planned": cells.decimal(row.get("Prévu (€)"), "montant prévu"),
            "spent": cells.decimal(row.get("Dépensé (€)"), "montant dépensé") or budgets.ZERO,
            "cofinancings": cells.cofinancings(row.get("Cofinancements")),
        }
        if values["planned"] is None:
            raise Refused("montant prévu absent")
        if pk is None:
            action = self._action(row.get(ACTION_ID))
            party = self._party(row.get("Partie"), budgets.writable_parties(self.user, action), action)
            twin = (
                budgets.current_lines(action)
                .filter(party=party, year=values["year"], nature=values["nature"], label=values["label"])
                .first()
            )
            if twin is not None:
                if budget_version(twin) == _budget_fingerprint(values):
                    return []  # already added (the same file read again)
                raise Refused(
                    f"une ligne de même année, nature et objet existe déjà (identifiant {twin.pk}) : la modifier"
                )
            budgets.check_line(action, values["year"], values["planned"], values["spent"], values["cofinancings"])
            labels = [("ligne", "—", _line_text(values))]
            op = {"kind": "budget", "id": None, "action": action.pk, "party": party.pk, "values": _plain(values)}
            return [(f"{action.reference} — budget de {party.label}", labels, op)]
        line = budgets.current_lines(self.convention).filter(pk=pk).first()
        if line is None:
            raise Refused(f"la ligne budgétaire {pk} n'est pas de cette convention (ou a été retirée)")
        current = budget_version(line)
        if _budget_fingerprint(values) == current:
            return []
        if line.party not in budgets.writable_parties(self.user, line.action):
            raise Refused(f"seuls la coordination de {line.party.label} et les pilotes de l'action écrivent son budget")
        self._stale(row, current, "Cette ligne budgétaire")
        budgets.check_line(line.action, values["year"], values["planned"], values["spent"], values["cofinancings"])
        before = _line_text(
            {
                "year": line.year,
                "nature": line.nature,
                "label": line.label,
                "planned": line.planned,
                "spent": line.spent,
                "cofinancings": [(c.financer, c.amount) for c in line.cofinancings.all()],
            }
        )
        op = {"kind": "budget", "id": line.pk, "version": current, "values": _plain(values)}
        return [
            (f"{line.action.reference} — budget de {line.party.label}", [("ligne", before, _line_text(values))], op)
        ]


def plan(convention: Convention, user, book: dict[str, list[dict]]) -> ImportPlan:
    """What the file would change, and the rows refused."""
    return Planner(convention, user).run(book)


def _services(party, names: list[str]) -> dict[int, str]:
    known = {fold(s.name): s for s in Service.objects.filter(organisation_id=party.organisation_id)}
    out = {}
    for name in names:
        service = known.get(fold(name))
        if service is None:
            raise Refused(f"service « {name} » inconnu de {party.label}")
        out[service.pk] = service.name
    return out


def _people(party, names: list[str]) -> dict[int, str]:
    """People named by e-mail or login, among the pilots of the party's organisation (those the
    action page offers)."""
    by_name = {}
    for u in pilots_of(party.organisation_id):
        by_name[fold(u.username)] = u
        if u.email:
            by_name[fold(u.email)] = u
    out = {}
    for name in names:
        user = by_name.get(fold(name))
        if user is None:
            raise Refused(f"« {name} » n'est pas un pilote de {party.label} (écrire son adresse électronique)")
        out[user.pk] = person(user)
    return out


def _listed(named: dict[int, str]) -> str:
    return "; ".join(sorted(named.values())) or "—"


INDICATOR_FIELDS = {"label": "libellé", "unit": "unité", "baseline": "valeur de référence", "target_value": "cible"}


def _fields(values: dict):
    return [(f, INDICATOR_FIELDS[f]) for f in values]


def _labelled(values: dict) -> dict:
    return {INDICATOR_FIELDS[f]: v for f, v in values.items()}


def _budget_fingerprint(values: dict) -> str:
    pairs = sorted((financer, amount.normalize()) for financer, amount in values["cofinancings"])
    return fingerprint(values["year"], values["nature"], values["label"], values["planned"], values["spent"], pairs)


def _line_text(values: dict) -> str:
    nature = BudgetLine.Nature(values["nature"]).label.lower()
    text = f"{values['year']}, {nature}"
    if values["label"]:
        text += f", {values['label']}"
    text += f" : prévu {_shown('planned', values['planned'])} €, dépensé {_shown('spent', values['spent'])} €"
    if values["cofinancings"]:
        text += " ; cofinancé par " + ", ".join(f"{f} ({_shown('x', a)} €)" for f, a in values["cofinancings"])
    return text


def _plain(values: dict) -> dict:
    """Values the session can keep (JSON): dates in ISO form, amounts as text."""
    out = {}
    for f, v in values.items():
        if hasattr(v, "isoformat"):
            v = v.isoformat()
        elif f == "cofinancings":
            v = [[financer, str(amount)] for financer, amount in v]
        elif v is not None and not isinstance(v, (int, str)):
            v = str(v)
        out[f] = v
    return out


def _shown(f: str, v) -> str:
    if v is None or v == "":
        return "—"
    if f == "status":
        return Action.Status(v).label
    if hasattr(v, "strftime"):
        return v.strftime("%d/%m/%Y")
    if hasattr(v, "quantize"):
        return format_euros(v)
    return str(v)
