"""The `lkip` command line: parse options, call the engine, print, return an exit code.

Exit codes: 0 success, 1 problems found in specs/data (or differences found by check), 2 usage error.
"""
from __future__ import annotations

import enum
import io
import json
import os
import sys
from importlib.metadata import PackageNotFoundError, version as package_version
from pathlib import Path
from typing import NoReturn, Optional

import typer
from rich.console import Console

from lkip.engine import api, schema as schemas
from lkip.engine.reconcile import check as reconcile, summary as check_summary
from lkip.engine.compare import compare_all, parse_kinds
from lkip.engine.diagnostics import Diagnostic, LkipError, Severity, did_you_mean
from lkip.engine.explain import explain
from lkip.engine.render.reconcile_text import render_check
from lkip.engine.render.explain_text import render_explain
from lkip.engine.render.exports import build_tables, to_csv, to_markdown, to_xlsx
from lkip.engine.render.jsonout import render_json
from lkip.engine.render.select import UnknownNode, select
from lkip.engine.render.table import render_table
from lkip.engine.render.tree import render_tree

from .output import atomic_write, print_diagnostics

app = typer.Typer(
    name="lkip",
    help="Compute, explain and check an LKIP performance tree declared in YAML (specs/ and data/).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(str, enum.Enum):
    id = "id"
    en = "en"


class EvalFormat(str, enum.Enum):
    tree = "tree"
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class TextOrJson(str, enum.Enum):
    text = "text"
    json = "json"


SpecsOpt = typer.Option(Path("specs"), "--specs", envvar="LKIP_SPECS", help="Folder of the declared tree.",
                        show_default=True)
DataOpt = typer.Option(Path("data"), "--data", envvar="LKIP_DATA", help="Folder of the yearly data.",
                       show_default=True)


def _version(value: bool) -> None:
    if value:
        try:
            typer.echo(f"lkip {package_version('lkip')}")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            typer.echo("lkip (not installed)")
        raise typer.Exit(0)


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Compute, explain and check an LKIP performance tree declared in YAML (specs/ and data/)."""


def _console(no_color: bool = False, stderr: bool = False) -> Console:
    return Console(stderr=stderr, no_color=no_color or "NO_COLOR" in os.environ, highlight=False,
                   soft_wrap=False)


def _fail(error: LkipError, no_color: bool = False) -> NoReturn:
    print_diagnostics(_console(no_color, stderr=True), error.diagnostics)
    raise typer.Exit(1)


def _evaluated(specs: Path, data: Path, year: int, no_color: bool, trace: bool = False,
               node_id: str | None = None, tw: int | None = None):
    """The checked workspace and the year's evaluation; on problems, print them and exit 1."""
    try:
        ws, compiled = api.require(api.check(specs, data))
        if node_id is not None and node_id not in ws.nodes:
            raise LkipError([Diagnostic(code="LK001", message=f"no node '{node_id}'", path=None, line=None, col=None,
                                        hint=did_you_mean(node_id, ws.nodes) or "lkip eval YEAR lists the ids")])
        return ws, compiled, api.evaluate_year(ws, compiled, year, trace=trace, tw=tw)
    except LkipError as error:
        _fail(error, no_color)


@app.command("eval")
def eval_command(
    year: int = typer.Argument(..., help="The year to evaluate, e.g. 2024."),
    format: EvalFormat = typer.Option(EvalFormat.tree, "--format", "-f",
                                      help="Output format: tree, table, json, md (report tables), csv, xlsx, html (the colored tree)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write to this file (atomically) instead of the terminal."),
    depth: Optional[int] = typer.Option(None, "--depth", min=0,
                                        help="Show only this many levels below the first (0 = the top only)."),
    only: Optional[str] = typer.Option(None, "--only", help="Show only the subtree of this node id."),
    compare: Optional[str] = typer.Option(None, "--compare",
                                          help="Add comparisons: prev, renstra, national (comma-separated)."),
    tw: Optional[int] = typer.Option(None, "--tw", min=1, max=4,
                                     help="Evaluate up to this quarter (1-4) from the quarterly (triwulan) data."),
    lang: Lang = typer.Option(Lang.id, "--lang", help="Language of labels and numbers: id or en."),
    no_color: bool = typer.Option(False, "--no-color", help="No colors (NO_COLOR is honoured too)."),
    specs: Path = SpecsOpt,
    data: Path = DataOpt,
) -> None:
    """Evaluate YEAR and print the colored achievement tree (or a table, JSON, or the report's tables)."""
    try:
        kinds = parse_kinds(compare)
    except ValueError as exc:
        typer.echo(f"lkip eval: --compare: {exc}", err=True)
        raise typer.Exit(2) from None
    if format is EvalFormat.xlsx and output is None:
        typer.echo("lkip eval: --format xlsx writes a workbook: give --output FILE.xlsx", err=True)
        raise typer.Exit(2)
    ws, compiled, evaluation = _evaluated(specs, data, year, no_color, tw=tw)
    previous = api.previous_year(ws, compiled, year) if kinds else None
    try:
        results = _select(evaluation, only, depth, ws)
    except LkipError as error:
        _fail(error, no_color)
        return
    comparisons = compare_all(evaluation, previous) if kinds else {}
    if format is EvalFormat.json:
        doc = render_json(evaluation, results)
        for node in doc["nodes"]:
            if kinds:
                full = comparisons[node["id"]].as_dict()
                node["compare"] = {k: full[k] for k in kinds}
        _emit(json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n", output)
        return
    if format is EvalFormat.csv:
        _emit(to_csv(render_json(evaluation, results)["nodes"]), output)
        return
    if format in (EvalFormat.md, EvalFormat.xlsx):
        tables = build_tables(evaluation, results, lang.value, previous, kinds)
        if format is EvalFormat.md:
            org = ws.organisation
            _emit(to_markdown(tables, lang.value, f"{org.name} — LKIP {year}"), output)
        else:
            _emit(to_xlsx(tables), output)
        return
    html = format is EvalFormat.html
    console = _console(no_color)
    if output is not None or html:
        console = Console(record=True, width=200, no_color=not html, force_terminal=html, file=io.StringIO())
    renderable = render_tree(evaluation, results, lang.value, console.width, comparisons, kinds) \
        if format in (EvalFormat.tree, EvalFormat.html) else render_table(evaluation, results, lang.value,
                                                                             console.width)
    console.print(renderable)
    if html:  # the colored tree as a standalone page
        _emit(console.export_html(inline_styles=True), output)
    elif output is not None:
        _emit(console.export_text(), output)


def _select(evaluation, only, depth, ws):
    try:
        return select(evaluation, only=only, depth=depth)
    except UnknownNode:
        raise LkipError([Diagnostic(code="LK001", message=f"--only: no node '{only}'", path=None, line=None, col=None,
                                    hint=did_you_mean(only, ws.nodes) or "see lkip eval for the ids")]) from None


@app.command("explain")
def explain_command(
    node_id: str = typer.Argument(..., metavar="ID", help="The node to explain, e.g. IKU1."),
    year: int = typer.Argument(..., help="The year, e.g. 2024."),
    format: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text or json."),
    lang: Lang = typer.Option(Lang.id, "--lang", help="Language of labels and numbers: id or en."),
    no_color: bool = typer.Option(False, "--no-color", help="No colors."),
    specs: Path = SpecsOpt,
    data: Path = DataOpt,
) -> None:
    """Show the audit trail of one figure: formula, inputs, steps, target, rule, predikat, roll-up, budget."""
    ws, compiled, evaluation = _evaluated(specs, data, year, no_color, trace=True, node_id=node_id)
    trail = explain(evaluation, node_id, api.previous_year(ws, compiled, year))
    if format is TextOrJson.json:
        sys.stdout.write(json.dumps(trail, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
        return
    _console(no_color).print(render_explain(trail, lang.value))


@app.command("check")
def check_command(
    year: int = typer.Argument(..., help="The year, e.g. 2024."),
    tolerance: float = typer.Option(0.01, "--tolerance", min=0,
                                    help="Largest difference that is not reported (in the figure's unit)."),
    format: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text or json."),
    lang: Lang = typer.Option(Lang.id, "--lang", help="Language of numbers: id or en."),
    no_color: bool = typer.Option(False, "--no-color", help="No colors."),
    specs: Path = SpecsOpt,
    data: Path = DataOpt,
) -> None:
    """Compare every computed figure with what the report printed; exit 1 when any differs."""
    _, _, evaluation = _evaluated(specs, data, year, no_color)
    differences = reconcile(evaluation, tolerance, lang.value)
    if format is TextOrJson.json:
        payload = {"year": year, "tolerance": tolerance, "differences": [d.as_dict() for d in differences],
                   "summary": check_summary(differences)}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    else:
        _console(no_color).print(render_check(differences, tolerance, lang.value))
    raise typer.Exit(1 if differences else 0)


def _emit(content: str | bytes, output: Optional[Path]) -> None:
    """To the terminal, or atomically into the output file (text or a workbook's bytes)."""
    if output is None:
        sys.stdout.write(content)
        return
    try:
        atomic_write(output, content)
    except OSError as exc:
        typer.echo(f"lkip: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None


@app.command("validate")
def validate_command(
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors."),
    format: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text (path:line:col) or json."),
    no_color: bool = typer.Option(False, "--no-color", help="No colors."),
    specs: Path = SpecsOpt,
    data: Path = DataOpt,
) -> None:
    """Check specs and data against the schema and the rules; exit 1 on problems (for CI and pre-commit)."""
    checked = api.check(specs, data)
    diagnostics = checked.diagnostics.sorted()
    failing = [d for d in diagnostics if d.severity is Severity.ERROR or strict]
    if format is TextOrJson.json:
        payload = {"ok": not failing, "errors": len(checked.diagnostics.errors),
                   "warnings": len(checked.diagnostics.warnings), "problems": [d.as_dict() for d in diagnostics]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    else:
        console = _console(no_color)
        print_diagnostics(console, diagnostics)
        nodes = len(checked.workspace.nodes) if checked.workspace else 0
        years = ", ".join(str(y) for y in sorted(checked.workspace.years)) if checked.workspace else "-"
        summary = (f"{len(checked.diagnostics.errors)} error(s), {len(checked.diagnostics.warnings)} warning(s) "
                   f"in {nodes} nodes; data years: {years}")
        console.print(("[red]✗[/] " if failing else "[green]✓[/] ") + summary)
    raise typer.Exit(1 if failing else 0)


@app.command("schema")
def schema_command(
    name: Optional[str] = typer.Argument(None, help="One schema: specs, organisation, scales or data."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write every schema as <name>.schema.json into this folder."),
) -> None:
    """Print a JSON Schema (Draft 2020-12), or write them all into a folder for editors and CI."""
    if name is not None and name not in schemas.SCHEMA_NAMES:
        typer.echo(f"lkip schema: unknown schema '{name}' (choose from {', '.join(schemas.SCHEMA_NAMES)})", err=True)
        raise typer.Exit(2)
    if output is not None:
        try:
            output.mkdir(parents=True, exist_ok=True)
            for each in (name,) if name else schemas.SCHEMA_NAMES:
                atomic_write(output / f"{each}.schema.json", schemas.schema_text(each))
        except OSError as exc:
            typer.echo(f"lkip schema: cannot write to {output}: {exc.strerror or exc}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"wrote {len((name,) if name else schemas.SCHEMA_NAMES)} schema(s) to {output}")
        return
    sys.stdout.write(schemas.schema_text(name or "specs"))


def run() -> None:
    """Console-script entry point: never a traceback for a user's mistake."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("lkip: interrupted\n")
        sys.exit(130)
