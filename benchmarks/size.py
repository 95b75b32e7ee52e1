"""Size benchmark: validate and evaluate time and peak memory as workspaces grow.

    python benchmarks/size.py            # 1,000 / 10,000 / 100,000 nodes and the hostile shapes
    python benchmarks/size.py --quick    # 1,000 and 10,000 nodes only

Each case is written to a temporary folder and measured in a child process of its own through the library
(`lkip.engine.api.validate`, then `lkip.engine.api.evaluate_year`): process CPU time of each step
(time.process_time; evaluation: the best of runs adding up to 1 s) and the child's peak resident memory
(resource.getrusage(RUSAGE_SELF).ru_maxrss).
The table gives the time per node, and for the realistic tree the ratio of the time per node to the previous
size's: a ratio near 1 means the time grows linearly with the number of nodes.

The generators are also used by tests/test_size.py (hostile sizes run through the command line).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

YEAR = 2024
SHAPE = (2, 2, 5, 4)  # per sasaran: 2 iku, each 2 programs, each 5 kegiatan, each 4 sub kegiatan
PER_SASARAN = 1 + SHAPE[0] * (1 + SHAPE[1] * (1 + SHAPE[2] * (1 + SHAPE[3])))  # 107 nodes
MAX_FILE = 5 * 1024 * 1024  # the loader's limit per file (engine/yamlsrc.py MAX_FILE_BYTES)

ORGANISATION = """\
name: Dinas Uji Ukuran
short_name: Uji
renstra: {start: 2021, end: 2026}
scale: akip
"""

SCALES = """\
scales:
  - id: akip
    name: Skala uji
    default: true
    bands:
      - {code: A, min: 80, max: null, color: green, label: Baik}
      - {code: B, min: 50, max: 80, color: yellow, label: Cukup}
      - {code: C, min: null, max: 50, color: red, label: Kurang}
"""


def _base(root: Path) -> tuple[Path, Path]:
    specs, data = root / "specs", root / "data" / str(YEAR)
    specs.mkdir(parents=True, exist_ok=True)
    data.mkdir(parents=True, exist_ok=True)
    (specs / "organisation.yaml").write_text(ORGANISATION, encoding="utf-8")
    (specs / "scales.yaml").write_text(SCALES, encoding="utf-8")
    return specs, data


def _node(node_id: str, kind: str, parent: str | None, extra: str = "", unit: str = '"%"') -> str:
    head = f"  - id: {node_id}\n    kind: {kind}\n"
    if parent is not None:
        head += f"    parent: {parent}\n"
    return (
        head + f"    name: {kind.replace('_', ' ').title()} {node_id}\n    indicator: Indikator {node_id}\n"
        f"    unit: {unit}\n    direction: higher\n" + extra
    )


class _Files:
    """Text split into numbered files below the loader's size limit (at item boundaries)."""

    def __init__(self, folder: Path, stem: str, header: str, limit: int = 2 * 1024 * 1024):
        self.folder, self.stem, self.header, self.limit = folder, stem, header, limit
        self.parts: list[str] = []
        self.size = 0
        self.count = 0

    def add(self, text: str) -> None:
        if self.size + len(text) > self.limit:
            self.flush()
        self.parts.append(text)
        self.size += len(text)

    def flush(self) -> None:
        if self.parts:
            self.count += 1
            path = self.folder / f"{self.stem}-{self.count:04d}.yaml"
            path.write_text(self.header + "".join(self.parts), encoding="utf-8")
        self.parts, self.size = [], 0


