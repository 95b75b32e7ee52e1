"""Hostile --output targets and faulty disks (issue 7, classes "outputs" and "faults").

Each case runs the real CLI in a child process with CPU, memory and file-size limits, in a copy of the seed
workspace inside a temporary folder, and asserts the exit code, the one-line message, no traceback, and that
nothing outside the temporary folder (nor the workspace inside it) changed. Faults that cannot be produced
for real in a test (a disk filling up, a signal in the middle of a write) are injected into the child.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.hostile import LAUNCH, Child, Sandbox


@pytest.fixture
def box(tmp_path) -> Sandbox:
    return Sandbox(tmp_path)


def one_line(child: Child, *phrases: str) -> None:
    assert "Traceback" not in child.stderr, child
    lines = child.stderr.strip().splitlines()
    assert len(lines) == 1, child
    for phrase in phrases:
        assert phrase in lines[0], child


# --- outputs: what --output may name ----------------------------------------------------------------------


def _fifo(root: Path) -> Path:
    os.mkfifo(root / "pipe.txt")
    return root / "pipe.txt"


def _folder(root: Path) -> Path:
    (root / "folder.txt").mkdir()
    return root / "folder.txt"


def _symlink(root: Path) -> Path:
    (root / "victim.txt").write_text("keep me\n", encoding="utf-8")
    (root / "link.txt").symlink_to(root / "victim.txt")
    return root / "link.txt"


def _dangling(root: Path) -> Path:
    (root / "nowhere.txt").symlink_to(root / "missing" / "x.txt")
    return root / "nowhere.txt"


def _device(root: Path) -> Path:
    """A null device inside the temporary folder (never /dev/null itself: an lkip that replaced its output would
    replace the system's /dev/null, as the lkip before these tests did when run as root)."""
    path = root / "null.txt"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root (CAP_MKNOD)")
    return path


def _socket(root: Path) -> Path:
    path = root / "sock.txt"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.close()
    return path


@pytest.mark.parametrize(
    "make, kind, left",
    [
        (_fifo, "pipa bernama (FIFO)", {"pipe.txt"}),
        (_folder, "adalah folder", {"folder.txt"}),
        (_symlink, "tautan simbolik", {"link.txt", "victim.txt"}),
        (_dangling, "tautan simbolik", {"nowhere.txt"}),
        (_socket, "soket", {"sock.txt"}),
        (_device, "perangkat", {"null.txt"}),
    ],
    ids=["fifo", "folder", "symlink", "dangling-symlink", "socket", "device"],
)
def test_output_that_is_not_a_regular_file_is_refused(box, make, kind, left):
    target = make(box.root)
    before = os.lstat(target)
    child = box.run("eval", "2024", "--output", str(target))
    assert child.code == 2, child
    one_line(child, str(target), kind, "berkas biasa")
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode, after.st_mtime_ns) == (before.st_ino, before.st_mode, before.st_mtime_ns)
    if target.name == "link.txt":
        assert (box.root / "victim.txt").read_text(encoding="utf-8") == "keep me\n"
    box.untouched(*left)


@pytest.mark.parametrize(
    "target",
    [
        "specs/nodes.yaml",
        "specs/tree.txt",
        "data/2024.yaml",
        "data/report.xlsx",
        "specs/../data/x.json",
        "alias/laporan.md",
        "specs",
    ],
)
def test_output_inside_the_workspace_is_refused(box, target):
    (box.root / "alias").symlink_to(box.root / "specs")  # a folder link into specs/ is seen through
    child = box.run("eval", "2024", "--output", target, "--lang", "en")
    assert child.code == 2, child
    one_line(child, target)
    assert "inside the workspace folder" in child.stderr or "is a folder" in child.stderr, child
    box.untouched("alias")


def test_output_inside_a_workspace_given_by_options_is_refused(box, tmp_path):
    elsewhere = tmp_path / "kantor"
    (box.root / "specs").rename(elsewhere)
    box.workspace = {"specs": {}, "data": box.workspace["data"]}
    child = box.run("eval", "2024", "--specs", str(elsewhere), "--output", str(elsewhere / "out.txt"))
    assert child.code == 2, child
    one_line(child, "di dalam folder workspace")
    assert not (elsewhere / "out.txt").exists()


@pytest.mark.parametrize(
    "name, given",
    [
        ("laporan.xlsx", "json"),
        ("laporan.txt", "csv"),
        ("laporan.json", "md"),
        ("laporan.html", "tree"),
        ("laporan.md", "xlsx"),
        ("laporan.CSV", "html"),
    ],
)
def test_a_format_that_contradicts_the_extension_is_a_usage_error(box, name, given):
    child = box.run("eval", "2024", "--output", name, "--format", given)
    assert child.code == 2, child
    one_line(child, f"--format {given}", name)
    box.untouched()


