"""Validation in one pass: a schema error leaves out only the node (or data record) it is in, every other check
still runs, and nothing is reported as a knock-on of the left-out part. Typical slips get hints."""

import re

import pytest

from lkip.engine import api
from tests.conftest import TREE as SMALL_TREE
from tests.conftest import write_workspace

# the shared small tree and a second kegiatan without data
TREE = SMALL_TREE + (
    "  - {id: K2, kind: kegiatan, parent: P1, name: Kegiatan dua, unit: dokumen, direction: higher,"
    " targets: {2024: 2}}\n"
)

DATA = """\
I1: {realisasi: 88}
P1: {realisasi: 2}
K1: {inputs: {a: 30, b: 50}}
K1.S1: {realisasi: 3, pagu: 1000, realisasi_anggaran: 900}
K1.S2: {realisasi: 10, pagu: 3000, realisasi_anggaran: 1500}
K2: {realisasi: 2}
"""


def errors(run):
    return [line for line in run.stdout.splitlines() if re.search(r": (galat|error) LK", line)]


def summary(run):
    return run.stdout.strip().splitlines()[-1]


def test_the_small_workspace_is_clean(run_cli, tmp_path):
    root = write_workspace(tmp_path, TREE, {"2024": DATA})
    run = run_cli("validate", "--lang", "en", cwd=root)
    assert run.exit_code == 0 and errors(run) == [] and " in 7 nodes" in summary(run), run


def test_three_mistakes_in_three_nodes_are_reported_in_one_run(run_cli, tmp_path):
    nodes = (
        TREE.replace("targets: {2024: 80}", 'targets: {2024: "delapan puluh"}')  # I1: a wrong type
        .replace("    kind: kegiatan\n", "    kind: kegiatn\n")  # K1: a misspelt kind
        .replace("{id: K2, kind: kegiatan, parent: P1,", "{id: K2, kind: kegiatan, parent: P9,")
    )  # K2
    root = write_workspace(tmp_path, nodes, {"2024": DATA})
    run = run_cli("validate", "--lang", "en", cwd=root)
    found = errors(run)
    assert run.exit_code == 1 and len(found) == 3, run
    assert found[0].startswith("specs/nodes.yaml:3:") and " LK104 " in found[0]  # I1's target
    assert found[1].startswith("specs/nodes.yaml:6:") and " LK101 " in found[1]
    assert "did you mean 'kegiatan'?" in run.stdout.replace("\n", " ")
    assert found[2].startswith("specs/nodes.yaml:16:") and " LK202 " in found[2] and "P9" in found[2]
    # I1 and K1 are left out; S1, P1, K1.S1, K1.S2 and K2 still load, without knock-on problems:
    # P1 (child of I1) and K1.S1, K1.S2 (children of K1) are not orphans, I1's and K1's data are not unknown
    assert " in 5 nodes" in summary(run), run
    assert "LK210" not in run.stdout and "LK205" not in run.stdout and "LK207" not in run.stdout


def test_semantic_checks_run_beside_schema_errors(run_cli, tmp_path):
    # a schema error in one node no longer hides an unknown formula input in another, nor an unknown data input
    nodes = TREE.replace("direction: lower, targets: {2024: 5}", "direction: lower, targets: {2024: 5%}").replace(
        "formula: percent(a, b)", "formula: percent(a, c)"
    )
    data = DATA.replace("K2: {realisasi: 2}", "K2: {realisasi: 2, inputs: {x: 1}}")
    root = write_workspace(tmp_path, nodes, {"2024": data})
    run = run_cli("validate", "--lang", "en", cwd=root)
    codes = [re.search(r" (LK\d+) ", line).group(1) for line in errors(run)]
    assert sorted(codes) == ["LK104", "LK211", "LK302"], run
    assert " in 6 nodes" in summary(run), run


def test_a_bad_data_record_leaves_out_that_record_only(small):
    data = DATA.replace("K1.S1: {realisasi: 3,", "K1.S1: {realisasi: tiga,").replace(
        "K2: {realisasi: 2}", "K2: {realisasi: 2, inputs: {x: 1}}"
    )
    checked, _ = small(TREE, {"2024": data})
    assert sorted(d.code for d in checked.diagnostics.errors) == ["LK104", "LK211"]
    records = checked.workspace.years[2024].records
    assert "K1.S1" not in records and {"I1", "P1", "K1", "K1.S2", "K2"} <= set(records)


