"""Evaluation rules on small workspaces: states, roll-up, budget."""

import pytest

from lkip.engine import api
from lkip.engine.model import Status
from tests.conftest import DATA, TREE, edit


def evaluate(small, nodes=TREE, data=DATA, year=2024):
    checked, _ = small(nodes, {"2024": data})
    assert checked.ok, [d.format() for d in checked.diagnostics.errors]
    return api.evaluate_year(checked.workspace, checked.compiled, year).results


def test_ok_path_and_budget_sums(small):
    r = evaluate(small)
    assert r["K1"].realisasi == pytest.approx(60) and r["K1"].capaian == pytest.approx(120)
    assert r["P1"].capaian == pytest.approx(160)  # lower: (2*5 - 2) / 5
    assert r["I1"].capaian == pytest.approx(110) and r["I1"].band.code == "AA"
    assert r["K1.S1"].capaian == pytest.approx(75) and r["K1.S1"].band.code == "BB"
    assert r["K1"].pagu == 4000 and r["K1"].realisasi_anggaran == 2400 and r["K1"].budget_from == "children"
    assert r["S1"].pagu == 4000 and r["S1"].serapan == pytest.approx(60)
    assert r["K1"].efisiensi == pytest.approx(120 - 60)


def test_sasaran_without_target_takes_mean_capaian_of_children(small):
    r = evaluate(small)
    assert r["S1"].status is Status.OK and r["S1"].realisasi is None
    assert r["S1"].capaian == pytest.approx(110) and r["S1"].realisasi_from is None


@pytest.mark.parametrize(
    "data, node, status",
    [
        (DATA.replace("K1.S1: {realisasi: 3, ", "K1.S1: {"), "K1.S1", Status.NO_DATA),
        (DATA.replace("I1: {realisasi: 88}", "I1: {status: not_implemented}"), "I1", Status.NOT_IMPLEMENTED),
        (DATA.replace("b: 50", "b: 0"), "K1", Status.ERROR),
    ],
)
def test_states_are_distinct_and_the_rest_still_evaluates(small, data, node, status):
    r = evaluate(small, data=data)
    assert r[node].status is status
    assert r[node].capaian is None
    assert r["P1"].status is Status.OK  # the rest of the tree still evaluates
    if status is Status.ERROR:
        assert "division by zero" in str(r[node].reason) and "pembagian dengan nol" in r[node].reason.render("id")


def test_no_target_and_zero_target(small):
    nodes = TREE.replace("targets: {2024: 4}", "targets: {2025: 4}")
    nodes = nodes.replace("targets: {2024: 10}", "targets: {2024: 0}")
    r = evaluate(small, nodes=nodes)
    assert r["K1.S1"].status is Status.NO_TARGET and r["K1.S1"].realisasi == 3
    assert r["K1.S2"].status is Status.ZERO_TARGET and r["K1.S2"].capaian is None


@pytest.mark.parametrize(
    "rollup, expected",
    [
        ("{method: mean}", (75 + 100) / 2),
        ("{method: weighted, weights: {K1.S1: 3, K1.S2: 1}}", (75 * 3 + 100) / 4),
        ("{method: min}", 75),
        ("{method: max}", 100),
        ("{method: formula, formula: sum(capaian) / len(capaian)}", 87.5),
    ],
)
def test_rollup_methods_give_the_parents_realisasi(small, rollup, expected):
    nodes = TREE.replace(
        "    inputs: {a: {description: bagian}, b: {description: seluruh}}\n    formula: percent(a, b)\n",
        f"    rollup: {rollup}\n",
    )
    data = DATA.replace("K1: {inputs: {a: 30, b: 50}}\n", "")
    r = evaluate(small, nodes=nodes, data=data)
    assert r["K1"].realisasi_from == "rollup"
    assert r["K1"].realisasi == pytest.approx(expected)
    assert r["K1"].capaian == pytest.approx(expected / 50 * 100)


def test_rollup_of_a_kind_skips_a_level_like_the_seeds_sasaran_3(small):
    nodes = TREE.replace(
        'name: IKU satu, unit: "%", direction: higher, targets: {2024: 80}}',
        'name: IKU satu, unit: "%", direction: higher, targets: {2024: 80}, rollup: {of: sub_kegiatan}}',
    )
    r = evaluate(small, nodes=nodes, data=DATA.replace("I1: {realisasi: 88}\n", ""))
    assert r["I1"].realisasi == pytest.approx(87.5)
    assert [m.id for m in r["I1"].members] == ["K1.S1", "K1.S2"]


