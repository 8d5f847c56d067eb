"""The tableau de bord as a workbook (XLSX, ODS; the actions alone as CSV), edited offline and
read back: sheets.py says what it holds, files.py writes and reads the files, changes.py
previews what an edited file would change and apply.py applies what was confirmed."""

from .apply import Outcome, apply
from .changes import Change, ImportPlan, plan
from .files import SheetError, inert, read, to_csv, to_ods, to_xlsx
from .sheets import workbook

__all__ = [
    "Change",
    "ImportPlan",
    "Outcome",
    "SheetError",
    "apply",
    "inert",
    "plan",
    "read",
    "to_csv",
    "to_ods",
    "to_xlsx",
    "workbook",
]