def test_an_unreadable_spec_file_makes_no_knock_on_noise(small, tmp_path):
    # a YAML syntax error: the file's nodes are unknown, but their ids are read from its lines so that their
    # data is not "declared by no spec" and their children elsewhere are not orphans
    _, root = small(TREE.replace("  - {id: I1, kind: iku,", "  - {id: I1, kind: iku,, ]"), {"2024": DATA})
    (root / "specs" / "more.yaml").write_text(
        "nodes:\n  - {id: K3, kind: kegiatan, parent: P1, name: Tiga, unit: x, direction: higher, "
        "targets: {2024: 1}}\n",
        encoding="utf-8",
    )
    checked = api.validate(root / "specs", root / "data")
    assert [d.code for d in checked.diagnostics.items] == ["LK003"], [d.format() for d in checked.diagnostics.items]


def test_an_unknown_id_is_still_reported_when_another_node_is_left_out(small):
    nodes = TREE.replace("targets: {2024: 80}", 'targets: {2024: "80"}')
    checked, _ = small(nodes, {"2024": DATA + "ZZ: {realisasi: 1}\n"})
    assert sorted(d.code for d in checked.diagnostics.errors) == ["LK104", "LK210"]
    assert checked.workspace.invalid == {"I1": "S1"}


def test_one_schema_error_in_the_seed_leaves_104_of_105_nodes(run_cli, seed_copy):
    clean = run_cli("validate", "--lang", "en", cwd=seed_copy)
    assert clean.exit_code == 0 and " in 105 nodes" in summary(clean), clean
    file = seed_copy / "specs" / "program-01.yaml"
    text = file.read_text(encoding="utf-8")
    assert "    targets: {2024: 3}   # L4042\n" in text
    file.write_text(
        text.replace("    targets: {2024: 3}   # L4042\n", "    targets: {2024: tiga}   # L4042\n", 1), encoding="utf-8"
    )
    run = run_cli("validate", "--lang", "en", cwd=seed_copy)
    found = errors(run)
    assert run.exit_code == 1 and len(found) == 1 and " LK104 " in found[0], run
    assert found[0].startswith("specs/program-01.yaml:")
    assert " in 104 nodes" in summary(run) and "0 warning" in summary(run), run
    assert "LK205" not in run.stdout


# ---------------------------------------------------------------------------------------------- hints for slips


@pytest.mark.parametrize(
    "data, en, id_",
    [
        ("I1:\n  realisasi: 88,5\n", "decimal comma: write 88.5", "koma desimal: tulis 88.5, bukan 88,5"),
        ("I1:\n  realisasi: 1.234.567\n", "write 1234567", "tulis 1234567"),
        ("I1:\n  realisasi: 1.234.567,5\n", "write 1234567.5", "tulis 1234567.5"),
        (
            "I1:\n  realisasi: 97%\n",
            "write 97 without '%'; the unit is declared in the node's 'unit'",
            "tulis 97 tanpa '%'; satuannya dideklarasikan di 'unit' simpul",
        ),
        ("K1.S1:\n  pagu: Rp 1.500.000\n", "write 1500000 without 'Rp'", "tulis 1500000 tanpa 'Rp'"),
        ("K1.S1:\n  pagu: Rp. 24.406.856.326,-\n", "write 24406856326 without 'Rp'", "tulis 24406856326 tanpa 'Rp'"),
    ],
)
def test_a_number_written_the_usual_way_gets_a_hint(small, data, en, id_):
    checked, _ = small(TREE, {"2024": data})
    [d] = checked.diagnostics.errors
    assert d.code == "LK104" and d.line == 2 and d.col > 3
    assert en in d.hint_text("en") and id_ in d.hint_text("id")


def test_a_decimal_comma_inside_braces_is_one_problem_at_the_number(small):
    checked, _ = small(TREE.replace("targets: {2024: 80}", "targets: {2024: 80,5}"), {"2024": DATA})
    [d] = checked.diagnostics.errors
    assert d.code == "LK104" and d.line == 3
    assert d.hint_text("en") == "decimal comma: write 80.5"
    assert d.hint_text("id") == "koma desimal: tulis 80.5, bukan 80,5"
    assert "80,5" in d.text("en") and "regular" not in d.text("en") and "^(19" not in d.format("en")


