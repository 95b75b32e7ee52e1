"""Hostile workspaces at the edge of the file system: links out of specs/ and data/, FIFOs, folders and unreadable
files where YAML files are expected. Each case runs the real CLI in a child process with CPU and memory limits and
asserts the exit code, the message naming the path, no traceback, that no output ever carries the content of a file
outside the workspace, and that nothing in the temp folder (nor the repository's workspace) changed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import DATA, TREE, write_workspace
from tests.hostile import run_lkip

SECRET = "RAHASIA-7f3a9c"
COMMANDS = (
    ["validate"],
    ["validate", "--format", "json"],
    ["eval", "2024"],
    ["eval", "2024", "--format", "json"],
    ["explain", "K1", "2024"],
    ["check", "2024"],
)


@pytest.fixture
def workspace(tmp_path) -> Path:
    """tmp/ws: a small valid workspace; tmp/outside: a secret file and folder next to it."""
    root = write_workspace(tmp_path / "ws", TREE, {"2024": DATA})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(f"nodes: [{SECRET}\n{SECRET}: {{{{{{\n", encoding="utf-8")
    (outside / "2025.yaml").write_text(f"{SECRET}: {{realisasi: 1}}\n", encoding="utf-8")
    (outside / "folder").mkdir()
    (outside / "folder" / "x.yaml").write_text(f"{SECRET}: [\n", encoding="utf-8")
    return root


def test_the_small_workspace_is_clean(workspace):
    run = run_lkip(workspace, "validate")
    assert run.code == 0, run


@pytest.mark.parametrize(
    "link, target",
    [
        ("specs/evil.yaml", "outside/secret.yaml"),
        ("specs/organisation.yaml", "outside/secret.yaml"),
        ("data/2025.yaml", "outside/2025.yaml"),
        ("data/2026", "outside/folder"),
        ("specs/absolute.yaml", "/etc/passwd"),
        ("specs/device.yaml", "/dev/zero"),
    ],
)
def test_a_link_out_of_the_workspace_is_named_and_never_followed(workspace, link, target):
    path = workspace / link
    if link == "specs/organisation.yaml":
        path.unlink()
    os.symlink(target if target.startswith("/") else workspace.parent / target, path)
    for command in COMMANDS if link == "specs/evil.yaml" else COMMANDS[:2]:
        run = run_lkip(workspace, *command)
        assert run.code == 1, run
        assert SECRET not in run.output and "root:" not in run.output, run
        assert f"{link}:" in run.output or f'"path": "{link}"' in run.output, run
        assert "LK010" in run.output, run


def test_a_link_inside_the_workspace_is_followed(workspace):
    os.symlink("2024.yaml", workspace / "data" / "2025.yaml")
    run = run_lkip(workspace, "validate")
    assert run.code == 0 and "tahun data: 2024, 2025" in run.stdout, run


def test_a_symlinked_year_folder_that_stays_inside_is_followed(workspace):
    (workspace / "data" / "real").mkdir()
    (workspace / "data" / "2024.yaml").rename(workspace / "data" / "real" / "values.yaml")
    os.symlink("real", workspace / "data" / "2024")
    run = run_lkip(workspace, "eval", "2024", "--format", "json")
    assert run.code == 0, run
    assert {n["id"]: n["realisasi"] for n in json.loads(run.stdout)["nodes"]}["K1"] == 60


def test_a_fifo_named_yaml_is_refused_without_being_opened(workspace):
    os.mkfifo(workspace / "specs" / "x.yaml")
    os.mkfifo(workspace / "data" / "2025.yaml")
    run = run_lkip(workspace, "validate")  # opening a FIFO would hang here (no writer): the timeout would fail it
    assert run.code == 1, run
    assert "specs/x.yaml: galat LK001" in run.stdout and "data/2025.yaml: galat LK001" in run.stdout, run
    assert "bukan berkas biasa" in run.stdout


def test_a_folder_named_yaml_is_one_error_with_its_path(workspace):
    (workspace / "specs" / "x.yaml").mkdir()
    (workspace / "data" / "2025.yaml").mkdir()
    run = run_lkip(workspace, "validate")
    assert run.code == 1, run
    assert "specs/x.yaml: galat LK001" in run.stdout and "data/2025.yaml: galat LK001" in run.stdout, run
    run = run_lkip(workspace, "eval", "2024")
    assert run.code == 1 and "specs/x.yaml: galat LK001 sebuah folder, bukan berkas" in run.stderr, run


def test_a_broken_link_and_a_link_loop_are_errors_with_their_path(workspace):
    os.symlink("missing.yaml", workspace / "specs" / "broken.yaml")
    os.symlink("loop.yaml", workspace / "specs" / "loop.yaml")
    run = run_lkip(workspace, "validate")
    assert run.code == 1, run
    assert "specs/broken.yaml: galat LK001" in run.stdout and "specs/loop.yaml: galat LK001" in run.stdout, run


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_and_folder_are_one_error_each(workspace):
    (workspace / "specs" / "nodes.yaml").chmod(0)
    (workspace / "data" / "2025").mkdir()
    (workspace / "data" / "2025" / "x.yaml").write_text("K1: {realisasi: 1}\n", encoding="utf-8")
    (workspace / "data" / "2025").chmod(0)
    try:
        run = run_lkip(workspace, "validate")
    finally:
        (workspace / "specs" / "nodes.yaml").chmod(0o644)
        (workspace / "data" / "2025").chmod(0o755)
    assert run.code == 1, run
    assert "specs/nodes.yaml: galat LK001" in run.stdout and "data/2025: galat LK001" in run.stdout, run


def test_a_year_name_with_a_trailing_newline_is_not_a_year(workspace):
    (workspace / "data" / "2025\n.yaml").write_text(f"{SECRET}: [\n", encoding="utf-8")
    run = run_lkip(workspace, "validate")
    assert run.code == 0 and "tahun data: 2024" in run.stdout and SECRET not in run.output, run


def test_the_loader_itself_refuses_links_fifos_and_folders(tmp_path):
    from lkip.engine.yamlsrc import YamlProblem, load_file

    (tmp_path / "real.yaml").write_text("a: 1\n", encoding="utf-8")
    os.symlink("real.yaml", tmp_path / "link.yaml")
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "dir.yaml").mkdir()
    for name, code in (("link.yaml", "LK010"), ("fifo.yaml", "LK001"), ("dir.yaml", "LK001")):
        with pytest.raises(YamlProblem) as info:
            load_file(tmp_path / name, name)
        assert info.value.diagnostic.code == code and info.value.diagnostic.path == name
    assert load_file(tmp_path / "real.yaml").data == {"a": 1}


def test_permission_errors_are_one_diagnostic_each_even_for_root(workspace, monkeypatch):
    """The same faults as above, made for any user by failing the calls the loader makes (in-process)."""
    import errno

    from lkip.engine import api

    (workspace / "data" / "2025").mkdir()
    (workspace / "data" / "2025" / "x.yaml").write_text("K1: {realisasi: 1}\n", encoding="utf-8")
    real_open, real_listdir = os.open, os.listdir

    def deny(path) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(
        os, "open", lambda path, *a, **k: deny(path) if str(path).endswith("nodes.yaml") else real_open(path, *a, **k)
    )
    monkeypatch.setattr(os, "listdir", lambda path: deny(path) if str(path).endswith("2025") else real_listdir(path))
    monkeypatch.chdir(workspace)
    checked = api.validate("specs", "data")
    found = {(d.path, d.code) for d in checked.diagnostics.errors}
    assert found == {("specs/nodes.yaml", "LK001"), ("data/2025", "LK001")}, checked.diagnostics.items
