"""A second pair of eyes on the seed workspace: every printed value recorded in data (`reported`) and every
number cited inline (`key: 12  # L709`) must appear in the seed report at (or just after) the cited line."""

from __future__ import annotations

import re

import pytest

from lkip.engine import api
from tests.conftest import ROOT, SEED_DATA, SEED_SPECS

SEED_FILE = ROOT.parent / "shared" / "seed" / "000_23d7f3746cd4a1d0.txt"
pytestmark = pytest.mark.skipif(not SEED_FILE.is_file(), reason=f"the seed report is not at {SEED_FILE}")

# Printed values that are recorded in another form than the report prints them, each checked by hand.
KNOWN = {
    ("P02", "L3461 Tabel 23", "realisasi_anggaran"): "printed '-' (nothing spent), recorded as 0",
    ("P02.K1", "L3471 Tabel 23", "realisasi_anggaran"): "printed '-' (nothing spent), recorded as 0",
    ("P09", "L5888 grafik lampiran", "realisasi"): "the chart prints the fraction 0.0948",
    ("P09", "L5888 grafik lampiran", "target"): "the chart prints the fraction 0.1",
    ("P01.K5", "L4952 3.5 Realisasi Anggaran", "realisasi_anggaran"): "printed '101453.120' (a typo for 101.453.120)",
}


def forms(value: float) -> set[str]:
    """The ways the report may print a number: 1.863.404 / 1,863,404 / 105,48 / 105.48 / 100."""
    out = set()
    if float(value).is_integer():
        i = int(value)
        out |= {f"{i:,}".replace(",", "."), f"{i:,}", str(i)}
    for digits in (1, 2, 3, 4):
        text = f"{abs(value):.{digits}f}"
        whole, frac = text.split(".")
        dotted = f"{int(whole):,}".replace(",", ".")
        out |= {
            f"{dotted},{frac}",
            f"{whole},{frac}",
            text,
            f"{dotted},{frac}".rstrip("0").rstrip(","),
            f"{whole},{frac}".rstrip("0").rstrip(","),
        }
    return out


@pytest.fixture(scope="module")
def seed_lines():
    return SEED_FILE.read_text(encoding="utf-8").splitlines()


def near(lines: list[str], line: int) -> str:
    return "\n".join(lines[max(0, line - 3) : line + 14])


def test_every_reported_value_is_printed_at_its_cited_line(seed_lines):
    workspace = api.validate(SEED_SPECS, SEED_DATA).workspace
    missing, checked = [], 0
    for year in workspace.years.values():
        for record in year.records.values():
            for rep in record.reported:
                cited = re.match(r"L(\d+)", rep.source)
                if not cited or "chart" in rep.source:
                    continue
                for field, value in rep.values.items():
                    if isinstance(value, bool) or not isinstance(value, (int, float)):
                        continue
                    checked += 1
                    if (record.id, rep.source, field) in KNOWN:
                        continue
                    window = near(seed_lines, int(cited.group(1)))
                    if not any(f in window for f in forms(value)):
                        missing.append(f"{record.id} {rep.source} {field}={value}")
    assert checked > 1000
    assert missing == []


def test_every_inline_cited_number_is_printed_there(seed_lines):
    pattern = re.compile(r"^\s*([a-z_0-9]+):\s*(-?[0-9][0-9.]*)\s*#\s*(.*)$")
    missing, checked = [], 0
    for file in sorted(SEED_DATA.glob("*/*.yaml")) + sorted(SEED_SPECS.glob("*.yaml")):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            match = pattern.match(line)
            cites = [int(c) for c in re.findall(r"L(\d{2,4})", match.group(3))] if match else []
            if not cites:
                continue
            checked += 1
            value = float(match.group(2))
            if not any(f in near(seed_lines, c) for c in cites for f in forms(value)):
                missing.append(f"{file.relative_to(ROOT)}:{number}: {line.strip()}")
    assert checked > 200
    assert missing == []