def test_thousands_commas_inside_braces(small):
    checked, _ = small(TREE, {"2024": DATA.replace("pagu: 1000,", "pagu: 1,250,000,")})
    [d] = checked.diagnostics.errors
    assert d.code == "LK104" and d.line == 4 and "write 1250000" in d.hint_text("en")


def test_a_year_without_a_value_is_not_taken_for_a_decimal_comma(small):
    checked, _ = small(TREE.replace("targets: {2024: 80}", "targets: {2024: 80, 2025: }"), {"2024": DATA})
    [d] = checked.diagnostics.errors
    assert "2025" in d.text("en") and "comma" not in (d.hint_text("en") or "")


@pytest.mark.parametrize(
    "old, new, suggestion",
    [
        ("    kind: kegiatan\n", "    kind: kegiatn\n", "'kegiatan'"),
        ("    kind: kegiatan\n", "    kind: Sub Kegiatan\n", "'sub_kegiatan'"),
        ("    direction: higher\n", "    direction: higher-is-better\n", "'higher'"),
        ("    direction: higher\n", "    direction: lower_is_better\n", "'lower'"),
        ("    direction: higher\n", "    direction: naik\n", "'higher'"),
    ],
)
def test_a_misspelt_kind_or_direction_gets_did_you_mean(small, old, new, suggestion):
    checked, _ = small(TREE.replace(old, new), {"2024": DATA})
    [d] = [e for e in checked.diagnostics.errors if e.code == "LK101"]
    assert d.line == (6 if "kind" in old else 10)
    assert d.hint_text("en") == f"did you mean {suggestion}?" and d.hint_text("id") == f"maksud Anda {suggestion}?"


def test_every_unknown_key_is_reported_at_its_line(small):
    checked, _ = small(
        TREE.replace(
            '    unit: "%"\n    direction: higher\n',
            '    unit: "%"\n    wrong: 1\n    indicatr: x\n    direction: higher\n',
        ),
        {"2024": DATA},
    )
    found = [(d.code, d.line) for d in checked.diagnostics.errors]
    assert found == [("LK102", 10), ("LK102", 11)], [d.format("en") for d in checked.diagnostics.errors]
    assert checked.diagnostics.errors[1].hint_text("en") == "did you mean 'indicator'?"


def test_a_year_key_gets_a_hint_not_a_regular_expression(small):
    checked, _ = small(TREE.replace("targets: {2024: 80}", "targets: {24: 80}"), {"2024": DATA})
    [d] = checked.diagnostics.errors
    assert d.code == "LK101" and d.line == 3 and "(19|20|21)" not in d.format("en")
    assert d.hint_text("en") == "years are written as four digits, e.g. 2024"


@pytest.mark.parametrize(
    "old, new",
    [
        ("targets: {2024: 80}", "targets: {2024: delapan}"),  # a wrong type
        ("name: IKU satu, ", ""),  # a required key missing
        ("name: IKU satu, ", "name: IKU satu, nama: x, "),  # an unknown key
        ("kind: iku,", "kind: ikuu,"),  # a value not allowed
        ("name: IKU satu,", 'name: "",'),  # an empty text
        ("targets: {2024: 80}", "targets: {24: 80}"),  # a key not allowed
    ],
)
def test_schema_messages_are_in_both_languages(small, old, new):
    checked, _ = small(TREE.replace(old, new, 1), {"2024": DATA})
    [d] = checked.diagnostics.errors
    english = re.compile(r"\b(is|the|expected|missing|unknown|allowed|add|write|key|text)\b")
    assert not english.search(d.format("id")), d.format("id")
    assert d.format("en") != d.format("id")


def test_a_schema_problem_names_the_node_it_is_in(small):
    checked, _ = small(
        TREE.replace("targets: {2024: 80}", "targets: {2024: x}"),
        {"2024": DATA.replace("P1: {realisasi: 2}", "P1: {realisasi: y}")},
    )
    assert sorted((d.path.rsplit("/")[-1], d.node_id) for d in checked.diagnostics.errors) == [
        ("2024.yaml", "P1"),
        ("nodes.yaml", "I1"),
    ]
