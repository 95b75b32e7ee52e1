"""Issue 9's policies and optional declarations: partial scales and `scale: none` (point 2), an optional renstra
(3), sasaran without direction and unit (4), realisasi 0 under target / realisasi (6), a capaian cap that counts in
roll-ups (7), a capaian floor (8), and the renstra gap worded by the direction with predikat never doubled (12).
Expected values are recomputed here from the inputs."""

from __future__ import annotations

import json
import statistics

import jsonschema
import pytest

from lkip.engine import api
from lkip.engine.compare import compare
from lkip.engine.explain import explain
from lkip.engine.model import Band, Status
from lkip.engine.render.jsonout import explain_document
from lkip.engine.schema import schema

from .conftest import ORGANISATION, edit

# S1 rolls up three IKU: I1 far above its target, I2 negative, I3 lower-is-better by target / realisasi at 0.
TREE = """\
nodes:
  - {id: S1, kind: sasaran, name: Sasaran tanpa satuan}
  - {id: I1, kind: iku, parent: S1, name: Satu, unit: "%", direction: higher, targets: {2024: 3}}
  - {id: I2, kind: iku, parent: S1, name: Dua, unit: "%", direction: higher, targets: {2024: 10, 2026: 20}}
  - {id: I3, kind: iku, parent: S1, name: Tiga, unit: kasus, direction: lower, capaian_method: inverse,
     targets: {2024: 5, 2026: 4}}
"""
DATA = {2024: "I1: {realisasi: 20}\nI2: {realisasi: -5}\nI3: {realisasi: 0}\n"}
I1_CAPAIAN = 20 / 3 * 100  # 666,67 %
I2_CAPAIAN = -5 / 10 * 100  # -50 %


def _policy(text: str) -> str:
    return ORGANISATION + f"policy: {text}\n"


def _evaluate(small, nodes=TREE, data=None, **kw):
    checked, root = small(nodes, DATA if data is None else data, **kw)
    assert checked.ok, "\n".join(d.format() for d in checked.diagnostics.sorted())
    return api.evaluate_year(checked.workspace, checked.compiled, 2024, trace=True), root


def assert_valid(name: str, document) -> None:
    errors = [e.message for e in jsonschema.Draft202012Validator(schema(name)).iter_errors(document)]
    assert not errors, errors


def _codes(checked) -> list[str]:
    return [d.code for d in checked.diagnostics.sorted()]


# --- point 6: realisasi 0 under target / realisasi -------------------------------------------------------------


def test_inverse_zero_without_policy_is_not_computable_and_named_by_the_rollup(small, run_cli):
    evaluation, root = _evaluate(small)
    i3 = evaluation.results["I3"]
    assert i3.status is Status.NOT_COMPUTABLE and i3.capaian is None
    assert "inverse_zero" in i3.reason.render("en") and "tidak dapat dihitung" in i3.reason.render("id")
    s1 = evaluation.results["S1"]
    assert s1.capaian == pytest.approx(statistics.fmean([I1_CAPAIAN, I2_CAPAIAN]))
    assert "I3" in s1.reason.render("en")  # left out, and named
    explained = run_cli("explain", "I3", "2024", "--specs", root / "specs", "--data", root / "data")
    assert explained.exit_code == 0 and "tidak dapat dihitung" in explained.stdout
    tree = run_cli("eval", "2024", "--specs", root / "specs", "--data", root / "data", "--lang", "en")
    assert tree.exit_code == 0 and "not computable" in tree.stdout


def test_inverse_zero_policy_gives_its_capaian_and_explain_says_so(small):
    evaluation, _ = _evaluate(small, organisation=_policy("{inverse_zero: 120}"))
    i3 = evaluation.results["I3"]
    assert i3.status is Status.OK and i3.capaian == 120
    doc = explain_document(explain(evaluation, "I3"), "id")
    assert "inverse_zero" in doc["capaian"]["rule"] and "120,00 %" in doc["capaian"]["rule"]
    assert doc["capaian"]["computation"] is None  # never 'target / 0'
    assert evaluation.results["S1"].capaian == pytest.approx(statistics.fmean([I1_CAPAIAN, I2_CAPAIAN, 120]))


