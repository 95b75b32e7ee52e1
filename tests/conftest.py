from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from lkip.cli.main import app
from lkip.engine import api

# Hypothesis profiles: "dev" (default, 100 examples, a quick local suite) and "ci" (2,000 examples per property).
# HYPOTHESIS_PROFILE=ci|dev chooses; otherwise CI=true (as GitHub Actions and most CI services set) means "ci".
# .ci/run sets HYPOTHESIS_PROFILE=ci.
_PROPERTY = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", max_examples=100, **_PROPERTY)
settings.register_profile("ci", max_examples=2000, **_PROPERTY)
_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _CI else "dev")
settings.load_profile(HYPOTHESIS_PROFILE)


ROOT_FOLDER = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT_FOLDER / "test-artifacts"  # what a test saves for people to look at (git ignores it)
_SESSION_START = [0.0]


def pytest_sessionstart(session: pytest.Session) -> None:
    import time

    _SESSION_START[0] = time.time()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The artifacts this run saved (screenshots, PDFs), each path on a line at the end of the run."""
    if not ARTIFACTS.is_dir():
        return
    saved = sorted(p for p in ARTIFACTS.iterdir() if p.is_file() and p.stat().st_mtime >= _SESSION_START[0] - 1)
    if saved:
        terminalreporter.write_sep("-", "test artifacts")
        for path in saved:
            terminalreporter.write_line(str(path))


def pytest_report_header() -> str:
    return f"hypothesis profile: {HYPOTHESIS_PROFILE} ({settings.default.max_examples} examples per property)"


ROOT = Path(__file__).resolve().parent.parent

# The commands' cache of parsed files (engine/cache.py) goes to a folder of this run, never the user's own; the
# children the hostile tests start inherit it. Every CLI test thus runs with the cache, as users do.
if "LKIP_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["LKIP_CACHE_DIR"] = tempfile.mkdtemp(prefix="lkip-test-cache-")
# matplotlib (the charts of the html report) keeps its font list in a cache of its own: the children of the
# hostile tests, which watch their HOME for any file written, get this run's folder too.
if "MPLCONFIGDIR" not in os.environ:
    import tempfile

    os.environ["MPLCONFIGDIR"] = tempfile.mkdtemp(prefix="lkip-test-matplotlib-")
SEED_SPECS = ROOT / "specs"
SEED_DATA = ROOT / "data"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:  # shown by pytest when an assertion on a run fails
        return f"exit {self.exit_code}\n--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"


@pytest.fixture
def run_cli(monkeypatch):
    """Run `lkip ARGS` in-process; returns exit code, stdout and stderr separately."""

    def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        runner = CliRunner()
        result = runner.invoke(app, [str(a) for a in args], env={"NO_COLOR": "1", "COLUMNS": "120", **(env or {})})
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture(scope="session")
def seed_checked():
    checked = api.validate(SEED_SPECS, SEED_DATA)
    assert checked.ok, "\n".join(d.format() for d in checked.diagnostics.errors)
    return checked


@pytest.fixture(scope="session")
def seed_2024(seed_checked):
    return api.evaluate_year(seed_checked.workspace, seed_checked.compiled, 2024, trace=True)


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A copy of the seed workspace to edit: tmp/specs and tmp/data."""
    shutil.copytree(SEED_SPECS, tmp_path / "specs")
    shutil.copytree(SEED_DATA, tmp_path / "data")
    return tmp_path


def edit(text: str, old: str, new: str, count: int = 1) -> str:
    """text with `old` replaced by `new`; fails unless `old` occurs exactly `count` times, so an edit that
    changes nothing (a typo in `old`, or `old == new`) cannot pass silently."""
    assert old != new, f"the edit changes nothing: {old!r}"
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times, expected {count}"
    return text.replace(old, new)


# The small workspace shared by the evaluation, validation, CLI, rules and security tests (specs/nodes.yaml and
# data/2024.yaml of `small`): S1 > I1 > P1 (lower is better) > K1 (a formula) > K1.S1, K1.S2 (with budget).
TREE = """\
nodes:
  - {id: S1, kind: sasaran, name: Sasaran, unit: "%", direction: higher}
  - {id: I1, kind: iku, parent: S1, name: IKU satu, unit: "%", direction: higher, targets: {2024: 80}}
  - {id: P1, kind: program, parent: I1, name: Program, unit: "%", direction: lower, targets: {2024: 5}}
  - id: K1
    kind: kegiatan
    parent: P1
    name: Kegiatan
    unit: "%"
    direction: higher
    inputs: {a: {description: bagian}, b: {description: seluruh}}
    formula: percent(a, b)
    targets: {2024: 50}
  - {id: K1.S1, kind: sub_kegiatan, parent: K1, name: Sub satu, unit: laporan, direction: higher, targets: {2024: 4}}
  - {id: K1.S2, kind: sub_kegiatan, parent: K1, name: Sub dua, unit: laporan, direction: higher, targets: {2024: 10}}
"""

DATA = """\
I1: {realisasi: 88}
P1: {realisasi: 2}
K1: {inputs: {a: 30, b: 50}}
K1.S1: {realisasi: 3, pagu: 1000, realisasi_anggaran: 900}
K1.S2: {realisasi: 10, pagu: 3000, realisasi_anggaran: 1500}
"""


ORGANISATION = """\
name: Dinas Uji
short_name: Uji
renstra: {start: 2021, end: 2026}
scale: akip
"""


def write_workspace(
    root: Path,
    nodes: str,
    data: dict[str, str] | None = None,
    scales: str | None = None,
    organisation: str = ORGANISATION,
) -> Path:
    """A small workspace from YAML text: specs/nodes.yaml, data/<year>.yaml, the seed's scales by default."""
    specs = root / "specs"
    specs.mkdir(parents=True, exist_ok=True)
    (specs / "organisation.yaml").write_text(organisation, encoding="utf-8")
    if scales is None:
        shutil.copy(SEED_SPECS / "scales.yaml", specs / "scales.yaml")
    else:
        (specs / "scales.yaml").write_text(textwrap.dedent(scales), encoding="utf-8")
    (specs / "nodes.yaml").write_text(textwrap.dedent(nodes), encoding="utf-8")
    folder = root / "data"
    folder.mkdir(exist_ok=True)
    for year, text in (data or {}).items():
        (folder / f"{year}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def small(tmp_path):
    """Factory: small(nodes_yaml, {year: data_yaml}) -> (checked, root)."""

    def make(nodes: str, data: dict[str, str] | None = None, **kw):
        root = write_workspace(tmp_path, nodes, data, **kw)
        return api.validate(root / "specs", root / "data"), root

    return make


def child_limits(cpu_seconds: int, memory: int, file_size: int | None = None) -> Callable[[], None]:
    """A preexec_fn for the hostile-input suites: CPU, memory (and file-size) limits, and a default SIGINT, so a
    Ctrl-C reaches lkip as in a terminal even where the suite runs with SIGINT ignored (background jobs, CI)."""

    def limits() -> None:  # pragma: no cover - runs in the child
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return limits


def file_digests(root: Path) -> dict[str, str]:
    """Every regular file under root with its SHA-256: compared before and after to show nothing changed."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
