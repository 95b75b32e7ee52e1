"""Running lkip as a user or an attacker would: the real CLI in a child process with CPU, memory (and file-size)
limits, and checks that nothing on disk changed. Shared by the hostile-input suites (boundary, numbers, outputs,
consoles, text); not a test module itself."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT, SEED_DATA, SEED_SPECS, child_limits, file_digests

# ------------------------------------------------------------- a small workspace, watched (boundary, numbers)

BOUNDARY_CPU_SECONDS = 60
BOUNDARY_MEMORY = 1024 * 1024 * 1024


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:
        return f"exit {self.code}\n--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"


def snapshot(*folders: Path) -> dict:
    """Every entry under the folders (links not followed, nothing opened but regular files): type, size, content."""
    found = {}
    for folder in folders:
        for top, dirs, files in os.walk(folder, followlinks=False):
            for name in dirs + files:
                path = os.path.join(top, name)
                info = os.lstat(path)
                digest = None
                if stat.S_ISREG(info.st_mode) and info.st_mode & stat.S_IRUSR:
                    with open(path, "rb") as handle:
                        digest = hashlib.sha256(handle.read()).hexdigest()
                elif stat.S_ISLNK(info.st_mode):
                    digest = os.readlink(path)
                found[path] = (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns, digest)
    return found


def run_lkip(root: Path, *args: str, env: dict | None = None) -> Run:
    """`lkip ARGS` in a child process (cwd root, limited CPU and memory); asserts that nothing changed on disk."""
    home = root / "home"
    home.mkdir(exist_ok=True)
    watched = (root, ROOT / "specs", ROOT / "data")
    before = snapshot(*watched)
    child_env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "TMPDIR": str(home),
        "LKIP_CACHE_DIR": os.environ["LKIP_CACHE_DIR"],  # the run's cache folder (conftest), outside the watched ones
        "MPLCONFIGDIR": os.environ["MPLCONFIGDIR"],  # matplotlib's font cache (conftest), not watched
        "NO_COLOR": "1",
        "COLUMNS": "160",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        **(env or {}),
    }
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from lkip.cli.main import run; sys.argv[0] = 'lkip'; run()", *args],
        cwd=root,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=child_limits(BOUNDARY_CPU_SECONDS, BOUNDARY_MEMORY),
    )
    assert snapshot(*watched) == before, "a file changed"
    run = Run(done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in run.output, run
    return run


# ------------------------------------------------- a copy of the seed, outputs and faults (outputs, consoles)

CPU_SECONDS = 60
MEMORY = 1536 * 1024 * 1024
FILE_SIZE = 64 * 1024 * 1024

LAUNCH = "import sys; sys.argv[0] = 'lkip'; from lkip.cli.main import run; run()"

# Faults injected into the child before lkip runs: `os.fsync` is called by atomic_write between writing the
# temporary file and renaming it; `zipfile.ZipFile.write` by openpyxl while its own temporary files exist.
FAULTS = {
    "enospc": "def fsync(fd):\n    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))\nos.fsync = fsync\n",
    "eacces": "def fsync(fd):\n    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))\nos.fsync = fsync\n",
    "sigterm": "def fsync(fd):\n    os.kill(os.getpid(), signal.SIGTERM)\nos.fsync = fsync\n",
    "sigint": "def fsync(fd):\n    os.kill(os.getpid(), signal.SIGINT)\nos.fsync = fsync\n",
}
for _name in ("SIGTERM", "SIGINT"):
    FAULTS[f"xlsx-{_name.lower()}"] = (
        "import zipfile\n_write = zipfile.ZipFile.write\n"
        "def write(self, filename, *args, **kw):\n"
        "    assert os.path.exists(filename)\n"
        f"    os.kill(os.getpid(), signal.{_name})\n"
        "    return _write(self, filename, *args, **kw)\nzipfile.ZipFile.write = write\n"
    )


REPOSITORY = {name: file_digests(ROOT / name) for name in ("specs", "data")}


@dataclass
class Child:
    code: int
    stdout: bytes
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8")

    def __str__(self) -> str:
        return f"exit {self.code}\n--- stdout ---\n{self.stdout[-2000:]!r}\n--- stderr ---\n{self.stderr[-3000:]}"


class Sandbox:
    """A copy of the seed workspace in a temporary folder, and the CLI run inside it as a child process."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(SEED_SPECS, root / "specs")
        shutil.copytree(SEED_DATA, root / "data")
        self.tmp = root / "tmp"  # the child's TMPDIR: lkip must leave it empty
        self.tmp.mkdir()
        self.workspace = {name: file_digests(root / name) for name in ("specs", "data")}

    def run(
        self,
        *args: str,
        env: dict | None = None,
        fault: str | None = None,
        stdout=subprocess.PIPE,
        umask: int = 0o022,
        file_size: int = FILE_SIZE,
        close_stdout: bool = False,
    ) -> Child:
        common = child_limits(CPU_SECONDS, MEMORY, file_size)

        def limits() -> None:
            common()
            os.umask(umask)
            if close_stdout:
                os.close(1)

        prelude = ("import errno, os, signal\n" + FAULTS[fault]) if fault else ""
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("LKIP_", "PYTHONIOENCODING"))}
        environ.update({"TMPDIR": str(self.tmp), "NO_COLOR": "1", "COLUMNS": "120"}, **(env or {}))
        done = subprocess.run(
            [sys.executable, "-c", prelude + LAUNCH, *args],
            cwd=self.root,
            env=environ,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            preexec_fn=limits,
            timeout=300,
        )
        return Child(done.returncode, done.stdout or b"", done.stderr.decode("utf-8", "replace"))

    def untouched(self, *allowed: str) -> None:
        """The workspace and the repository's seed are unchanged, TMPDIR is empty, and the folder holds nothing
        but the workspace and the names allowed (no temporary file left beside an output)."""
        assert {name: file_digests(self.root / name) for name in ("specs", "data")} == self.workspace
        assert {name: file_digests(ROOT / name) for name in ("specs", "data")} == REPOSITORY
        assert list(self.tmp.iterdir()) == []
        left = {p.name for p in self.root.iterdir()} - {"specs", "data", "tmp"}
        assert left <= set(allowed), left