def test_inverse_zero_falls_back_to_the_nodes_cap(small):
    nodes = edit(TREE, "capaian_method: inverse,", "capaian_method: inverse, capaian_cap: 150,")
    evaluation, _ = _evaluate(small, nodes)
    assert evaluation.results["I3"].capaian == 150 and evaluation.results["I3"].status is Status.OK


# --- point 7: the cap as a policy ------------------------------------------------------------------------------


def test_policy_cap_counts_in_rollups_and_json_keeps_both(small, run_cli):
    evaluation, root = _evaluate(small, organisation=_policy("{capaian_cap: 120, inverse_zero: 100}"))
    i1 = evaluation.results["I1"]
    assert i1.capaian == pytest.approx(I1_CAPAIAN) and i1.capaian_capped == 120 and i1.capaian_used == 120
    assert evaluation.results["S1"].capaian == pytest.approx(statistics.fmean([120, I2_CAPAIAN, 100]))
    out = run_cli("eval", "2024", "--format", "json", "--specs", root / "specs", "--data", root / "data")
    node = next(n for n in json.loads(out.stdout)["nodes"] if n["id"] == "I1")
    assert node["capaian"] == pytest.approx(round(I1_CAPAIAN, 6)) and node["capaian_capped"] == 120
    assert node["capaian_used"] == 120
    text = run_cli("explain", "I1", "2024", "--specs", root / "specs", "--data", root / "data").stdout
    assert "666,67 % dibatasi menjadi 120,00 %" in text and "batas atas capaian 120,00 %" in text
    parent = run_cli("explain", "S1", "2024", "--specs", root / "specs", "--data", root / "data").stdout
    assert "666,67 % → 120,00 %" in parent


def test_cap_rollup_false_caps_the_display_only(small):
    evaluation, _ = _evaluate(small, organisation=_policy("{capaian_cap: 120, cap_rollup: false}"))
    assert evaluation.results["I1"].capaian_capped == 120
    # I1 counts uncapped; I3 (realisasi 0, no inverse_zero) takes the cap as its capaian
    assert evaluation.results["S1"].capaian == pytest.approx(statistics.fmean([I1_CAPAIAN, I2_CAPAIAN, 120]))


def test_node_level_capaian_cap_stays_display_only(small):
    nodes = edit(TREE, "targets: {2024: 3}", "targets: {2024: 3}, capaian_cap: 120")
    evaluation, _ = _evaluate(small, nodes)
    assert evaluation.results["I1"].capaian_capped == 120 and evaluation.results["I1"].capaian_used == pytest.approx(
        I1_CAPAIAN
    )
    assert evaluation.results["S1"].capaian == pytest.approx(statistics.fmean([I1_CAPAIAN, I2_CAPAIAN]))


def test_a_nodes_policy_overrides_the_organisations(small):
    nodes = edit(TREE, "targets: {2024: 3}", "targets: {2024: 3}, policy: {capaian_cap: 200}")
    evaluation, _ = _evaluate(small, nodes, organisation=_policy("{capaian_cap: 120}"))
    assert evaluation.results["I1"].capaian_used == 200
    assert evaluation.results["S1"].capaian == pytest.approx(statistics.fmean([200, I2_CAPAIAN, 120]))


# --- point 8: the floor ----------------------------------------------------------------------------------------


