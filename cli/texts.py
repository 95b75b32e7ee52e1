"""The language of `--help`: chosen before the command line is parsed (typer reads help texts when it builds).

`--lang en` anywhere on the command line, or LKIP_LANG=en, gives English help; Indonesian is the default.
Typer's own panel titles ("Options", "[default: …]") follow the same choice."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

from typer.core import TyperCommand, TyperGroup

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
        value = (
            arg.split("=", 1)[1]
            if arg.startswith("--lang=")
            else argv[i + 1]
            if arg == "--lang" and i + 1 < len(argv)
            else ""
        )
        if value in LANGS:
            return value
    value = environ.get("LKIP_LANG", "")
    return value if value in LANGS else DEFAULT_LANG


HELP_LANG = detect()


def h(en: str, id_: str) -> str:
    """A help text in the language of this run."""
    return en if HELP_LANG == "en" else id_


def localise_typer() -> None:
    """Typer's own words in help panels, in Indonesian unless English was asked for (before any help is shown)."""
    if HELP_LANG == "en":
        return
    from typer import rich_utils

    for name, text in _TYPER_ID.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)


class _Localised:
    """The usage line and the help option's text in the run's language."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=h("Usage: ", "Penggunaan: "))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        localise_typer()  # typer's help panels import rich (and markdown): only when help is shown
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = h("Show this message and exit.", "Tampilkan bantuan ini lalu keluar.")
        return option


class Command(_Localised, TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = h("[OPTIONS]", "[OPSI]")
        super().__init__(*args, **kwargs)


class Group(_Localised, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = h("[OPTIONS]", "[OPSI]")
        kwargs["subcommand_metavar"] = h("COMMAND [ARGS]...", "PERINTAH [ARGUMEN]...")
        super().__init__(*args, **kwargs)


_CLICK_ID = [
    (r"^No such command '(.+)'\.$", "perintah '{0}' tidak ada"),
    (r"^No such option: (\S+) \(Possible options: (.+)\)$", "opsi {0} tidak ada (yang mungkin: {1})"),
    (r"^No such option: (\S+) Did you mean (\S+)\?$", "opsi {0} tidak ada (maksud Anda {1}?)"),
    (r"^No such option: (\S+)$", "opsi {0} tidak ada"),
    (r"^Missing argument '(.+)'\.$", "argumen '{0}' belum diisi"),
    (r"^Missing option '(.+)'\.$", "opsi '{0}' belum diisi"),
    (r"^Option '(.+)' requires an argument\.$", "opsi '{0}' memerlukan nilai"),
    (r"^Got unexpected extra arguments? \((.+)\)$", "argumen berlebih: {0}"),
    (r"^Invalid value for (.+?): (.+)$", "nilai tidak sah untuk {0}: {1}"),
]
# typer's validation wording, inside "Invalid value for X: ..."
_DETAIL_ID = [
    (r"Input should be a valid integer.*", "harus bilangan bulat"),
    (r"Input should be a valid number.*", "harus bilangan"),
    (r"Input should be greater than or equal to (\S+)", "harus lebih besar dari atau sama dengan {0}"),
    (r"Input should be less than or equal to (\S+)", "harus lebih kecil dari atau sama dengan {0}"),
    (r"Value error, (.+) is not one of (.+?)\.?$", "{0} bukan salah satu dari {1}"),
]


def usage_line(message: str, command: str, lang: str) -> str:
    """A usage error of the command-line parser as one line, in the language: `lkip eval: galat ... [lkip eval -h]`."""
    import re

    text = message.strip().replace("\n", " ")
    if lang != "en":
        for pattern, template in _CLICK_ID:
            match = re.match(pattern, text)
            if match:
                groups = list(match.groups())
                for detail, wording in _DETAIL_ID:
                    found = re.fullmatch(detail, groups[-1] or "")
                    if found:
                        groups[-1] = wording.format(*found.groups())
                        break
                text = template.format(*groups)
                break
    word = "error" if lang == "en" else "galat"
    hint = "see" if lang == "en" else "lihat"
    return f"{command}: {word} LK403 {text} [{hint} {command} --help]"
