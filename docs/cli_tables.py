"""README's command table, generated from the command line itself (its English `--help`).

README.md holds the table between cog markers; after changing a command, an option or a help text, regenerate it
with `cog -r -I docs README.md` (tests/test_docs.py runs `cog --check` and fails while README is out of date).
Run as a script, this prints the table.
"""

from __future__ import annotations

import enum
import inspect
import os
import pathlib
import sys
import types
import typing
from typing import Any

HIDDEN = {"--help"}


def _english_app() -> Any:
    """The click group of `lkip`, with English help texts (chosen once per process, when lkip.cli is imported)."""
    os.environ["LKIP_LANG"] = "en"
    from typer.main import get_command

    from lkip.cli import texts
    from lkip.cli.main import app

    if texts.HELP_LANG != "en":
        raise SystemExit("lkip.cli was imported in Indonesian before this script; run it in a fresh process")
    return get_command(app)


# Placeholders for text options, whose type says nothing of what they take.
TEXT_VALUES = {"only": "ID", "compare": "prev,renstra,national"}


def _signature(callback: Any) -> dict[str, tuple[Any, Any]]:
    """parameter name -> (annotation without Optional/Annotated, typer's OptionInfo/ArgumentInfo)."""
    hints = typing.get_type_hints(callback, include_extras=True)
    found = {}
    for name, parameter in inspect.signature(callback).parameters.items():
        annotation, info = hints.get(name, str), parameter.default
        if typing.get_origin(annotation) is typing.Annotated:
            annotation, *extras = typing.get_args(annotation)
            info = next((e for e in extras if hasattr(e, "param_decls")), info)
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        found[name] = (annotation, info)
    return found


def _value(name: str, annotation: Any, info: Any, help: str) -> str | None:
    """What follows an option on the command line (None for a flag): choices, a range, or a placeholder."""
    if annotation is bool:
        return None
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "|".join(str(member.value) for member in annotation)
    low, high = getattr(info, "min", None), getattr(info, "max", None)
    if annotation is int:
        return f"{low}..{high}" if low is not None and high is not None else "N"
    if annotation is float:
        return "X"
    if isinstance(annotation, type) and issubclass(annotation, pathlib.PurePath):
        return "DIR" if "folder" in help.lower() else "FILE"
    return TEXT_VALUES.get(name, "TEXT")


def options(command: Any) -> list[str]:
    """Every option of a command that --help lists, in its order (the help option left out), as README shows it:
    `--name VALUE`, or `--name` for a flag."""
    signature = _signature(command.callback) if command.callback else {}
    shown = []
    for param in command.params:
        if param.param_type_name != "option" or getattr(param, "hidden", False) or HIDDEN & set(param.opts):
            continue
        long = next(o for o in param.opts if o.startswith("--"))
        annotation, info = signature.get(param.name, (bool, None))
        value = _value(param.name, annotation, info, param.help or "")
        shown.append(long if value is None else f"{long} {value}")
    return shown


def usage(name: str, command: Any) -> str:
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    shown = [(p.metavar or p.name.upper()) if p.required else f"[{(p.metavar or p.name).upper()}]" for p in arguments]
    return " ".join(["lkip", name, *shown]) if name else "lkip"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def commands_table() -> str:
    """The markdown table: one row per command (and one for `lkip` itself), its help and its options."""
    group = _english_app()
    rows = [("", group)] + sorted(
        group.commands.items(), key=lambda item: ORDER.index(item[0]) if item[0] in ORDER else len(ORDER)
    )
    lines = ["| command | does | options |", "|---|---|---|"]
    for name, command in rows:
        does = (command.help or "").strip().split("\n\n")[0]
        opts = ", ".join(f"`{_cell(o)}`" for o in options(command))
        lines.append(f"| `{usage(name, command)}` | {_cell(does)} | {opts} |")
    return "\n".join(lines) + "\n"


ORDER = ["eval", "explain", "check", "validate", "report", "template", "import", "init", "schema"]


if __name__ == "__main__":
    sys.stdout.write(commands_table())