def test_policy_floor_counts_negative_capaian_as_the_floor_in_rollups(small, run_cli):
    evaluation, root = _evaluate(small, organisation=_policy("{capaian_floor: 0}"))
    i2 = evaluation.results["I2"]
    assert i2.capaian == pytest.approx(I2_CAPAIAN) and i2.capaian_used == 0  # the node keeps its own capaian
    assert evaluation.results["S1"].capaian == pytest.approx(statistics.fmean([I1_CAPAIAN, 0]))
    text = run_cli("explain", "I2", "2024", "--lang", "en", "--specs", root / "specs", "--data", root / "data").stdout
    assert "-50.00 % counts as 0.00 % in roll-ups" in text


def test_seed_with_floor_0_lifts_ss2_and_leaves_the_seed_itself_unchanged(seed_copy, seed_2024):
    organisation = seed_copy / "specs" / "organisation.yaml"
    organisation.write_text(organisation.read_text() + "policy: {capaian_floor: 0}\n")
    checked = api.validate(seed_copy / "specs", seed_copy / "data")
    assert checked.ok and not checked.diagnostics.warnings
    floored = api.evaluate_year(checked.workspace, checked.compiled, 2024)
    ikus = [seed_2024.results[i].capaian for i in ("IKU2", "IKU3", "IKU4", "IKU5")]
    assert seed_2024.results["SS2"].capaian == pytest.approx(statistics.fmean(ikus))  # unchanged without policy
    assert floored.results["SS2"].capaian == pytest.approx(statistics.fmean([max(v, 0) for v in ikus]))
    assert floored.results["IKU5"].capaian == seed_2024.results["IKU5"].capaian


# --- policy validation -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "code"),
    [("{capaian_cap: 100, capaian_floor: 100}", "LK219"), ("{cap_rollup: true}", "LK220")],
)
def test_policy_problems_are_reported(small, policy, code):
    checked, _ = small(TREE, DATA, organisation=_policy(policy))
    assert code in _codes(checked)
    found = next(d for d in checked.diagnostics.sorted() if d.code == code)
    assert found.path.endswith("organisation.yaml")


def test_inverse_zero_on_a_higher_node_is_never_used(small):
    nodes = edit(TREE, "targets: {2024: 3}", "targets: {2024: 3}, policy: {inverse_zero: 120}")
    checked, _ = small(nodes, DATA)
    found = [d for d in checked.diagnostics.sorted() if d.code == "LK503"]
    assert len(found) == 1 and found[0].node_id == "I1" and found[0].line == 3


def test_a_policy_key_outside_the_schema_is_refused(small):
    checked, _ = small(TREE, DATA, organisation=_policy("{capaian_ceiling: 120}"))
    assert not checked.ok and "LK102" in _codes(checked)


# --- point 4: sasaran without direction and unit ---------------------------------------------------------------


def test_a_rollup_only_sasaran_needs_no_direction_or_unit(small, run_cli):
    evaluation, root = _evaluate(small)
    s1 = evaluation.results["S1"]
    assert s1.spec.direction is None and s1.spec.unit is None and s1.status is Status.OK
    out = run_cli("eval", "2024", "--format", "json", "--specs", root / "specs", "--data", root / "data")
    node = json.loads(out.stdout)["nodes"][0]
    assert node["id"] == "S1" and node["direction"] is None and node["unit"] is None
    text = run_cli("explain", "S1", "2024", "--specs", root / "specs", "--data", root / "data").stdout
    assert "arah: –" in text


def test_a_node_with_targets_still_needs_direction_and_unit(small, run_cli):
    nodes = edit(TREE, 'name: Dua, unit: "%", direction: higher,', "name: Dua,")
    checked, root = small(nodes, DATA)
    found = [d for d in checked.diagnostics.sorted() if d.code == "LK218"]
    assert len(found) == 1 and found[0].node_id == "I2" and found[0].path.endswith("nodes.yaml")
    assert "direction" in found[0].text("en") and "unit" in found[0].text("en")
    out = run_cli("validate", "--specs", root / "specs", "--data", root / "data")
    assert out.exit_code == 1 and "LK218" in out.stdout and "Traceback" not in out.stdout + out.stderr


