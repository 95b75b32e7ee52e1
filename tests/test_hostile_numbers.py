"""Hostile numbers: YAML 1.1 number forms, infinity and NaN, numbers out of range, overflow inside formulas,
statistics and roll-ups, ids with a trailing newline, and implausible budgets and targets. Every case runs the
real CLI in a limited child process (tests.test_boundary.run_lkip: exit code, message, no traceback, nothing
changed on disk)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from lkip.engine import schema as schemas
from tests.conftest import DATA, TREE, write_workspace
from tests.hostile import run_lkip


def strict_json(text: str):
    def refuse(constant):
        raise AssertionError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def with_realisasi(tmp_path: Path, value: str) -> Path:
    """The small workspace with I1's realisasi written as `value`, on line 2 column 14 of data/2024.yaml."""
    return write_workspace(tmp_path, TREE, {"2024": DATA.replace("I1: {realisasi: 88}", f"I1:\n  realisasi: {value}")})


@pytest.mark.parametrize(
    "value, hint",
    [
        ("1_0", "tulis 10: bilangan ditulis sebagai desimal biasa, tanpa garis bawah"),
        ("1_000.5", "tulis 1000.5"),
        ("0x1F", "tulis 31"),
        ("0o17", "tulis 15"),
        ("0b101", "tulis 5"),
        ("010", "tulis 10, tanpa nol di depan"),
        ("1:30", "basis 60"),
        (".inf", "tak hingga dan NaN bukan bilangan"),
        ("-.inf", "tak hingga dan NaN bukan bilangan"),
        (".nan", "tak hingga dan NaN bukan bilangan"),
        (".NaN", "tak hingga dan NaN bukan bilangan"),
        ("12,5", "tulis 12.5, bukan 12,5"),
        ("1.234.567", "tulis 1234567, tanpa pemisah ribuan"),
    ],
)
def test_a_number_form_that_is_not_a_plain_decimal_says_what_to_write(tmp_path, value, hint):
    run = run_lkip(with_realisasi(tmp_path, value), "validate")
    assert run.code == 1, run
    assert "data/2024.yaml:2:14: galat LK104" in run.stdout and hint in run.stdout, run


@pytest.mark.parametrize(
    "value, word",
    [
        ("1e999", "terlalu besar"),
        ("-1e999", "terlalu besar"),
        ("1e-999", "terlalu kecil"),
        ("1e-19", "terlalu kecil"),
        ("1000000000000000001", "terlalu besar"),
        ("1.5e18", "terlalu besar"),
        ("9" * 5000, "terlalu besar"),
    ],
)
def test_a_number_out_of_range_is_an_error_at_its_place(tmp_path, value, word):
    run = run_lkip(with_realisasi(tmp_path, value), "validate")
    assert run.code == 1, run
    [line] = [line for line in run.stdout.splitlines() if "LK011" in line]
    assert line.startswith("data/2024.yaml:2:14: galat LK011 bilangan") and word in line and "10^" in line, run
    assert len(line) < 400  # a 5000-digit number is not echoed in full
    run = run_lkip(tmp_path, "eval", "2024", "--format", "json")
    assert run.code == 1 and run.stdout == "" and "LK011" in run.stderr, run


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1e18", 1e18),
        ("1000000000000000000", 1e18),
        ("-1e18", -1e18),
        ("1e-18", 1e-18),
        ("0.0", 0.0),
        ("105.48", 105.48),
    ],
)
def test_the_edges_of_the_range_are_accepted(tmp_path, value, expected):
    run = run_lkip(with_realisasi(tmp_path, value), "eval", "2024", "--format", "json")
    assert run.code == 0, run
    assert {n["id"]: n["realisasi"] for n in strict_json(run.stdout)["nodes"]}["I1"] == pytest.approx(
        expected, abs=1e-9
    )


def test_a_target_out_of_range_in_the_specs_is_an_error_at_its_line(tmp_path):
    write_workspace(tmp_path, TREE.replace("targets: {2024: 80}", "targets: {2024: 1e999}"), {"2024": DATA})
    run = run_lkip(tmp_path, "validate")
    assert run.code == 1 and "specs/nodes.yaml:3:" in run.stdout and "LK011" in run.stdout, run


def test_a_huge_constant_in_a_formula_is_refused_when_the_specs_load(tmp_path):
    write_workspace(tmp_path, TREE.replace("formula: percent(a, b)", "formula: percent(a, b) * 1e999"), {"2024": DATA})
    run = run_lkip(tmp_path, "validate")
    assert run.code == 1 and "specs/nodes.yaml:12:" in run.stdout and "LK305" in run.stdout, run


# ------------------------------------------------------------------------------- ids match their pattern in full