def write_realistic(root: Path, nodes: int, series: int = 0) -> int:
    """A tree sasaran → iku → program → kegiatan → sub kegiatan with data for every node that takes any.

    IKU and kegiatan compute their realisasi by formula from inputs (with `series`, kegiatan inputs are lists
    of that many numbers); sub kegiatan are given a realisasi and a budget; programs and sasaran roll up."""
    specs, data = _base(root)
    spec_files = _Files(specs, "nodes", "nodes:\n")
    data_files = _Files(data, "data", "", limit=MAX_FILE - 64 * 1024 if series else 2 * 1024 * 1024)
    count = 0
    sasaran = max(1, round(nodes / PER_SASARAN))
    for s in range(1, sasaran + 1):
        ss = f"SS{s}"
        block = [_node(ss, "sasaran", None, "    rollup: {method: mean, of: iku}\n")]
        records = []
        for i in range(1, SHAPE[0] + 1):
            iku = f"{ss}.I{i}"
            block.append(
                _node(
                    iku,
                    "iku",
                    ss,
                    "    inputs:\n      capai: {description: Jumlah yang tercapai}\n"
                    "      total: {description: Jumlah seluruhnya}\n"
                    "    formula: percent(capai, total)\n    targets: {2024: 80}\n",
                )
            )
            records.append(f"{iku}:\n  inputs: {{capai: {70 + (s + i) % 30}, total: 100}}\n")
            for p in range(1, SHAPE[1] + 1):
                program = f"{iku}.P{p}"
                block.append(_node(program, "program", iku, "    rollup: {method: mean}\n"))
                for k in range(1, SHAPE[2] + 1):
                    kegiatan = f"{program}.K{k}"
                    formula = "mean(percent(selesai, rencana))" if series else "percent(selesai, rencana)"
                    block.append(
                        _node(
                            kegiatan,
                            "kegiatan",
                            program,
                            "    inputs:\n      selesai: {description: Dokumen selesai}\n"
                            "      rencana: {description: Dokumen direncanakan}\n"
                            f"    formula: {formula}\n    targets: {{2024: 95}}\n",
                        )
                    )
                    if series:
                        done = ", ".join(str(10 + (j * 7 + k) % 90) for j in range(series))
                        planned = ", ".join(str(100 + (j * 3 + k) % 9) for j in range(series))
                        records.append(f"{kegiatan}:\n  inputs:\n    selesai: [{done}]\n    rencana: [{planned}]\n")
                    else:
                        records.append(f"{kegiatan}:\n  inputs: {{selesai: {8 + k % 3}, rencana: 10}}\n")
                    for u in range(1, SHAPE[3] + 1):
                        sub = f"{kegiatan}.S{u}"
                        block.append(_node(sub, "sub_kegiatan", kegiatan, "    targets: {2024: 12}\n", unit="dokumen"))
                        records.append(
                            f"{sub}:\n  realisasi: {8 + (s + u) % 6}\n  pagu: {100_000_000 + u * 1_000}\n"
                            f"  realisasi_anggaran: {90_000_000 + (s * u) % 9_000_000}\n"
                        )
        count += len(block)
        spec_files.add("".join(block))
        for record in records:
            data_files.add(record)
    spec_files.flush()
    data_files.flush()
    return count


def write_chain(root: Path, depth: int) -> int:
    """A chain of `depth` nodes, each the parent of the next: deeper than the kinds allow (LK203 below the 5th)."""
    specs, data = _base(root)
    files = _Files(specs, "chain", "nodes:\n")
    kinds = ("sasaran", "iku", "program", "kegiatan")
    for n in range(depth):
        kind = kinds[n] if n < len(kinds) else "sub_kegiatan"
        files.add(_node(f"C{n}", kind, f"C{n - 1}" if n else None, "    targets: {2024: 10}\n" if n else ""))
    files.flush()
    (data / "data.yaml").write_text(
        f"C{depth - 1}:\n  realisasi: 9\n  pagu: 1000\n  realisasi_anggaran: 900\n", encoding="utf-8"
    )
    return depth


def write_wide(root: Path, children: int) -> int:
    """One kegiatan with `children` sub kegiatan (sasaran → iku → program → kegiatan above it), all with data."""
    specs, data = _base(root)
    files = _Files(specs, "wide", "nodes:\n")
    records = _Files(data, "data", "")
    files.add(
        _node("SS", "sasaran", None)
        + _node("IKU", "iku", "SS", "    rollup: {method: mean}\n")
        + _node("P", "program", "IKU", "    rollup: {method: mean}\n")
        + _node("K", "kegiatan", "P", "    rollup: {method: mean}\n")
    )
    for n in range(1, children + 1):
        files.add(_node(f"K.S{n}", "sub_kegiatan", "K", "    targets: {2024: 12}\n", unit="dokumen"))
        records.add(
            f"K.S{n}:\n  realisasi: {6 + n % 9}\n  pagu: {1_000_000 + n}\n  realisasi_anggaran: {900_000 + n}\n"
        )
    files.flush()
    records.flush()
    return children + 4


def write_cycle(root: Path, length: int) -> int:
    """`length` nodes whose parents go round in one cycle, beside a small valid tree."""
    count = write_realistic(root, PER_SASARAN)
    files = _Files(root / "specs", "cycle", "nodes:\n")
    for n in range(length):
        files.add(_node(f"R{n}", "program", f"R{(n + 1) % length}", "    targets: {2024: 50}\n"))
    files.flush()
    return count + length