# --- point 2: partial scales and no predikat -------------------------------------------------------------------

PARTIAL = """\
scales:
  - id: baik
    name: Only the band the report names
    default: true
    partial: true
    bands:
      - {code: Baik, label: Baik, label_en: Good, min: 100, min_inclusive: true, max: null, color: green}
      - {code: Kurang, label: Kurang, min: 0, max: 50, color: red}
"""
ORG_BAIK = ORGANISATION.replace("scale: akip", "scale: baik")


def test_a_partial_scale_leaves_capaian_outside_its_bands_without_predikat(small, run_cli):
    data = {2024: "I1: {realisasi: 20}\nI2: {realisasi: 7}\nI3: {realisasi: 5}\n"}  # 666,67; 70 (no band); 100
    evaluation, root = _evaluate(small, data=data, scales=PARTIAL, organisation=ORG_BAIK)
    assert evaluation.results["I2"].band is None and evaluation.results["I2"].out_of_scale
    assert evaluation.results["I1"].band.code == "Baik" and evaluation.results["I3"].band.code == "Baik"
    tree = run_cli("eval", "2024", "--specs", root / "specs", "--data", root / "data")
    line = next(x for x in tree.stdout.splitlines() if x.startswith("├─ I2"))
    assert "di luar skala" in line
    assert "Baik Baik" not in tree.stdout  # the code is the name: shown once
    assert "di luar skala: capaian lainnya" in tree.stdout  # the legend says what the bands leave out
    en = run_cli("eval", "2024", "--lang", "en", "--specs", root / "specs", "--data", root / "data").stdout
    assert "outside the scale" in en
    out = json.loads(
        run_cli("eval", "2024", "--format", "json", "--specs", root / "specs", "--data", root / "data").stdout
    )
    i2 = next(n for n in out["nodes"] if n["id"] == "I2")
    assert i2["predikat"] is None and i2["predikat_label"] == "di luar skala"


def test_a_partial_scale_may_have_gaps_but_not_overlaps(small):
    checked, _ = small(TREE, DATA, scales=PARTIAL, organisation=ORG_BAIK)
    assert "LK212" not in _codes(checked)
    overlapping = PARTIAL.replace("min: 0, max: 50", "min: 0, max: 150")
    checked, _ = small(TREE, DATA, scales=overlapping, organisation=ORG_BAIK)
    assert "LK212" in _codes(checked)
    full = PARTIAL.replace("    partial: true\n", "")
    checked, _ = small(TREE, DATA, scales=full, organisation=ORG_BAIK)
    assert _codes(checked).count("LK212") == 2  # below 0 and the gap 50-100 (nothing above: Baik is open)


def test_scale_none_gives_no_predikat_anywhere(small, run_cli, tmp_path):
    organisation = ORGANISATION.replace("scale: akip", "scale: none")
    checked, root = small(TREE, DATA, organisation=organisation)
    (root / "specs" / "scales.yaml").unlink()  # not needed without predikat
    checked = api.validate(root / "specs", root / "data")
    assert checked.ok, [d.format() for d in checked.diagnostics.sorted()]
    where = ("--specs", root / "specs", "--data", root / "data")
    tree = run_cli("eval", "2024", *where)
    assert tree.exit_code == 0 and "Predikat" not in tree.stdout and "AA" not in tree.stdout
    i3 = next(x for x in tree.stdout.splitlines() if "I3 Tiga" in x)
    assert "tidak dapat dihitung" in i3  # the column names the states without capaian instead
    table = run_cli("eval", "2024", "--format", "table", *where)
    assert "Predikat" not in table.stdout
    out = json.loads(run_cli("eval", "2024", "--format", "json", *where).stdout)
    assert out["scale"] is None and all(n["predikat"] is None for n in out["nodes"])
    csv_text = run_cli("eval", "2024", "--format", "csv", *where).stdout
    assert "predikat" not in csv_text.splitlines()[0]
    md = run_cli("eval", "2024", "--format", "md", *where).stdout
    assert "Predikat" not in md and "Capaian" in md