def _read_xlsx(path: Path) -> str:
    book = load_workbook(path)
    assert "capaian_iku" in book.sheetnames
    return " ".join(str(c.value) for row in book["capaian_iku"].iter_rows() for c in row)


def _read_csv(path: Path) -> str:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows and "id" in rows[0]
    return " ".join(r["id"] for r in rows)


def _read_json(path: Path) -> str:
    return " ".join(n["id"] for n in json.loads(path.read_text(encoding="utf-8"))["nodes"])


def _read_text(path: Path, starts: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith(starts), text[:200]
    return text


@pytest.mark.parametrize(
    "name, read",
    [
        ("laporan.xlsx", _read_xlsx),
        ("LAPORAN.XLSX", _read_xlsx),
        ("laporan.csv", _read_csv),
        ("laporan.json", _read_json),
        ("laporan.md", lambda p: _read_text(p, "# ")),
        ("laporan.html", lambda p: _read_text(p, "<!doctype html")),
        ("laporan.txt", lambda p: _read_text(p, "disdagkoperin") + ("" if "└─ IKU1" in p.read_text("utf-8") else "!")),
        ("laporan", lambda p: _read_text(p, "disdagkoperin")),
    ],
)
def test_the_format_follows_the_extension(box, name, read):
    child = box.run("eval", "2024", "--output", name)
    assert child.code == 0 and child.stdout == b"" and child.stderr == "", child
    content = read(box.root / name)
    assert "IKU1" in content and not content.endswith("!")
    box.untouched(name)


def test_an_explicit_format_that_agrees_or_an_unknown_extension(box):
    assert box.run("eval", "2024", "-o", "a.txt", "-f", "table").code == 0
    table = (box.root / "a.txt").read_text(encoding="utf-8")
    assert "IKU1" in table and "└─" not in table
    assert box.run("eval", "2024", "-o", "b.dat", "-f", "json").code == 0
    assert json.loads((box.root / "b.dat").read_text(encoding="utf-8"))["nodes"]
    box.untouched("a.txt", "b.dat")


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_new_file_gets_the_umask_mode(box, umask, mode):
    child = box.run("eval", "2024", "-o", "baru.json", umask=umask)
    assert child.code == 0, child
    assert stat.S_IMODE(os.stat(box.root / "baru.json").st_mode) == mode
    box.untouched("baru.json")


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o664])
def test_an_existing_file_keeps_its_mode_and_is_replaced_whole(box, mode):
    target = box.root / "laporan.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(mode)
    child = box.run("eval", "2024", "-o", "laporan.md", umask=0o077)
    assert child.code == 0, child
    assert stat.S_IMODE(os.stat(target).st_mode) == mode
    assert target.read_text(encoding="utf-8").startswith("# ")
    box.untouched("laporan.md")


# --- faults: disks, limits, permissions, signals, standard output ------------------------------------------


def _previous(box: Sandbox, name: str = "laporan.xlsx") -> Path:
    target = box.root / name
    target.write_bytes(b"previous content\n")
    target.chmod(0o640)
    return target


def test_file_size_limit_on_output_keeps_the_previous_file(box):
    target = _previous(box)
    child = box.run("eval", "2024", "-o", "laporan.xlsx", file_size=4096)
    assert child.code == 1, child
    one_line(child, "laporan.xlsx", "batas ukuran berkas", "tidak berubah")
    assert target.read_bytes() == b"previous content\n" and stat.S_IMODE(target.stat().st_mode) == 0o640
    box.untouched("laporan.xlsx")


def test_file_size_limit_on_a_new_output_leaves_nothing(box):
    child = box.run("eval", "2024", "-o", "baru.json", "--lang", "en", file_size=4096)
    assert child.code == 1, child
    one_line(child, "baru.json", "file-size limit")
    box.untouched()


@pytest.mark.parametrize("fault, phrase", [("enospc", "disk penuh"), ("eacces", "izin ditolak")])
def test_disk_full_or_permission_while_writing_keeps_the_previous_file(box, fault, phrase):
    target = _previous(box, "laporan.md")
    child = box.run("eval", "2024", "-o", "laporan.md", fault=fault)
    assert child.code == 1, child
    one_line(child, "laporan.md", phrase, "tidak berubah")
    assert target.read_bytes() == b"previous content\n"
    box.untouched("laporan.md")


