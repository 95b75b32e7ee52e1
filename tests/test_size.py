"""Hostile sizes: a 10,000-deep chain of parents, one node with 50,000 children, a 5 MB data file, a cycle of
3,000 nodes, and 3,000 unknown parents and data ids, each through `lkip validate` and `lkip eval` in a child
process with limits (60 s CPU, 2 GiB of address space). Not timed: the limits only stop a runaway (before the
linear fixes, the chain, the cycle and the unknown ids ran out of CPU time and the 50,000 children took minutes
to evaluate). The children run concurrently and write their output to files; each one's own peak memory comes
from os.wait4.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, child_limits, file_digests

_spec = importlib.util.spec_from_file_location("lkip_size_benchmark", ROOT / "benchmarks" / "size.py")
size = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(size)

CPU_SECONDS, MEMORY = 60, 2 << 30
DEPTH, CHILDREN, CYCLE, ORPHANS = 10_000, 50_000, 3_000, 3_000

# case -> (generator, argument); command name -> arguments after `lkip`
CASES = {
    "chain": (size.write_chain, DEPTH),
    "wide": (size.write_wide, CHILDREN),
    "big_data": (size.write_big_data, None),
    "cycle": (size.write_cycle, CYCLE),
    "orphans": (size.write_orphans, ORPHANS),
}
COMMANDS = {"validate": ("validate",), "eval": ("eval", "2024", "--format", "json", "--depth", "3")}


class Done:
    def __init__(self, code: int, out: str, err: str, peak_mib: float) -> None:
        self.code, self.out, self.err, self.peak_mib = code, out, err, peak_mib
        self.text = out + err

    def __str__(self) -> str:
        return f"exit {self.code}, peak {self.peak_mib:.0f} MiB\n{self.text[:3000]}"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Every case through every command, all at once; checks afterwards that no workspace file changed."""
    tmp = tmp_path_factory.mktemp("size")
    (tmp / "home").mkdir()
    (tmp / "out").mkdir()
    for name, (write, arg) in CASES.items():
        write(tmp / name) if arg is None else write(tmp / name, arg)
    before = file_digests(tmp)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp / "home"),
        "LKIP_CACHE_DIR": os.environ["LKIP_CACHE_DIR"],  # the run's cache folder (conftest), not watched
        "MPLCONFIGDIR": os.environ["MPLCONFIGDIR"],  # matplotlib's font cache (conftest), not watched
        "COLUMNS": "500",
        "NO_COLOR": "1",
        "PYTHONIOENCODING": "utf-8",
        "LANG": "C.UTF-8",
    }
    started = {}
    with contextlib.ExitStack() as files:
        for case in CASES:
            for command, args in COMMANDS.items():
                out = files.enter_context(open(tmp / "out" / f"{case}-{command}.out", "wb"))
                err = files.enter_context(open(tmp / "out" / f"{case}-{command}.err", "wb"))
                proc = subprocess.Popen(
                    [sys.executable, "-c", "from lkip.cli.main import run; run()", *args],
                    cwd=tmp / case,
                    env=env,
                    stdout=out,
                    stderr=err,
                    preexec_fn=child_limits(CPU_SECONDS, MEMORY),
                )
                started[(case, command)] = (proc, Path(out.name), Path(err.name))
        usages = {}
        for key, (proc, _, _) in started.items():
            _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage (peak memory)
            proc.returncode = os.waitstatus_to_exitcode(status)
            usages[key] = usage
    done = {
        key: Done(
            proc.returncode,
            out.read_text(encoding="utf-8"),
            err.read_text(encoding="utf-8"),
            usages[key].ru_maxrss / 1024,
        )
        for key, (proc, out, err) in started.items()
    }
    yield done
    after = file_digests(tmp)
    assert {k: v for k, v in after.items() if not k.startswith("out/")} == {
        k: v for k, v in before.items() if not k.startswith("out/")
    }, "a workspace file changed"


def _sane(done: Done) -> None:
    assert done.code in (0, 1), done  # not killed by a limit (negative) nor a usage error
    assert "Traceback" not in done.text and "RecursionError" not in done.text, done


@pytest.mark.parametrize("command", COMMANDS)
def test_a_chain_10000_deep_gets_one_error_per_node_below_the_fifth_level(runs, command):
    done = runs[("chain", command)]
    _sane(done)
    assert done.code == 1, done
    assert done.text.count(" LK203 ") == DEPTH - 5, done
    assert "LK204" not in done.text, done


@pytest.mark.parametrize("command", COMMANDS)
def test_a_cycle_of_3000_nodes_is_reported_once(runs, command):
    done = runs[("cycle", command)]
    _sane(done)
    assert done.code == 1, done
    cycles = [line for line in done.text.splitlines() if " LK204 " in line]
    assert len(cycles) == 1, done
    assert "R0 → R1 → R2 → " in cycles[0] and " → … → " in cycles[0] and "R2999 → R0" in cycles[0], cycles[0]
    assert len(cycles[0]) < 400, cycles[0]  # a long cycle is named by its ends, not by 3,000 ids


@pytest.mark.parametrize("command", COMMANDS)
def test_3000_unknown_parents_and_records_each_get_one_error(runs, command):
    # 'did you mean' compares with every id: it is given only to the first problems, so this stays linear
    done = runs[("orphans", command)]
    _sane(done)
    assert done.code == 1, done
    assert done.text.count(" LK202 ") == ORPHANS and done.text.count(" LK210 ") == ORPHANS, done
    assert "X0: induk 'MISSING0' tidak ada" in done.text, done


def test_50000_children_validate(runs):
    done = runs[("wide", "validate")]
    _sane(done)
    assert done.code == 0, done
    assert f"{CHILDREN + 4} simpul" in done.out, done


def test_50000_children_evaluate_and_roll_up(runs):
    done = runs[("wide", "eval")]
    _sane(done)
    assert done.code == 0, done
    document = json.loads(done.out)
    assert document["summary"]["status"] == {"ok": CHILDREN + 4}
    assert document["summary"]["pagu"] == sum(1_000_000 + n for n in range(1, CHILDREN + 1))
    kegiatan = next(n for n in document["nodes"] if n["id"] == "K")
    expected = statistics.fmean((6 + n % 9) / 12 * 100 for n in range(1, CHILDREN + 1))
    assert kegiatan["capaian"] == pytest.approx(expected, abs=0.01)
    assert kegiatan["pagu"] == document["summary"]["pagu"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_5_mb_data_file_loads_in_little_memory(runs, command):
    done = runs[("big_data", command)]
    _sane(done)
    assert done.code == 0, done
    # the loader used to hold ~550 bytes per scalar (1.4 GB for this file); now it is the data and a few bytes
    assert done.peak_mib < 600, done


def test_the_5_mb_data_file_is_evaluated_in_full(runs):
    document = json.loads(runs[("big_data", "eval")].out)
    series = size.big_data_series()
    node = next(n for n in document["nodes"] if n["id"] == "SS1.I1.P1.K1")
    k = 1
    expected = statistics.fmean((10 + (j * 7 + k) % 90) / (100 + (j * 3 + k) % 9) * 100 for j in range(series))
    assert node["realisasi"] == pytest.approx(expected, abs=0.01)
    assert series > 3000  # 2 × 180 lists of this many numbers: the file is close to the 5 MB limit


def test_the_big_data_file_is_close_to_the_limit(tmp_path):
    size.write_big_data(tmp_path)
    biggest = size.data_bytes(tmp_path)
    assert 4.5 * 1024 * 1024 < biggest <= size.MAX_FILE, biggest
