"""Schema and semantic checks: each problem is one diagnostic with file, line, column and code."""

import pytest

from tests.conftest import DATA, TREE, edit


def codes(checked):
    return [(d.code, d.path.split("/")[-1], d.line) for d in checked.diagnostics.items]


def only(checked, code):
    found = [d for d in checked.diagnostics.items if d.code == code]
    assert found, [d.format() for d in checked.diagnostics.items]
    return found


def test_clean_small_workspace_has_no_problems(small):
    checked, _ = small(TREE, {"2024": DATA})
    assert checked.diagnostics.items == []


def test_unknown_parent_names_file_line_and_suggests(small):
    checked, _ = small(TREE.replace("parent: I1,", "parent: I2,"), {"2024": DATA})
    [d] = only(checked, "LK202")
    assert d.path.endswith("nodes.yaml") and d.line == 4 and d.col == 5
    assert "I1" in str(d.hint)


def test_wrong_kind_parent(small):
    checked, _ = small(edit(TREE, "    parent: P1\n", "    parent: S1\n"), {"2024": DATA})  # K1, a kegiatan, under S1
    [d] = only(checked, "LK203")
    assert d.line == 5 and d.node_id == "K1"


def test_sasaran_with_parent_and_orphan_program(small):
    checked, _ = small(TREE.replace("kind: program, parent: I1,", "kind: program,"), {"2024": DATA})
    assert only(checked, "LK206")


def test_cycle(small):
    nodes = TREE.replace("{id: I1, kind: iku, parent: S1", "{id: I1, kind: iku, parent: P1")
    checked, _ = small(nodes, {"2024": DATA})
    assert only(checked, "LK204")


def test_duplicate_id_names_the_first(small):
    checked, _ = small(
        TREE + "  - {id: K1, kind: kegiatan, parent: P1, name: X, unit: x, direction: higher}\n", {"2024": DATA}
    )
    [d] = only(checked, "LK201")
    assert "nodes.yaml:5" in str(d.message) and d.line == 16


def test_misspelled_key_suggests_the_closest(small):
    checked, _ = small(TREE.replace("targets: {2024: 80}", "target: {2024: 80}"), {"2024": DATA})
    [d] = only(checked, "LK102")
    assert d.line == 3 and "targets" in str(d.hint)


def test_text_where_a_number_is_meant(small):
    checked, _ = small(TREE, {"2024": DATA.replace("I1: {realisasi: 88}", "I1:\n  realisasi: 88,5")})
    [d] = only(checked, "LK104")
    assert d.path.endswith("2024.yaml") and d.line == 2 and d.col == 14 and "write 88.5" in str(d.hint)
    assert "88.5" in d.hint_text("en") and "tulis 88.5, bukan 88,5" in d.hint_text("id")


def test_decimal_comma_inside_braces_explains_itself(small):
    checked, _ = small(TREE, {"2024": DATA.replace("realisasi: 88", "realisasi: 88,5")})
    [d] = only(checked, "LK104")  # one slip, one message (was LK102 for the key the comma made)
    assert d.line == 1 and "88.5" in str(d.hint)


def test_unknown_input_in_formula_suggests_declared(small):
    checked, _ = small(TREE.replace("formula: percent(a, b)", "formula: percent(a, bb)"), {"2024": DATA})
    [d] = only(checked, "LK302")
    assert d.line == 12 and "'b'" in str(d.hint)


def test_unused_input_is_a_warning(small):
    nodes = TREE.replace("b: {description: seluruh}}", "b: {description: seluruh}, c: {description: x}}")
    checked, _ = small(nodes, {"2024": DATA})
    [d] = only(checked, "LK214")
    assert d.severity.value == "warning" and checked.ok


def test_data_for_undeclared_id_and_undeclared_input(small):
    checked, _ = small(TREE, {"2024": DATA + "K9: {realisasi: 1}\n" + "K1.S2x: {realisasi: 1}\n"})
    assert len(only(checked, "LK210")) == 2
    checked, _ = small(TREE, {"2024": DATA.replace("b: 50", "b: 50, z: 1")})
    assert only(checked, "LK211")[0].line == 3