@pytest.mark.parametrize("fault, code", [("sigterm", 143), ("sigint", 130)])
def test_a_signal_while_writing_removes_the_temporary_file(box, fault, code):
    target = _previous(box, "laporan.json")
    child = box.run("eval", "2024", "-o", "laporan.json", fault=fault)
    assert child.code == code, child
    assert "Traceback" not in child.stderr, child
    assert target.read_bytes() == b"previous content\n"
    box.untouched("laporan.json")


@pytest.mark.parametrize("fault, code", [("xlsx-sigterm", 143), ("xlsx-sigint", 130)])
def test_a_signal_inside_the_xlsx_writer_removes_its_temporary_files(box, fault, code):
    child = box.run("eval", "2024", "-o", "laporan.xlsx", fault=fault)
    assert child.code == code, child
    assert "Traceback" not in child.stderr, child
    box.untouched()  # neither laporan.xlsx nor openpyxl's files in TMPDIR


def test_output_whose_folder_is_a_file(box):
    (box.root / "berkas").write_text("x", encoding="utf-8")
    child = box.run("eval", "2024", "-o", "berkas/laporan.txt")
    assert child.code == 1, child
    one_line(child, "berkas/laporan.txt", "bukan folder")
    box.untouched("berkas")


@pytest.mark.skipif(
    os.geteuid() == 0,
    reason="root writes into a read-only folder anyway; "
    "test_disk_full_or_permission_while_writing covers EACCES as root",
)
def test_read_only_folder(box):
    folder = box.root / "terkunci"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        child = box.run("eval", "2024", "-o", "terkunci/laporan.txt")
    finally:
        folder.chmod(0o755)
    assert child.code == 1, child
    one_line(child, "terkunci/laporan.txt", "izin ditolak")
    assert list(folder.iterdir()) == []
    box.untouched("terkunci")


@pytest.mark.parametrize(
    "args",
    [
        ["eval", "2024"],
        ["eval", "2024", "--format", "json"],
        ["validate"],
        ["check", "2024"],
        ["explain", "IKU1", "2024"],
    ],
)
def test_full_standard_output(box, args):
    with open("/dev/full", "wb") as full:
        child = box.run(*args, stdout=full)
    assert child.code != 0, child
    one_line(child, "keluaran standar", "disk penuh")
    box.untouched()


def test_full_standard_output_in_english(box):
    with open("/dev/full", "wb") as full:
        child = box.run("eval", "2024", "--lang", "en", stdout=full)
    assert child.code == 1, child
    one_line(child, "standard output", "disk is full")


@pytest.mark.parametrize("args", [["eval", "2024"], ["eval", "2024", "--format", "csv"], ["validate"]])
def test_standard_output_over_the_file_size_limit(box, args):
    with open(box.root / "hasil.txt", "wb") as out:
        child = box.run(*args, stdout=out, file_size=32, env={"PYTHONUNBUFFERED": "1"})
    assert child.code == 1, child
    one_line(child, "keluaran standar", "batas ukuran berkas")
    box.untouched("hasil.txt")


@pytest.mark.parametrize(
    "args", [["eval", "2024"], ["eval", "2024", "--format", "json"], ["validate"], ["check", "2024"]]
)
def test_a_reader_that_is_gone_ends_quietly(box, args):
    read, write = os.pipe()
    os.close(read)  # like `lkip eval 2024 | head -1` once head has exited
    try:
        child = box.run(*args, stdout=write)
    finally:
        os.close(write)
    assert child.code != 0 and child.stderr == "", child
    box.untouched()


def test_a_reader_that_stops_early_ends_quietly(box):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("LKIP_")}
    environ.update(TMPDIR=str(box.tmp), COLUMNS="120")
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "eval", "2024", "--format", "json"],
        cwd=box.root,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout.read(5) == b'{\n  "'
    process.stdout.close()
    stderr = process.stderr.read().decode()
    code = process.wait(timeout=120)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert code in (0, 1)  # 1 when the pipe broke, 0 when lkip had written everything before the reader left
    box.untouched()


@pytest.mark.parametrize("args", [["eval", "2024"], ["eval", "2024", "--format", "json"], ["validate"]])
def test_a_closed_standard_output_ends_quietly(box, args):
    child = box.run(*args, close_stdout=True)
    assert child.code == 1 and child.stderr == "", child
    box.untouched()


def test_a_closed_standard_output_does_not_matter_with_output(box):
    child = box.run("eval", "2024", "-o", "laporan.txt", close_stdout=True)
    assert child.code == 0 and child.stderr == "", child
    assert "IKU1" in (box.root / "laporan.txt").read_text(encoding="utf-8")
    box.untouched("laporan.txt")
