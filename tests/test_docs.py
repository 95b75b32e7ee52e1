"""README and --help stay in sync with the code; CI runs what README says."""

import os
import re
import subprocess
import sys

import pytest
from typer.main import get_command

from lkip.cli.main import app
from lkip.engine.diagnostics import CODES
from tests.conftest import ROOT, edit

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_setup_commands_and_ci_runs_them():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1).strip().splitlines()
    assert len(first_block) == 2
    install_and_run, tests = first_block
    assert "lkip eval 2024" in install_and_run and "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_run in ci and tests in ci


def test_every_diagnostic_code_is_documented():
    for code, meaning in CODES.items():
        assert re.search(rf"\| {code} \| {re.escape(meaning)}", README), code


def _readme_rows() -> dict[str, str]:
    """README's command table: command name ("" for `lkip` itself) -> its row."""
    rows: dict[str, str] = {}
    for match in re.finditer(r"^\| `lkip(?: ([a-z]+))?[^`]*` \|.*$", README, re.M):
        name = match.group(1) or ""
        assert name not in rows, f"two README rows for `lkip {name}`"
        rows[name] = match.group(0)
    return rows


def test_readme_command_table_is_what_cog_generates():
    """The table is generated from --help by docs/cli_tables.py; a changed option or help text needs a regeneration."""
    run = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "--diff", "-I", "docs", "README.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LKIP_LANG": "id"},
    )
    assert run.returncode == 0, (
        "README's command table is out of date: run `cog -r -I docs README.md`\n" + run.stdout + run.stderr
    )


@pytest.mark.parametrize("name", ["", "eval", "explain", "check", "validate", "template", "import", "schema", "report"])
def test_each_command_row_lists_exactly_the_options_of_its_help(name):
    group = get_command(app)
    command = group.commands[name] if name else group
    assert command.help, name
    row = _readme_rows().get(name)
    assert row, f"no README row for `lkip {name}`"
    documented = set(re.findall(r"`(--[a-z][a-z-]*)", row.split(" | ")[-1]))
    listed = set()
    for param in command.params:
        assert param.help or param.param_type_name == "argument", (name, param.name)
        listed |= {opt for opt in getattr(param, "opts", []) if opt.startswith("--")}
    assert documented == listed - {"--help"}, (
        f"`lkip {name}`: in --help only {sorted(listed - documented - {'--help'})}, "
        f"in README only {sorted(documented - listed)}"
    )
    assert sorted(group.commands) == sorted(n for n in _readme_rows() if n)  # every command has a row, no more


def test_readme_validate_example_is_what_lkip_prints(run_cli, seed_copy):
    spec = seed_copy / "specs" / "program-12.yaml"
    spec.write_text(edit(spec.read_text(encoding="utf-8"), "parent: IKU1", "parent: IKU9"), encoding="utf-8")
    lines = run_cli("validate", cwd=seed_copy, env={"COLUMNS": "200"}).stdout.splitlines()
    [line] = [text for text in lines if "LK202" in text]
    assert line in README
