"""Problems are records: collected over all files, then reported by the command line."""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from .messages import DEFAULT_LANG, Message, render


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


#: Every code lkip reports, with a one-line meaning (the README table is checked against this).
CODES: dict[str, str] = {
    "LK001": "file or folder cannot be read",
    "LK002": "file is not valid UTF-8",
    "LK003": "YAML syntax error",
    "LK004": "duplicate key in a mapping",
    "LK005": "YAML anchor or alias (not allowed)",
    "LK006": "tab character used for indentation",
    "LK007": "file too large or nested too deeply",
    "LK008": "explicit YAML tag (not allowed)",
    "LK009": "empty file, or not the expected top-level shape",
    "LK010": "symbolic link that leads outside the specs and data folders (not followed)",
    "LK011": "number outside the accepted range (0, or 10^-18 to 10^18 in size)",
    "LK012": "an output cannot be written (disk full, file-size limit, permission); the previous file is unchanged",
    "LK101": "value does not match the schema",
    "LK102": "unknown key",
    "LK103": "required key missing",
    "LK104": "value has the wrong type",
    "LK201": "duplicate node id",
    "LK202": "parent does not exist",
    "LK203": "parent has the wrong kind",
    "LK204": "cycle in the parent chain",
    "LK205": "no target for the latest data year, the year reported",
    "LK206": "a sasaran has a parent, or another kind has none",
    "LK207": "roll-up refers to an unknown node or has no nodes to roll up",
    "LK208": "roll-up sums children of different units",
    "LK209": "renstra targets move against the declared direction",
    "LK210": "data for an id that no spec declares",
    "LK211": "data inputs do not match the spec's inputs",
    "LK212": "scale bands have a gap or an overlap",
    "LK213": "unknown scale",
    "LK214": "input declared but never used by the formula",
    "LK215": "the same field given twice for one id in the data",
    "LK233": "a check (cross-check) names a node no spec declares",
    "LK234": "a check names an input the node's data does not give",
    "LK235": "'derived' explains a value the record does not give",
    "LK236": "a target revision's date is not an ISO date (YYYY-MM-DD)",
    "LK237": "a target's revisions are not in date order",
    "LK238": "a target revision dated outside its year (or the year before)",
    "LK239": "a target's value differs from its latest revision's",
    "LK240": "quarterly targets (triwulan) or revisions on a range or band target",
    "LK241": "the rencana aksi's target to TW IV differs from the year's target",
    "LK242": "the targets to date of a summed count fall from one quarter to the next",
    "LK243": "rencana: proportional on a node whose realisasi does not add up (cumulation is not sum)",
    "LK244": "the periods' spending over the year differs from the year's realisasi anggaran",
    "LK245": "spending per period on a record without a pagu",
    "LK216": "realisasi given directly beside the inputs of a formula",
    "LK217": "a roll-up would put a sum of realisasi into a capaian",
    "LK218": "a node with targets declares no direction or no unit",
    "LK219": "a policy's capaian_floor is not below its capaian_cap",
    "LK220": "policy cap_rollup without a capaian_cap (no effect)",
    "LK225": "a target mapping gives none or several of value, min/max and band, or its min is above its max",
    "LK226": "a band target names a band the scale does not have",
    "LK227": "a one-sided target limit contradicts the direction ({max} needs lower, {min} higher)",
    "LK301": "formula syntax error",
    "LK302": "formula names an unknown input",
    "LK303": "formula calls an unknown function",
    "LK304": "formula uses a construct that is not allowed",
    "LK305": "formula too long, too large or too deeply nested",
    "LK401": "no node with that id (usage error, exit 2)",
    "LK402": "no data for that year (usage error, exit 2)",
    "LK403": "an option has a value lkip does not know (usage error, exit 2)",
    "LK404": "--output is not a regular file, or lies inside specs/ or data/ (usage error, exit 2)",
    "LK405": "--format contradicts the extension of --output (usage error, exit 2)",
    "LK410": "--csv-dialect given for a format other than csv (usage error, exit 2)",
    "LK420": "lkip report: the Word report needs --output (usage error, exit 2)",
    "LK421": "lkip report: the Word report needs the report extra: pip install 'lkip[report]'",
    "LK600": "lkip import: the file cannot be read as a workbook or CSV (damaged, no workbook inside, too large)",
    "LK601": "lkip import: a cell is not a number (text, date, formula without a value, ambiguous 1.234)",
    "LK602": "lkip import: a number outside the accepted range, or a negative budget",
    "LK603": "lkip import: a unit written in a cell contradicts the row's unit",
    "LK604": "lkip import: a row names a node no spec declares",
    "LK605": "lkip import: a field the node does not take (unknown input, wrong shape, budget row, not carried out)",
    "LK606": "lkip import: the same figure given twice with different values",
    "LK607": "lkip import: no key row, an unknown or repeated column key, or a column of another year",
    "LK608": "lkip import: the data would not validate after the import; nothing written",
    "LK609": "lkip import: a data file changed meanwhile or cannot be edited faithfully; nothing written",
    "LK610": "lkip import: a write failed (a data file, or the copy that checks them); files restored or backups named",
    "LK611": "lkip import: a value in a row or column without its keys",
    "LK501": "realisasi anggaran above the pagu: serapan above 100 %",
    "LK502": "a target of 0 where the capaian rule divides by it",
    "LK503": "policy inverse_zero on a node whose capaian rule is not target / realisasi (never used)",
    "LK620": "lkip init: the folder exists and is not empty (usage error, exit 2)",
    "LK621": "the structure workbook cannot be read (not an .xlsx workbook, corrupt, or no sheet 'Struktur')",
    "LK622": "structure sheet: no header row, an unknown column, a column twice or a required one missing",
    "LK623": "structure sheet: the office block lacks the name or the target year, or a year or the renstra is wrong",
    "LK624": "structure sheet: a level that is not sasaran, iku, program, kegiatan or sub_kegiatan",
    "LK625": "structure sheet: a node id missing, not valid, reserved or given twice",
    "LK626": "structure sheet: a parent missing, not in the sheet, or not of the level above",
    "LK627": "structure sheet: a direction that is not naik/turun (higher/lower)",
    "LK628": "structure sheet: a target that is not a number or lies outside the accepted range",
    "LK629": "structure sheet: a required cell is empty (name; unit and direction beside a target) or no node rows",
    "LK630": "structure sheet: a formula or its inputs cannot be used",
    "LK631": "structure sheet: a roll-up lkip does not know, or one beside a formula",
    "LK632": "structure sheet: a spreadsheet formula where a value is expected",
    "LK633": "structure sheet pre-filled from a workspace: a node's setting the sheet cannot hold (warning)",
}


