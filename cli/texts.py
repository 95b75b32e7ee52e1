"""The language of `--help`: chosen before the command line is parsed (typer reads help texts when it builds).

`--lang en` anywhere on the command line, or LKIP_LANG=en, gives English help; Indonesian is the default.
Typer's own panel titles ("Options", "[default: …]") follow the same choice."""
from __future__ import annotations

import os
import sys
from typing import Sequence

from lkip.engine.messages import DEFAULT_LANG, LANGS

_TYPER_ID = {
    "ARGUMENTS_PANEL_TITLE": "Argumen",
    "OPTIONS_PANEL_TITLE": "Opsi",
    "COMMANDS_PANEL_TITLE": "Perintah",
    "ERRORS_PANEL_TITLE": "Galat",
    "DEFAULT_STRING": "[bawaan: {}]",
    "ENVVAR_STRING": "[variabel lingkungan: {}]",
    "REQUIRED_LONG_STRING": "[wajib]",
    "ABORTED_TEXT": "Dibatalkan.",
}


def detect(argv: Sequence[str] | None = None, environ: dict[str, str] | None = None) -> str:
    """The language asked for by `--lang X` / `--lang=X` on the command line, else LKIP_LANG, else id."""
    argv = sys.argv[1:] if argv is None else argv
    environ = dict(os.environ) if environ is None else environ
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else \
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else ""
        if value in LANGS:
            return value
    value = environ.get("LKIP_LANG", "")
    return value if value in LANGS else DEFAULT_LANG


HELP_LANG = detect()


def h(en: str, id_: str) -> str:
    """A help text in the language of this run."""
    return en if HELP_LANG == "en" else id_


def localise_typer() -> None:
    """Typer's own words in help panels, in Indonesian unless English was asked for."""
    if HELP_LANG == "en":
        return
    from typer import rich_utils

    for name, text in _TYPER_ID.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)
