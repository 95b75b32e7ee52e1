"""Many offices: `lkip eval --root` as a kabupaten (40 offices), a province (500) and, extrapolated, the nation.

    python benchmarks/offices.py            # 1, 40 and 500 offices
    python benchmarks/offices.py --quick    # 1 and 40 offices

Each office is a realistic workspace of 107 or 214 nodes (benchmarks/size.py's generator: sasaran → iku → program →
kegiatan → sub kegiatan, formulas, roll-ups, budgets), so 40 offices are about 6,400 nodes. Each size is measured
in a child process of its own through the library, as `lkip eval 2024 --root DIR --format json` runs it:
validation (loading, schema, checks, formulas compiled), evaluation, and the JSON document (each office's
serialised and spooled to a file as the command does, then the whole written), each as process CPU time; the
child's peak resident memory. Three runs per size: without the cache, with an empty cache (it is filled) and with
the filled cache (a second run over unchanged files).
The nation (20,000 offices) is extrapolated from the largest size's time per office, as stated in the output.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from size import write_realistic  # noqa: E402

SASARAN_NODES = 107  # size.py's tree per sasaran; offices alternate one and two sasaran: 160 nodes on average
NATION = 20_000

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from lkip.engine import api
from lkip.engine.cache import ParseCache
from lkip.engine.offices import discover, OfficeResult
from lkip.engine.render.jsonout import dumps
from lkip.engine.offices import ranking
from lkip.cli.offices_json import Spool, chunks
import tempfile
root, mode, cache_dir = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
spool = Spool(tempfile.mkdtemp(prefix="lkip-spool-"))
cache = None if mode == "none" else ParseCache(Path(cache_dir))
clock = time.process_time
times = {"load": 0.0, "check": 0.0, "evaluate": 0.0, "render": 0.0}
results = []
nodes = 0
for office in discover(root):
    start = clock()
    loaded = api.load_workspace(office.specs, office.data, cache=cache)  # read, parse, schema (what the cache keeps)
    loaded_at = clock()
    compiled, problems = api.check_workspace(loaded.workspace)  # the cross-file checks, formulas compiled
    ws = api.require(api.Validated(loaded.workspace, compiled, loaded.diagnostics))[0]
    middle = clock()
    evaluation = api.evaluate_year(ws, compiled, 2024)
    end = clock()
    times["load"] += loaded_at - start
    times["check"] += middle - loaded_at
    times["evaluate"] += end - middle
    nodes += len(ws.nodes)
    start = clock()
    results.append(OfficeResult.of(office, evaluation, document=spool))
    times["render"] += clock() - start
start = clock()
size = 0
with open(Path(spool.folder) / "offices.json", "w", encoding="utf-8") as out:
    for piece in chunks(2024, ranking(results)):
        out.write(piece)
        size += len(piece)
times["render"] += clock() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"offices": len(results), "nodes": nodes, **times, "peak_mib": peak, "bytes": size}))
"""


def write_offices(root: Path, count: int) -> None:
    for i in range(1, count + 1):
        write_realistic(root / f"dinas-{i:05d}", SASARAN_NODES * (1 + i % 2))


def run(root: Path, mode: str, cache_dir: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), mode, str(cache_dir)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 and 40 offices only")
    args = parser.parse_args(argv)
    sizes = (1, 40) if args.quick else (1, 40, 500)
    header = (
        f"{'offices':>8} {'nodes':>8} {'cache':<6} {'load s':>7} {'check s':>8} {'evaluate s':>10} {'render s':>9}"
        f" {'total s':>8} {'ms/office':>10} {'peak MiB':>9}"
    )
    print(header)
    last: dict[str, dict] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="lkip-offices-") as tmp:
            root, cache_dir = Path(tmp) / "root", Path(tmp) / "cache"
            write_offices(root, size)
            for mode, label in (("none", "off"), ("fill", "empty"), ("fill", "warm")):
                r = run(root, mode, cache_dir)
                total = r["load"] + r["check"] + r["evaluate"] + r["render"]
                last[label] = {**r, "total": total}
                print(
                    f"{r['offices']:>8,} {r['nodes']:>8,} {label:<6} {r['load']:>7.2f} {r['check']:>8.2f}"
                    f" {r['evaluate']:>10.2f}"
                    f" {r['render']:>9.2f} {total:>8.2f} {total / r['offices'] * 1000:>10.1f} {r['peak_mib']:>9.0f}"
                )
    for label in ("off", "warm"):
        r = last[label]
        per_office = r["total"] / r["offices"]
        print(
            f"nation ({NATION:,} offices), extrapolated from {r['offices']:,} offices, cache {label}: "
            f"{per_office * NATION:.0f} s of CPU on one core"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