SEVERITY_WORDS = {
    "id": {Severity.ERROR: "galat", Severity.WARNING: "peringatan"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning"},
}


@dataclass(frozen=True, kw_only=True)
class Diagnostic:
    """One problem: where, which code, what and what to do. The only text form is `format()`:

    path:line:col: severity CODE message [hint]
    """

    code: str
    message: str | Message
    path: str | None = None
    line: int | None = None
    col: int | None = None
    hint: str | Message | None = None
    severity: Severity = Severity.ERROR
    node_id: str | None = None

    def location(self) -> str:
        if self.path is None:
            return "lkip"
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"

    def text(self, lang: str = DEFAULT_LANG) -> str:
        return render(self.message, lang) or ""

    def hint_text(self, lang: str = DEFAULT_LANG) -> str | None:
        return render(self.hint, lang)

    def format(self, lang: str = DEFAULT_LANG) -> str:
        text = f"{self.location()}: {SEVERITY_WORDS[lang][self.severity]} {self.code} {self.text(lang)}"
        hint = self.hint_text(lang)
        if hint:
            text += f" [{hint}]"
        return text

    def as_dict(self, lang: str = DEFAULT_LANG) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.text(lang),
            "hint": self.hint_text(lang),
            "node": self.node_id,
        }


@dataclass
class Diagnostics:
    """An ordered collection of problems."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.path or "", d.line or 0, d.col or 0, d.code))


class LkipError(Exception):
    """An error that stops a command; carries the diagnostics that explain it (exit 1: problems in files)."""

    exit_code = 1

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("; ".join(d.format("en") for d in diagnostics))


class UsageError(LkipError):
    """The command was asked for something that is not there (an unknown id, a year without data): exit 2."""

    exit_code = 2


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt word, or None."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.5)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> Message | None:
    """'did you mean X?' for the closest candidate; several when they are equally close (IKU9 -> IKU1 ... IKU6)."""
    candidates = list(candidates)
    match = closest(word, candidates)
    if not match:
        return None
    best = difflib.SequenceMatcher(None, word, match).ratio()
    ties = [c for c in candidates if difflib.SequenceMatcher(None, word, c).ratio() == best]
    if len(ties) > 1:
        shown = ", ".join(sorted(ties)[:6]) + (", ..." if len(ties) > 6 else "")
        return Message("did you mean one of {ids}?", "maksud Anda salah satu dari {ids}?", ids=shown)
    return Message("did you mean '{id}'?", "maksud Anda '{id}'?", id=match)