# --- point 3: renstra optional ---------------------------------------------------------------------------------


def test_without_renstra_comparisons_say_so(small, run_cli):
    organisation = ORGANISATION.replace("renstra: {start: 2021, end: 2026}\n", "")
    evaluation, root = _evaluate(small, organisation=organisation)
    assert not evaluation.workspace.organisation.has_renstra
    where = ("--specs", root / "specs", "--data", root / "data")
    tree = run_cli("eval", "2024", "--compare", "renstra", *where)
    assert tree.exit_code == 0 and "tidak ada renstra yang dideklarasikan" in tree.stdout
    out = json.loads(run_cli("eval", "2024", "--compare", "renstra", "--format", "json", "--lang", "en", *where).stdout)
    renstra = out["nodes"][1]["compare"]["renstra"]
    assert renstra["declared"] is False and renstra["year"] is None and renstra["text"] == "no renstra declared"
    text = run_cli("explain", "I2", "2024", *where).stdout
    assert "renstra: tidak ada renstra yang dideklarasikan" in text
    md = run_cli("eval", "2024", "--compare", "renstra", "--format", "md", *where).stdout
    assert "(tidak ada renstra)" in md


def test_renstra_document_is_read(small):
    organisation = ORGANISATION.replace(
        "renstra: {start: 2021, end: 2026}", 'renstra: {start: 2020, end: 2024, document: "Renstra Kemenkes 2020-2024"}'
    )
    evaluation, _ = _evaluate(small, organisation=organisation)
    assert evaluation.workspace.organisation.renstra_document == "Renstra Kemenkes 2020-2024"
    assert evaluation.workspace.organisation.renstra_end == 2024
    assert compare(evaluation.results["I2"], evaluation, None).as_dict()["renstra"]["document"] == (
        "Renstra Kemenkes 2020-2024"
    )


# --- point 12: the renstra gap follows the direction; no doubled predikat --------------------------------------


def test_renstra_gap_is_worded_by_direction(small, run_cli):
    data = {2024: "I1: {realisasi: 20}\nI2: {realisasi: 23}\nI3: {realisasi: 4.6}\n"}
    evaluation, root = _evaluate(small, data=data)
    i3 = compare(evaluation.results["I3"], evaluation, None)  # lower is better, 4,6 against an end target of 4
    assert i3.vs_renstra == pytest.approx((4.6 - 4) / 4 * 100) and i3.assessment == "worse"
    assert i3.renstra_words().render("id") == "+15,00 % di atas target akhir (lebih buruk)"
    i2 = compare(evaluation.results["I2"], evaluation, None)  # higher is better, 23 against 20
    assert i2.assessment == "better" and i2.renstra_words().render("en") == "+15.00 % above the end target (better)"
    tree = run_cli("eval", "2024", "--compare", "renstra", "--specs", root / "specs", "--data", root / "data").stdout
    i3_line = next(x for x in tree.splitlines() if "I3" in x)
    assert "+15,00 % (lebih buruk)" in i3_line
    out = json.loads(
        run_cli(
            "eval",
            "2024",
            "--compare",
            "renstra",
            "--format",
            "json",
            "--specs",
            root / "specs",
            "--data",
            root / "data",
        ).stdout
    )
    i3_json = next(n for n in out["nodes"] if n["id"] == "I3")["compare"]["renstra"]
    assert i3_json["assessment"] == "worse" and i3_json["vs_renstra"] == pytest.approx(15)