def test_missing_target_for_the_year_is_a_warning(small):
    checked, _ = small(TREE.replace("targets: {2024: 4}", "targets: {2025: 4}"), {"2024": DATA})
    assert only(checked, "LK205")[0].line == 14


def test_targets_moving_against_direction(small):
    checked, _ = small(
        TREE.replace("direction: lower, targets: {2024: 5}", "direction: lower, targets: {2024: 5, 2026: 7}"),
        {"2024": DATA},
    )
    assert only(checked, "LK209")


def test_rollup_summing_different_units(small):
    nodes = TREE.replace(
        "    inputs: {a: {description: bagian}, b: {description: seluruh}}\n    formula: percent(a, b)\n",
        "    rollup: {method: sum}\n",
    ).replace(
        "unit: laporan, direction: higher, targets: {2024: 10}", "unit: dokumen, direction: higher, targets: {2024: 10}"
    )
    checked, _ = small(nodes, {"2024": DATA.replace("K1: {inputs: {a: 30, b: 50}}\n", "")})
    assert only(checked, "LK208")


@pytest.mark.parametrize(
    "change, message",
    [
        ("{code: A, min: 80, max: 90", "gap"),
        ("{code: A, min: 70, max: 90", "overlap"),
    ],
)
def test_scale_gaps_and_overlaps(small, change, message):
    from tests.conftest import SEED_SPECS

    scales = (SEED_SPECS / "scales.yaml").read_text(encoding="utf-8")
    broken = scales.replace(
        "{code: A, min: 80, max: 90", change.replace("80, max: 90", "80, max: 85") if message == "gap" else change
    )
    assert broken != scales, "the edit must change the scale"
    checked, _ = small(TREE, {"2024": DATA}, scales=broken)
    assert any(message in str(d.message) for d in only(checked, "LK212"))


def test_data_field_given_twice_across_files(small, tmp_path):
    checked, root = small(TREE, {})
    (root / "data" / "2024").mkdir()
    (root / "data" / "2024" / "a.yaml").write_text(DATA)
    (root / "data" / "2024" / "b.yaml").write_text("I1: {realisasi: 1, reported: [{source: x, capaian: 1}]}\n")
    from lkip.engine import api

    checked = api.validate(root / "specs", root / "data")
    [d] = only(checked, "LK215")
    assert d.path.endswith("b.yaml") and "a.yaml" in str(d.message)


def test_all_problems_are_collected_over_files(small):
    checked, root = small(TREE.replace("parent: I1,", "parent: I2,"), {"2024": DATA + "ZZ: {realisasi: 1}\n"})
    found = {d.code for d in checked.diagnostics.errors}
    assert {"LK202", "LK210"} <= found


@pytest.mark.parametrize(
    "mutate, code, line",
    [
        (lambda t: t.replace("  - {id: I1,", "  - {id: I1, id: I1,"), "LK004", 3),
        (lambda t: t.replace("  - {id: S1, kind: sasaran,", "  - &s {id: S1, kind: sasaran,"), "LK005", 2),
        (lambda t: t.replace("    kind: kegiatan\n", "\tkind: kegiatan\n"), "LK006", 6),
        (lambda t: t.replace("parent: I1,", "parent: I2,"), "LK202", 4),
        (lambda t: t.replace("direction: lower, targets", "direktion: lower, targets"), "LK102", 4),
    ],
)
def test_each_kind_of_mistake_is_exactly_one_error_with_file_and_line(run_cli, small, mutate, code, line):
    _, root = small(mutate(TREE), {"2024": DATA})
    run = run_cli("validate", cwd=root)
    errors = [line for line in run.stdout.splitlines() if ": galat LK" in line]
    assert run.exit_code == 1 and len(errors) == 1, run
    assert errors[0].startswith(f"specs/nodes.yaml:{line}:") and f" {code} " in errors[0], run
