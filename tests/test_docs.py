"""README and --help stay in sync with the code; CI runs what README says."""
import re

import pytest
from typer.main import get_command

from lkip.cli.main import app
from lkip.engine.diagnostics import CODES
from tests.conftest import ROOT

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


@pytest.mark.parametrize("name", ["eval", "explain", "check", "validate", "schema"])
def test_every_command_and_option_is_documented_and_has_help(name):
    command = get_command(app).commands[name]
    assert command.help, name
    assert f"`lkip {name}" in README
    for param in command.params:
        if param.name in ("specs", "data"):
            continue
        assert param.help or param.param_type_name == "argument", (name, param.name)
        for opt in getattr(param, "opts", []):
            if opt.startswith("--"):
                assert opt in README, (name, opt)


def test_readme_validate_example_is_what_lkip_prints(run_cli, seed_copy):
    spec = seed_copy / "specs" / "program-12.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("parent: IKU1", "parent: IKU9", 1), encoding="utf-8")
    line = next(l for l in run_cli("validate", cwd=seed_copy, env={"COLUMNS": "200"}).stdout.splitlines() if "LK202" in l)
    assert line in README