@pytest.mark.parametrize("method", ["mean", "min", "max", "weighted, weights: {K1.S1: 3, K1.S2: 1}"])
def test_roll_up_of_identical_children_equals_the_child(small, method):
    # K1 rolls up its two sub kegiatan instead of computing a formula; both reach 100 % (4 of 4, 10 of 10)
    nodes = edit(
        TREE,
        "    inputs: {a: {description: bagian}, b: {description: seluruh}}\n    formula: percent(a, b)\n",
        f"    rollup: {{method: {method}}}\n",
    )
    data = edit(edit(DATA, "K1: {inputs: {a: 30, b: 50}}\n", ""), "K1.S1: {realisasi: 3,", "K1.S1: {realisasi: 4,")
    r = evaluate(small, nodes=nodes, data=data)
    assert r["K1.S1"].capaian == pytest.approx(100) and r["K1.S2"].capaian == pytest.approx(100)
    assert r["K1"].realisasi_from == "rollup" and r["K1"].realisasi == pytest.approx(100)
    assert r["K1"].capaian == pytest.approx(100 / 50 * 100)  # the parent's own target is 50


def test_quarterly_cumulation(small):
    nodes = TREE.replace(
        "unit: laporan, direction: higher, targets: {2024: 4}}",
        "unit: laporan, direction: higher, targets: {2024: 4}, cumulation: sum}",
    )
    data = DATA.replace("K1.S1: {realisasi: 3,", "K1.S1: {triwulan: {1: {realisasi: 1}, 2: {realisasi: 2}},")
    r = evaluate(small, nodes=nodes, data=data)
    assert r["K1.S1"].realisasi == 3 and r["K1.S1"].realisasi_from == "triwulan"
    assert r["K1.S1"].quarters == {1: 1, 2: 2}


def test_changing_a_target_changes_capaian(small):
    before = evaluate(small)["I1"].capaian
    after = evaluate(small, nodes=TREE.replace("targets: {2024: 80}", "targets: {2024: 110}"))["I1"].capaian
    assert before == pytest.approx(110) and after == pytest.approx(80)


def test_capaian_cap_is_a_declared_policy_never_hidden(small):
    nodes = TREE.replace("targets: {2024: 80}}", "targets: {2024: 80}, capaian_cap: 100}")
    r = evaluate(small, nodes=nodes)["I1"]
    assert r.capaian == pytest.approx(110) and r.capaian_capped == pytest.approx(100)


def test_quarterly_inputs_are_added_up_before_the_formula(small):
    nodes = TREE.replace("    formula: percent(a, b)\n", "    formula: percent(a, b)\n    cumulation: sum\n")
    data = DATA.replace(
        "K1: {inputs: {a: 30, b: 50}}", "K1: {triwulan: {1: {inputs: {a: 10, b: 40}}, 2: {inputs: {a: 20, b: 10}}}}"
    )
    r = evaluate(small, nodes=nodes, data=data)["K1"]
    assert r.realisasi == pytest.approx(30 / 50 * 100)  # a ratio of sums, not 25 % + 200 %
    assert r.quarters == {1: pytest.approx(25), 2: pytest.approx(200)}


def test_evaluation_up_to_a_quarter_uses_quarterly_data_only(small):
    nodes = TREE.replace(
        "unit: laporan, direction: higher, targets: {2024: 4}}",
        "unit: laporan, direction: higher, targets: {2024: 4}, cumulation: sum}",
    )
    data = DATA.replace("K1.S1: {realisasi: 3,", "K1.S1: {triwulan: {1: {realisasi: 1}, 3: {realisasi: 2}},")
    checked, _ = small(nodes, {"2024": data})
    results = api.evaluate_year(checked.workspace, checked.compiled, 2024, triwulan=2).results
    assert results["K1.S1"].realisasi == 1 and results["K1.S1"].capaian == pytest.approx(25)
    assert results["K1.S2"].status is Status.NO_DATA and "Q2" in str(results["K1.S2"].reason)
    assert results["K1.S1"].pagu == 1000 and results["K1.S1"].realisasi_anggaran is None
    year = api.evaluate_year(checked.workspace, checked.compiled, 2024, triwulan=4).results
    assert year["K1.S1"].realisasi == 3 and year["K1.S2"].realisasi == 10