def test_renstra_gap_at_the_end_target_and_below_it(small):
    data = {2024: "I1: {realisasi: 20}\nI2: {realisasi: 20}\nI3: {realisasi: 3}\n"}
    evaluation, _ = _evaluate(small, data=data)
    i2 = compare(evaluation.results["I2"], evaluation, None)
    assert i2.assessment == "equal" and i2.renstra_words().render("id") == "0,00 % sama dengan target akhir"
    i3 = compare(evaluation.results["I3"], evaluation, None)  # lower is better: 3 below the end target 4
    assert i3.assessment == "better"
    assert i3.renstra_words().render("en") == "-25.00 % below the end target (better)"


@pytest.mark.parametrize(
    ("band", "shown"),
    [
        (Band("Baik", "Baik", "green"), "Baik"),
        (Band("BAIK", "baik", "green"), "BAIK"),
        (Band("B", "Baik", "green"), "B Baik"),
        (Band("AA", "Sangat memuaskan, berkinerja", "green", name="Sangat memuaskan"), "AA Sangat memuaskan"),
    ],
)
def test_a_predikat_whose_name_is_its_code_is_shown_once(band, shown):
    assert band.shown("id") == shown


# --- the JSON documents of these workspaces follow their schemas -----------------------------------------------


@pytest.mark.parametrize(
    "organisation",
    [
        _policy("{capaian_cap: 120, capaian_floor: 0}"),  # capped, floored; I3 takes the cap
        ORGANISATION,  # I3 not computable
        ORGANISATION.replace("renstra: {start: 2021, end: 2026}\n", "").replace("scale: akip", "scale: none"),
    ],
)
def test_json_documents_follow_their_schemas(small, run_cli, organisation):
    _, root = _evaluate(small, organisation=organisation)
    where = ("--specs", root / "specs", "--data", root / "data")
    for lang in ("id", "en"):
        out = run_cli("eval", "2024", "--format", "json", "--compare", "prev,renstra,national", "--lang", lang, *where)
        assert_valid("eval", json.loads(out.stdout))
        for node in ("S1", "I1", "I2", "I3"):
            out = run_cli("explain", node, "2024", "--format", "json", "--lang", lang, *where)
            assert out.exit_code == 0
            assert_valid("explain", json.loads(out.stdout))


@pytest.mark.parametrize(
    ("rollup", "expected"),
    [
        ("{method: max}", lambda used: max(used)),
        ("{method: min}", lambda used: min(used)),
        ("{method: weighted, weights: {I1: 3}}", lambda used: (3 * used[0] + used[1] + used[2]) / 5),
        ("{method: formula, formula: sum(capaian) / len(capaian)}", statistics.fmean),
    ],
)
def test_every_rollup_of_capaian_takes_the_policy_values(small, rollup, expected):
    nodes = edit(TREE, "name: Sasaran tanpa satuan}", f"name: Sasaran tanpa satuan, rollup: {rollup}}}")
    evaluation, _ = _evaluate(small, nodes, organisation=_policy("{capaian_cap: 120, capaian_floor: 0}"))
    used = [120, 0, 120]  # I1 capped, I2 floored, I3 (realisasi 0) takes the cap
    assert [evaluation.results[i].capaian_used for i in ("I1", "I2", "I3")] == used
    assert evaluation.results["S1"].capaian == pytest.approx(expected(used))


def test_the_tree_marks_a_capped_capaian_and_the_mean_of_the_iku_takes_policy_values(small, run_cli):
    _, root = _evaluate(small, organisation=_policy("{capaian_cap: 120, capaian_floor: 0}"))
    out = run_cli("eval", "2024", "--specs", root / "specs", "--data", root / "data").stdout
    i1 = next(x for x in out.splitlines() if "I1 Satu" in x)
    assert "120,00 %*" in i1 and "666,67" not in i1
    i2 = next(x for x in out.splitlines() if "I2 Dua" in x)
    assert "-50,00 %" in i2  # the floor counts in roll-ups only
    assert "Rata-rata capaian IKU 80,00 %" in " ".join(out.split())  # (120 + 0 + 120) / 3
