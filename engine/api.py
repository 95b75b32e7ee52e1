"""One call from folders to a checked workspace: what every command starts with."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .validation import Compiled, check_workspace
from .diagnostics import Diagnostic, Diagnostics, LkipError, Severity
from .evaluate import Evaluation, evaluate
from .model import Workspace
from .workspace import load_workspace


@dataclass
class Checked:
    workspace: Workspace | None
    compiled: Compiled | None
    diagnostics: Diagnostics

    @property
    def ok(self) -> bool:
        return self.workspace is not None and not self.diagnostics.errors


def check(specs_dir: Path | str = "specs", data_dir: Path | str = "data") -> Checked:
    """Load and validate; never raises for a user's files (every problem is a diagnostic)."""
    loaded = load_workspace(specs_dir, data_dir)
    diagnostics = loaded.diagnostics
    if loaded.workspace is None:
        return Checked(None, None, diagnostics)
    compiled, problems = check_workspace(loaded.workspace)
    diagnostics.extend(problems)
    return Checked(loaded.workspace, compiled, diagnostics)


def require(checked: Checked, strict: bool = False) -> tuple[Workspace, Compiled]:
    """The workspace, or LkipError with the problems that prevent using it."""
    blocking = checked.diagnostics.errors + (checked.diagnostics.warnings if strict else [])
    if checked.workspace is None or blocking:
        raise LkipError(sorted(blocking, key=lambda d: (d.path or "", d.line or 0)) or [
            Diagnostic(code="LK001", message="the workspace could not be loaded")])
    return checked.workspace, checked.compiled


def evaluate_year(ws: Workspace, compiled: Compiled, year: int, trace: bool = False,
                  tw: int | None = None) -> Evaluation:
    if year not in ws.years:
        have = ", ".join(str(y) for y in sorted(ws.years)) or "none"
        raise LkipError([Diagnostic(code="LK001", message=f"no data for {year} in {ws.data_dir}/ (years with data: {have})",
                                    path=ws.data_dir, line=None, col=None, hint=f"add {ws.data_dir}/{year}.yaml or a folder "
                                    f"{ws.data_dir}/{year}/", severity=Severity.ERROR)])
    return evaluate(ws, year, compiled, trace=trace, tw=tw)


def previous_year(ws: Workspace, compiled: Compiled, year: int, trace: bool = False) -> Evaluation | None:
    """The previous year's evaluation, when the workspace has data for it."""
    if year - 1 not in ws.years:
        return None
    return evaluate(ws, year - 1, compiled, trace=trace)
