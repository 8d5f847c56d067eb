"""What an edited workbook would change, sheet by sheet, under the pages' policy: the rows it
would apply, the rows refused (unknown, not yours, changed in Concorde since the export, a value
that cannot be read) and how many are unchanged. Nothing is written here: apply.py does it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from concorde.conventions import budgets, policy
from concorde.conventions.models import Action, ActionPilot, Convention, Indicator, Measurement
from concorde.governance import avenants
from concorde.lib.errors import DomainError
from concorde.lib.text import fold

from . import cells, preview, records
from .records import Refused
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
    read_action_version,
)

TRACKED_COLUMNS = {  # column -> (field, how its cell is read)
    "Statut": ("status", cells.status),
    "Avancement (%)": ("progress", cells.percentage),
    "Début": ("start_date", cells.date),
    "Fin prévue": ("end_date", cells.date),
    "Échéance": ("due_date", cells.date),
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
    token: str = ""  # names this preview in the session, for its confirmation

    @property
    def by_avenant(self) -> list[Change]:
        return [c for c in self.changes if c.op["kind"] == "title"]


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
        # read once for the whole file, not a query per row
        self.pilots = {
            (p.action_id, p.party_id): p
            for p in ActionPilot.objects.filter(action__in=list(self.actions)).prefetch_related("services", "users")
        }
        self.indicators = {
            i.pk: i for i in Indicator.objects.filter(action__in=list(self.actions)).prefetch_related("measurements")
        }
        self.plan = ImportPlan()
        self.new_rows: dict[tuple, int] = {}  # what a new row adds -> its line: a row twice adds once

    def _once(self, key: tuple, line: int) -> None:
        first = self.new_rows.setdefault(key, line)
        if first != line:
            raise Refused(f"en double avec la ligne {first} du fichier")

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

    def _party(self, row, choices: list, action: Action):
        """The party a new row is for: by its identifier, else its name, else the only one the
        user writes for."""
        pk, label = cells.identifier(row.get(PARTY_ID)), fold(cells.text(row.get("Partie")))
        if pk is not None:
            found = self.parties.get(pk)
        elif label:
            found = next((p for p in self.parties.values() if fold(p.label) == label), None)
        elif len(choices) == 1:
            return choices[0]
        else:
            raise Refused("préciser la partie (colonne « Identifiant de la partie » ou « Partie »)")
        if found is None:
            raise Refused(
                f"partie « {cells.text(row.get(PARTY_ID)) or cells.text(row.get('Partie'))} » inconnue de cette convention"
            )
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
            version, title_print = read_action_version(cells.text(row.get(VERSION)))
        except ValueError:
            raise Refused("identifiant ou version illisible") from None
        values = {name: read(row[column]) for column, (name, read) in TRACKED_COLUMNS.items() if column in row}
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
                (Action._meta.get_field(f).verbose_name, preview.shown(f, getattr(action, f)), preview.shown(f, v))
                for f, v in diff.items()
            ]
            op = {"kind": "tracking", "action": action.pk, "version": version, "values": preview.plain(diff)}
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
            if title_print != fingerprint(action.title)[:6]:
                raise Refused(
                    f"le titre de l'action « {action.title[:60]} » a changé depuis l'export : exporter à nouveau"
                )
            labels = [("titre, par avenant", action.title, title)]
            out.append((subject, labels, {"kind": "title", "action": action.pk, "title": title[:500]}))
        return out

    def _pilot_row(self, row) -> list:
        action = self._action(row.get(ACTION_ID))
        party = self.parties.get(cells.identifier(row.get(PARTY_ID)) or 0)
        if party is None or not party.takes_part:
            raise Refused(f"partie {cells.text(row.get(PARTY_ID))} inconnue de cette convention")
        pilot = self.pilots.get((action.pk, party.pk))
        current_services = {s.pk: s.name for s in pilot.services.all()} if pilot else {}
        current_users = {u.pk: person(u) for u in pilot.users.all()} if pilot else {}
        services = records.services_named(party, cells.names(row.get("Services pilotes")))
        users = records.people_named(party, cells.names(row.get("Personnes pilotes")))
        if set(services) == set(current_services) and set(users) == set(current_users):
            return []
        if party.pk not in self.coordinated:
            raise Refused(f"seule la coordination de {party.label} désigne ses pilotes")
        self._stale(row, pilot_version(pilot), f"Le pilotage de {party.label}")
        labels = []
        if set(services) != set(current_services):
            labels.append(("services pilotes", preview.listed(current_services), preview.listed(services)))
        if set(users) != set(current_users):
            labels.append(("personnes pilotes", preview.listed(current_users), preview.listed(users)))
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
            if any(
                i.action_id == action.pk and fold(i.label) == fold(values["label"]) for i in self.indicators.values()
            ):
                return []  # already added (the same file read again)
            self._coordinates()
            self._once(("indicator", action.pk, fold(values["label"])), row["_line"])
            labels = [(f, "—", preview.shown(f, v)) for f, v in preview.labelled(values).items() if v not in ("", None)]
            op = {"kind": "indicator", "id": None, "action": action.pk, "values": preview.plain(values)}
            return [(f"{action.reference} — nouvel indicateur", labels, op)]
        indicator = self.indicators.get(pk)
        if indicator is None:
            raise Refused(f"l'indicateur {pk} n'appartient pas à cette convention")
        diff = {f: v for f, v in values.items() if getattr(indicator, f) != v}
        if not diff:
            return []
        self._coordinates()
        self._stale(row, indicator_version(indicator), f"L'indicateur « {indicator.label[:60]} »")
        labels = [
            (label, preview.shown(f, getattr(indicator, f)), preview.shown(f, diff[f]))
            for f, label in preview.indicator_fields(diff)
        ]
        op = {
            "kind": "indicator",
            "id": indicator.pk,
            "action": indicator.action_id,
            "version": indicator_version(indicator),
            "values": preview.plain(values),
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
        indicator = self.indicators.get(indicator_pk)
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
        party = self._party(row, writable, action)
        if any((m.party_id, m.date, m.value) == (party.pk, date, value) for m in indicator.measurements.all()):
            return []  # already entered (the same file read again)
        self._once(("measurement", indicator.pk, party.pk, date, value), row["_line"])
        labels = [
            (
                "mesure",
                "—",
                f"{preview.shown('value', value)} {indicator.unit} au {preview.shown('date', date)}".strip(),
            )
        ]
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
            party = self._party(row, budgets.writable_parties(self.user, action), action)
            twin = (
                budgets.current_lines(action)
                .filter(party=party, year=values["year"], nature=values["nature"], label=values["label"])
                .first()
            )
            if twin is not None:
                if budget_version(twin) == preview.budget_fingerprint(values):
                    return []  # already added (the same file read again)
                raise Refused(
                    f"une ligne de même année, nature et objet existe déjà (identifiant {twin.pk}) : la modifier"
                )
            budgets.check_line(action, values["year"], values["planned"], values["spent"], values["cofinancings"])
            self._once(("budget", action.pk, party.pk, values["year"], values["nature"], values["label"]), row["_line"])
            labels = [("ligne", "—", preview.line_text(values))]
            op = {"kind": "budget", "id": None, "action": action.pk, "party": party.pk, "values": preview.plain(values)}
            return [(f"{action.reference} — budget de {party.label}", labels, op)]
        line = budgets.current_lines(self.convention).filter(pk=pk).first()
        if line is None:
            raise Refused(f"la ligne budgétaire {pk} n'est pas de cette convention (ou a été retirée)")
        current = budget_version(line)
        if preview.budget_fingerprint(values) == current:
            return []
        if line.party not in budgets.writable_parties(self.user, line.action):
            raise Refused(f"seuls la coordination de {line.party.label} et les pilotes de l'action écrivent son budget")
        self._stale(row, current, "Cette ligne budgétaire")
        budgets.check_line(line.action, values["year"], values["planned"], values["spent"], values["cofinancings"])
        before = preview.line_text(
            {
                "year": line.year,
                "nature": line.nature,
                "label": line.label,
                "planned": line.planned,
                "spent": line.spent,
                "cofinancings": [(c.financer, c.amount) for c in line.cofinancings.all()],
            }
        )
        op = {"kind": "budget", "id": line.pk, "version": current, "values": preview.plain(values)}
        return [
            (
                f"{line.action.reference} — budget de {line.party.label}",
                [("ligne", before, preview.line_text(values))],
                op,
            )
        ]


def plan(convention: Convention, user, book: dict[str, list[dict]]) -> ImportPlan:
    """What the file would change, and the rows refused."""
    return Planner(convention, user).run(book)