def write_orphans(root: Path, count: int) -> int:
    """A small valid tree, `count` nodes whose parent does not exist and `count` records naming no node."""
    nodes = write_realistic(root, PER_SASARAN)
    files = _Files(root / "specs", "orphans", "nodes:\n")
    records = _Files(root / "data" / str(YEAR), "unknown", "")
    for n in range(count):
        files.add(_node(f"X{n}", "sub_kegiatan", f"MISSING{n}", "    targets: {2024: 1}\n"))
        records.add(f"NOBODY{n}:\n  realisasi: 1\n")
    files.flush()
    records.flush()
    return nodes + count


def big_data_series() -> int:
    """How many numbers each kegiatan input holds in write_big_data (about 4 bytes each)."""
    kegiatan = round(1000 / PER_SASARAN) * SHAPE[0] * SHAPE[1] * SHAPE[2]
    return min(10_000, int((MAX_FILE - 200 * 1024) / kegiatan / 2 / 4))


def write_big_data(root: Path) -> int:
    """A realistic 1,000-node tree whose data is one file of nearly 5 MB (kegiatan inputs given as series)."""
    return write_realistic(root, 1000, series=big_data_series())


def data_bytes(root: Path) -> int:
    return max((p.stat().st_size for p in (root / "data").rglob("*.yaml")), default=0)


CHILD = textwrap.dedent("""\
    import dataclasses, json, resource, sys, time
    from lkip.engine import api
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.process_time()
    checked = api.validate(sys.argv[1], sys.argv[2])
    t1 = time.process_time()
    codes = {}
    for d in checked.diagnostics.items:
        codes[d.code] = codes.get(d.code, 0) + 1
    # evaluation is short: the best of several runs (until 1 s of CPU), each on a fresh copy of the workspace so
    # that its indexes are built again
    best, spent = float("inf"), 0.0
    while spent < 1.0:
        ws = dataclasses.replace(checked.workspace)
        t = time.process_time()
        evaluation = api.evaluate_year(ws, checked.compiled, int(sys.argv[3]))
        took = time.process_time() - t
        best, spent = min(best, took), spent + took
    print(json.dumps({"validate": t1 - t0, "evaluate": best, "nodes": len(checked.workspace.nodes),
                      "results": len(evaluation.results), "codes": codes, "base_kib": base,
                      "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
    """)


def measure(root: Path) -> dict:
    """Validate and evaluate the workspace at `root` in a child process; its times and peak memory."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(root / "specs"), str(root / "data"), str(YEAR)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise SystemExit(f"measuring {root} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the 1,000 and 10,000 node trees")
    args = parser.parse_args(argv)
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    cases = [(f"tree {n:,}", "tree", write_realistic, n) for n in sizes]
    if not args.quick:
        cases += [
            ("chain 10,000 deep", "", write_chain, 10_000),
            ("50,000 children", "", write_wide, 50_000),
            ("5 MB data file", "", lambda root: write_big_data(root), None),
        ]
    header = (
        f"{'case':<20} {'nodes':>8} {'data file':>10} {'validate s':>10} {'eval s':>8} "
        f"{'val µs/node':>11} {'eval µs/node':>12} {'val ratio':>9} {'eval ratio':>10} {'peak MiB':>9}"
    )
    print(header)
    print("-" * len(header))
    previous: dict | None = None
    for name, group, write, size in cases:
        with tempfile.TemporaryDirectory(prefix="lkip-size-") as tmp:
            root = Path(tmp)
            write(root, size) if size is not None else write(root)
            biggest = data_bytes(root)
            m = measure(root)
        n = m["nodes"]
        per_val, per_eval = m["validate"] / n * 1e6, m["evaluate"] / n * 1e6
        ratios = ("", "")
        if group and previous is not None:
            ratios = (f"{per_val / previous['val']:.2f}", f"{per_eval / previous['eval']:.2f}")
        if group:
            previous = {"val": per_val, "eval": per_eval}
        print(
            f"{name:<20} {n:>8,} {biggest / 1048576:>8.2f}MB {m['validate']:>10.2f} {m['evaluate']:>8.2f} "
            f"{per_val:>11.1f} {per_eval:>12.1f} {ratios[0]:>9} {ratios[1]:>10} {m['peak_kib'] / 1024:>9.0f}",
            flush=True,
        )
    print(
        f"\nratio: time per node divided by the previous size's (1.00 = linear); peak: the child's ru_maxrss, "
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
