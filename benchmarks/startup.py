"""Start-up: what a planner waits for, `lkip eval 2024` on the seed, against a bare `import yaml, rich, typer`.

    python benchmarks/startup.py            # 15 runs of each
    python benchmarks/startup.py --runs 5

Each command runs in a fresh process from the repository's folder (the seed workspace), its wall-clock time the
median of the runs; the ratio is to the bare import measured in the same run. The parse cache is warm (a first
run fills it) except for the `--no-cache` line. The last lines break one in-process `lkip eval 2024` down by
phase (imports, typer's argument parsing, load and validate, evaluate, render) with cProfile's cumulative times.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LKIP = [sys.executable, "-m", "lkip.cli"]
CASES = [
    ("python -c 'import yaml, rich, typer' (bare)", [sys.executable, "-c", "import yaml, rich, typer"]),
    ("lkip --help", [*LKIP, "--help"]),
    ("lkip validate", [*LKIP, "validate"]),
    ("lkip eval 2024", [*LKIP, "eval", "2024"]),
    ("lkip --no-cache eval 2024", [*LKIP, "--no-cache", "eval", "2024"]),
    ("lkip eval 2024 --format json", [*LKIP, "eval", "2024", "--format", "json"]),
]
PHASES = [  # (what, file, function)
    ("import lkip's command line (lkip.cli.main)", "cli/main.py", "<module>"),
    ("typer: parse the arguments (imports pydantic)", "typer/_adapters.py", "<module>"),
    ("load and validate the workspace", "engine/api.py", "validate"),
    ("evaluate", "engine/api.py", "evaluate_year"),
    ("render the tree", "engine/render/tree.py", "render_tree"),
]


def wall(command: list[str], runs: int) -> float:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def phases() -> list[tuple[str, float]]:
    """One in-process `lkip eval 2024`, its phases' cumulative times (cProfile; slower than without it)."""
    code = (
        "import sys; sys.argv = ['lkip', 'eval', '2024']\n"
        "from lkip.cli.main import run\n"  # imported under the profile: its import is a phase
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
    )
    profile = cProfile.Profile()
    saved, sys.stdout = sys.stdout, io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        profile.runctx(code, {}, {})
    finally:
        sys.stdout = saved
        os.chdir(cwd)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = max(entry[3] for entry in stats.values())
    out = [("the whole command, in process", total)]
    for name, where, what in PHASES:
        best = 0.0
        for (filename, _line, function), entry in stats.items():
            if filename.endswith(where) and function == what:
                best = max(best, entry[3])
        out.append((name, best))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    wall([*LKIP, "eval", "2024"], 1)  # fills the parse cache
    print(f"{'command':<48} {'median s':>9} {'× bare':>7}")
    bare = None
    for name, command in CASES:
        seconds = wall(command, args.runs)
        bare = bare or seconds
        print(f"{name:<48} {seconds:>9.3f} {seconds / bare:>7.2f}")
    print()
    print(f"{'phase of lkip eval 2024 (cProfile, cumulative)':<48} {'s':>9}")
    for name, seconds in phases():
        print(f"{name:<48} {seconds:>9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
