"""Any console (issue 7, class "consoles"): a legacy code page gets ASCII stand-ins for what it cannot encode, data
formats stay UTF-8, and a narrow, zero or junk COLUMNS falls back to a sane width.

Each case runs the real CLI in a child process with limits (see test_hostile_outputs.Sandbox).
"""

from __future__ import annotations

import json

import pytest

from lkip.cli.output import ASCII_FALLBACKS
from tests.conftest import file_digests
from tests.hostile import Sandbox


@pytest.fixture
def box(tmp_path) -> Sandbox:
    return Sandbox(tmp_path)


def _stand_ins(text: str, encoding: str) -> str:
    """What a console in `encoding` must show for lkip's UTF-8 text: each character it cannot encode replaced."""
    out = []
    for char in text:
        try:
            char.encode(encoding)
            out.append(char)
        except UnicodeEncodeError:
            assert char in ASCII_FALLBACKS, f"lkip prints {char!r}, which has no ASCII stand-in"
            out.append(ASCII_FALLBACKS[char])
    return "".join(out)


COMMANDS = [
    ["eval", "2024"],
    ["eval", "2024", "--depth", "1"],
    ["eval", "2024", "--format", "table"],
    ["eval", "2024", "--compare", "prev,renstra", "--lang", "en"],
    ["validate"],
    ["check", "2024"],
    ["explain", "IKU1", "2024"],
]


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_legacy_console_gets_readable_text(box, args, encoding):
    utf8 = box.run(*args)
    legacy = box.run(*args, env={"PYTHONIOENCODING": encoding})
    assert legacy.code == utf8.code and legacy.code in (0, 1), legacy  # check exits 1: the seed has differences
    assert "Traceback" not in legacy.stderr and legacy.stderr == utf8.stderr, legacy
    text = legacy.stdout.decode(encoding)  # encoded as the console asked
    assert text == _stand_ins(utf8.text, encoding)
    if args[0] == "eval":
        assert "Rp" in text and "%" in text
    if args == ["eval", "2024"]:
        assert "`- IKU1" in text or "└─ IKU1" in text
    box.untouched()


def test_the_legacy_console_shows_cp1252_characters_as_they_are_and_the_rest_as_ascii(box):
    seed = box.run("validate", env={"PYTHONIOENCODING": "cp1252"})
    assert seed.code == 0 and seed.stdout.decode("cp1252").splitlines()[-1].startswith("OK 0 galat"), seed
    tree = box.run("eval", "2024", "--depth", "1", env={"PYTHONIOENCODING": "cp1252"})
    text = tree.stdout.decode("cp1252")
    assert "–" in text and "…" in text  # cp1252 has these two
    assert "<= 90" in text and "└" not in text and "`- IKU1" in text


def test_workspace_text_beyond_the_code_page(box):
    organisation = box.root / "specs" / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8").replace(
        "short_name: Disdagkoperin Luwu Timur", "short_name: Dinas Ā → 中"
    )
    organisation.write_text(text, encoding="utf-8")
    box.workspace["specs"] = file_digests(box.root / "specs")
    child = box.run("eval", "2024", "--depth", "0", env={"PYTHONIOENCODING": "cp1252"})
    assert child.code == 0 and "Traceback" not in child.stderr, child
    assert "Dinas A -> \\u4e2d" in child.stdout.decode("cp1252")
    box.untouched()


@pytest.mark.parametrize(
    "args",
    [
        ["eval", "2024", "--format", "json"],
        ["eval", "2024", "--format", "csv"],
        ["eval", "2024", "--format", "md"],
        ["check", "2024", "--format", "json"],
        ["explain", "IKU1", "2024", "--format", "json"],
    ],
)
def test_data_formats_stay_utf8_on_a_legacy_console(box, args):
    utf8 = box.run(*args)
    legacy = box.run(*args, env={"PYTHONIOENCODING": "cp1252"})
    assert legacy.code == utf8.code and "Traceback" not in legacy.stderr, legacy
    assert legacy.stdout == utf8.stdout
    if "json" in args:
        json.loads(legacy.stdout.decode("utf-8"))
    box.untouched()


@pytest.mark.parametrize("columns, width", [("0", 80), ("5", 40), ("39", 40), ("abc", 80), ("-3", 80), ("100", 100)])
def test_narrow_zero_or_junk_columns(box, columns, width):
    child = box.run("eval", "2024", "--depth", "1", env={"COLUMNS": columns})
    assert child.code == 0 and "Traceback" not in child.stderr, child
    lines = child.text.splitlines()
    assert "IKU1" in child.text and "SS1" in child.text and len(lines) > 10
    assert max(len(line) for line in lines) <= width
    box.untouched()


@pytest.mark.parametrize("columns", ["0", "5"])
def test_help_and_validate_with_useless_columns(box, columns):
    helped = box.run("--help", env={"COLUMNS": columns})
    assert helped.code == 0 and "Penggunaan" in helped.text and "eval" in helped.text, helped
    assert max(len(line) for line in helped.text.splitlines()) <= 80
    validated = box.run("validate", env={"COLUMNS": columns})
    assert validated.code == 0 and "0 galat" in validated.text, validated
