"""Targets in the mapping form ({value, source, inferred}) and, later, ranges and bands (issue 9 point 13)."""

from __future__ import annotations

import json

from lkip.engine import api
from lkip.engine.model import Target

from .conftest import DATA, TREE, edit


def test_mapping_form_keeps_the_plain_value_and_records_source_and_inferred(small):
    nodes = edit(TREE, "targets: {2024: 80}", 'targets: {2024: {value: 80, source: "L423 Tabel 1"}, 2025: 85}')
    nodes = edit(nodes, "targets: {2024: 5}", "targets: {2024: {value: 5, inferred: true}}")
    checked, _ = small(nodes, {2024: DATA})
    assert checked.ok, [d.format() for d in checked.diagnostics]
    i1, p1 = checked.workspace.nodes["I1"], checked.workspace.nodes["P1"]
    assert dict(i1.targets) == {2024: 80.0, 2025: 85.0}
    assert i1.target_info[2024] == Target(value=80.0, source="L423 Tabel 1")
    assert i1.target_info[2025] == Target(value=85.0)
    assert p1.target_info[2024].inferred is True and p1.targets[2024] == 5.0
    result = api.evaluate_year(checked.workspace, checked.compiled, 2024).results
    assert result["I1"].capaian == 88 / 80 * 100
    assert result["P1"].capaian == (2 * 5 - 2) / 5 * 100


def test_plain_and_mapping_forms_give_the_same_numbers(small, tmp_path):
    plain, _ = small(TREE, {2024: DATA})
    expected = {i: r.capaian for i, r in api.evaluate_year(plain.workspace, plain.compiled, 2024).results.items()}
    nodes = edit(TREE, "targets: {2024: 50}", "targets: {2024: {value: 50, source: PK 2024}}")
    mapped, _ = small(nodes, {2024: DATA})
    got = {i: r.capaian for i, r in api.evaluate_year(mapped.workspace, mapped.compiled, 2024).results.items()}
    assert got == expected


def test_bad_mapping_target_is_one_diagnostic_with_file_and_line(small):
    nodes = edit(TREE, "targets: {2024: 80}", "targets: {2024: {valeu: 80}}")
    checked, _ = small(nodes, {2024: DATA})
    assert not checked.ok
    errors = checked.diagnostics.errors
    assert len(errors) == 1
    assert errors[0].path.endswith("nodes.yaml") and errors[0].line == 3
    assert "valeu" in errors[0].format()


def test_inferred_must_be_a_boolean(small):
    nodes = edit(TREE, "targets: {2024: 80}", "targets: {2024: {value: 80, inferred: yes please}}")
    checked, _ = small(nodes, {2024: DATA})
    assert not checked.ok


def test_seed_inferred_targets_are_marked_and_shown_in_explain(seed_checked, run_cli):
    nodes = seed_checked.workspace.nodes
    inferred = sorted(n.id for n in nodes.values() for t in n.target_info.values() if t.inferred)
    assert inferred == ["P01.K3", "P01.K7"]
    assert nodes["P01.K7"].targets[2024] == 100.0
    run = run_cli("explain", "P01.K7", "2024", "--format", "json")
    assert run.exit_code == 0, run
    target = json.loads(run.stdout)["target"]
    assert target["inferred"] is True and target["value"] == 100
    run = run_cli("explain", "P01.K7", "2024", "--lang", "en")
    assert "inferred, not printed in the report" in run.stdout
    run = run_cli("explain", "P01.K7", "2024")
    assert "disimpulkan, tidak tercetak di laporan" in run.stdout