def test_an_id_with_a_trailing_newline_is_rejected(tmp_path):
    nodes = TREE.replace("{id: K1.S2, kind", '{id: "K1.S2\\n", kind')
    write_workspace(tmp_path, nodes, {"2024": DATA.replace("K1.S2: {", '"K1.S2\\n": {')})
    run = run_lkip(tmp_path, "validate")
    assert run.code == 1, run
    assert "specs/nodes.yaml:15:" in run.stdout and "data/2024.yaml:5:" in run.stdout, run
    assert run.stdout.count("LK101") == 2, run


def _patterns(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                found.append(value)
            else:
                _patterns(value, found)
    elif isinstance(node, list):
        for value in node:
            _patterns(value, found)
    return found


@pytest.mark.parametrize("name", schemas.SCHEMA_NAMES)
def test_every_schema_pattern_refuses_a_trailing_newline(name):
    for pattern in _patterns(schemas.schema(name), []):
        if not pattern.endswith(("$", "$(?!\\n)")):
            continue  # a prefix test (`^#`), not a whole value
        validator = jsonschema.Draft202012Validator({"type": "string", "pattern": pattern})
        good = (
            "2024"
            if pattern.startswith("^(19")
            else "#a0b1c2"
            if pattern.startswith("^#")
            else "LK101"
            if pattern.startswith("^LK")
            else "ab1"
        )
        assert validator.is_valid(good), pattern
        assert not validator.is_valid(good + "\n"), pattern


# ------------------------------------------------------------------ overflow: an error state, never a traceback

OVERFLOW_TREE = """\
nodes:
  - {id: S1, kind: sasaran, name: Sasaran, unit: "%", direction: higher,
     rollup: {method: weighted, weights: {I1: 1000000000000000000, I2: 1000000000000000000, I3: 1000000000000000000}}}
  - {id: I1, kind: iku, parent: S1, name: Kecil, unit: "%", direction: higher, targets: {2024: 1e-18}}
  - {id: I2, kind: iku, parent: S1, name: Jumlah, unit: laporan, direction: higher, targets: {2024: 10},
     rollup: {method: sum, into: realisasi}}
  - {id: I3, kind: iku, parent: S1, name: Biasa, unit: "%", direction: higher, targets: {2024: 100}}
  - {id: P1, kind: program, parent: I2, name: P satu, unit: laporan, direction: higher, targets: {2024: 1}}
  - {id: P2, kind: program, parent: I2, name: P dua, unit: laporan, direction: higher, targets: {2024: 1}}
  - {id: P3, kind: program, parent: I3, name: Pangkat, unit: "%", direction: higher, targets: {2024: 1},
     inputs: {a: {description: a}}, formula: "a * a * a"}
  - {id: P4, kind: program, parent: I3, name: Simpangan, unit: "%", direction: higher, targets: {2024: 1},
     inputs: {a: {description: a}}, formula: "stdev([a ** 16 * a * 170, 0 - a ** 16 * a * 170])"}
  - {id: P5, kind: program, parent: I3, name: Rata-rata, unit: "%", direction: higher, targets: {2024: 1},
     inputs: {a: {description: a}}, formula: "mean([a ** 16 * a * 170, a ** 16 * a * 170])"}
  - {id: P6, kind: program, parent: I3, name: Antara, unit: "%", direction: higher, targets: {2024: 1},
     inputs: {a: {description: a}}, formula: "1 / (a ** 16 * a * 1000)"}
  - {id: P7, kind: program, parent: I3, name: Terbalik, unit: "%", direction: lower, capaian_method: inverse,
     targets: {2024: 10}, inputs: {a: {description: a}}, formula: "1 / (a ** 16 * a)"}
  - {id: P8, kind: program, parent: I3, name: Jumlah deret, unit: "%", direction: higher, targets: {2024: 1},
     inputs: {a: {description: a}}, formula: "sum([a ** 16 * a * 170, a ** 16 * a * 170])"}
"""

OVERFLOW_DATA = """\
I1: {realisasi: 1000000000000000000}
I3: {realisasi: 50}
P1: {realisasi: 1000000000000000000}
P2: {realisasi: 1000000000000000000}
P3: {inputs: {a: 1000000000000000000}}
P4: {inputs: {a: 1000000000000000000}}
P5: {inputs: {a: 1000000000000000000}}
P6: {inputs: {a: 1000000000000000000}}
P7: {inputs: {a: 1000000000000000000}}
P8: {inputs: {a: 1000000000000000000}}
"""


@pytest.fixture
def overflowing(tmp_path) -> Path:
    return write_workspace(tmp_path, OVERFLOW_TREE, {"2024": OVERFLOW_DATA})


def test_overflow_in_formulas_statistics_capaian_and_rollups_is_an_error_state(overflowing):
    run = run_lkip(overflowing, "eval", "2024", "--format", "json", "--lang", "en")
    assert run.code == 0, run
    nodes = {n["id"]: n for n in strict_json(run.stdout)["nodes"]}
    reasons = {
        "I1": "capaian is larger than 10^18",  # 10^18 / 10^-18 × 100
        "I2": "roll-up is larger than 10^18",  # a sum of two 10^18
        "P3": "larger than 10^18",  # 10^54
        "P4": "overflow",  # stdev of ±1.7e308
        "P5": "overflow",  # fmean's sum overflows
        "P6": "overflow",  # 1 / inf would be a silent 0
        "P7": "capaian is larger than 10^18",  # target / 1e-306
        "P8": "overflow",  # fsum overflows
    }
    for node_id, reason in reasons.items():
        assert nodes[node_id]["status"] == "error" and reason in nodes[node_id]["reason"], nodes[node_id]
        assert nodes[node_id]["capaian"] is None
    assert nodes["I3"]["status"] == "ok" and nodes["S1"]["capaian"] == pytest.approx(50)  # huge weights: fine


@pytest.mark.parametrize(
    "args",
    [
        ("eval", "2024"),
        ("eval", "2024", "--format", "table"),
        ("eval", "2024", "--format", "csv"),
        ("eval", "2024", "--format", "md"),
        ("explain", "P6", "2024"),
        ("explain", "P4", "2024", "--format", "json"),
        ("check", "2024", "--format", "json"),
        ("validate", "--format", "json"),
    ],
)
def test_every_view_of_an_overflowing_workspace_ends_normally(overflowing, args):
    run = run_lkip(overflowing, *args)
    assert run.code in (0, 1), run
    if "json" in args:
        strict_json(run.stdout)


def test_huge_values_print_in_the_views(tmp_path):
    data = DATA.replace(
        "K1: {inputs: {a: 30, b: 50}}", "K1: {inputs: {a: 1000000000000000000, b: 1000000000000000000}}"
    )
    write_workspace(tmp_path, TREE.replace("formula: percent(a, b)", "formula: percent(a * a, b * b)"), {"2024": data})
    run = run_lkip(tmp_path, "explain", "K1", "2024")  # a step of 10^36 used to break number formatting
    assert run.code == 0 and "a * a = 1.000.000.000.000.000.000.000.000.000.000.000.000" in run.stdout, run


# ---------------------------------------------------------------------------------- plausibility warnings


def test_spending_above_the_pagu_is_a_warning_at_the_record(tmp_path):
    data = DATA.replace(
        "K1.S1: {realisasi: 3, pagu: 1000, realisasi_anggaran: 900}",
        "K1.S1: {realisasi: 3, pagu: 1000, realisasi_anggaran: 5000}",
    )
    write_workspace(tmp_path, TREE, {"2024": data})
    run = run_lkip(tmp_path, "validate")
    assert run.code == 0, run
    assert (
        "data/2024.yaml:4:1: peringatan LK501 K1.S1 (2024): realisasi anggaran Rp5.000 melebihi pagu Rp1.000 "
        "(serapan 500 %)"
    ) in run.stdout, run
    assert run_lkip(tmp_path, "validate", "--strict").code == 1
    assert run_lkip(tmp_path, "eval", "2024").code == 0


def test_spending_without_a_pagu_is_a_warning(tmp_path):
    data = DATA.replace("pagu: 1000, realisasi_anggaran: 900", "pagu: 0, realisasi_anggaran: 900")
    write_workspace(tmp_path, TREE, {"2024": data})
    run = run_lkip(tmp_path, "validate")
    assert run.code == 0 and "data/2024.yaml:4:1: peringatan LK501" in run.stdout and "dengan pagu 0" in run.stdout, run


def test_a_negative_pagu_or_spending_is_refused_by_the_schema(tmp_path):
    data = DATA.replace("pagu: 1000, realisasi_anggaran: 900", "pagu: -1000, realisasi_anggaran: -900")
    write_workspace(tmp_path, TREE, {"2024": data})
    run = run_lkip(tmp_path, "validate")
    assert run.code == 1 and run.stdout.count("data/2024.yaml:4:") == 2 and "LK101" in run.stdout, run


def test_a_zero_target_the_rule_divides_by_is_a_warning_at_the_target(tmp_path):
    nodes = TREE.replace("targets: {2024: 10}", "targets: {2024: 0}")
    write_workspace(tmp_path, nodes, {"2024": DATA})
    run = run_lkip(tmp_path, "validate")
    assert run.code == 0, run
    assert "specs/nodes.yaml:15:" in run.stdout and "LK502 K1.S2: target 2024 bernilai 0" in run.stdout, run
    inverse = nodes.replace(
        "name: Sub dua, unit: laporan, direction: higher",
        "name: Sub dua, unit: laporan, direction: lower, capaian_method: inverse",
    )
    write_workspace(tmp_path, inverse, {"2024": DATA})
    run = run_lkip(tmp_path, "validate")
    assert run.code == 0 and "LK502" not in run.stdout, run  # target / realisasi does not divide by the target


def test_the_seed_has_no_implausible_budget_or_target(seed_checked):
    assert not [d for d in seed_checked.diagnostics.items if d.code in ("LK501", "LK502")]
