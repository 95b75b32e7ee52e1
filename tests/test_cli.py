"""The command line, run like a user: stdout, stderr and exit code."""

import json
import os
import re

import pytest

from tests.conftest import ROOT, SEED_DATA, SEED_SPECS

SEED = ["--specs", str(SEED_SPECS), "--data", str(SEED_DATA)]


def test_eval_prints_the_tree_with_locale_numbers(run_cli):
    run = run_cli("eval", "2024", *SEED)
    assert run.exit_code == 0, run
    assert "IKU1 Persentase ketersediaan barang pokok" in run.stdout
    assert "105,49 %" in run.stdout and "97,00 %" in run.stdout
    assert "└─" in run.stdout and "Predikat (akip):" in run.stdout and "AA > 90" in run.stdout
    assert "Rp30.409.836.596" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_eval_in_the_workspace_folder_uses_specs_and_data_there(run_cli):
    run = run_cli("eval", "2024", "--depth", "0", cwd=ROOT)
    assert run.exit_code == 0, run
    assert [line.split()[0] for line in run.stdout.splitlines()[2:5]] == ["SS1", "SS2", "SS3"]


def test_english_labels_and_numbers(run_cli):
    run = run_cli("eval", "2024", "--lang", "en", "--only", "IKU1", "--depth", "0", *SEED)
    assert run.exit_code == 0, run
    assert "105.49 %" in run.stdout and "Achievement" in run.stdout and "Very satisfactory" in run.stdout


def test_json_contract(run_cli):
    run = run_cli("eval", "2024", "--format", "json", *SEED)
    assert run.exit_code == 0, run
    doc = json.loads(run.stdout)
    assert doc["year"] == 2024 and "Luwu Timur" in doc["organisation"]["name"]
    assert len(doc["nodes"]) == 105
    required = {
        "id",
        "kind",
        "parent",
        "name",
        "indicator",
        "unit",
        "direction",
        "target",
        "realisasi",
        "capaian",
        "predikat",
        "status",
        "pagu",
        "realisasi_anggaran",
        "serapan",
    }
    for node in doc["nodes"]:
        assert required <= set(node)
        assert node["kind"] in {"sasaran", "iku", "program", "kegiatan", "sub_kegiatan"}
    iku1 = next(n for n in doc["nodes"] if n["id"] == "IKU1")
    assert isinstance(iku1["realisasi"], float) and 105.48 < iku1["realisasi"] < 105.50
    assert iku1["predikat"] == "AA" and iku1["target"] == 97


def test_only_and_depth_select_a_subtree(run_cli):
    run = run_cli("eval", "2024", "--format", "json", "--only", "P10", "--depth", "1", *SEED)
    ids = [n["id"] for n in json.loads(run.stdout)["nodes"]]
    assert ids == ["P10", "P10.K1", "P10.K2"]


def test_unknown_only_id_is_one_line_with_suggestion(run_cli):
    run = run_cli("eval", "2024", "--only", "P100", *SEED)
    assert run.exit_code == 2 and "tidak ada simpul 'P100'" in run.stderr and "'P10'" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run


def test_output_file_is_written(run_cli, tmp_path):
    out = tmp_path / "tree.txt"
    run = run_cli("eval", "2024", "--output", str(out), *SEED)
    assert run.exit_code == 0 and run.stdout == ""
    assert "IKU1" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, code, text",
    [
        (["eval", "1999"], 2, "tidak ada data tahun 1999"),
        (["eval", "notayear"], 2, "Invalid value"),
        (["eval", "2024", "--format", "pdf"], 2, "Invalid value"),
        (["frobnicate"], 2, "No such command"),
    ],
)
def test_bad_usage_gets_one_line_and_an_exit_code(run_cli, args, code, text):
    run = run_cli(*args, *SEED) if args[0] == "eval" and args[1] == "1999" else run_cli(*args)
    assert run.exit_code == code, run
    assert text in run.stderr
    assert "Traceback" not in run.stdout + run.stderr


def test_missing_specs_folder(run_cli, tmp_path):
    run = run_cli("validate", "--specs", str(tmp_path / "none"))
    assert run.exit_code == 1 and "tidak ditemukan" in run.stdout and "--specs" in run.stdout
    [line] = [ln for ln in run.stdout.splitlines() if "LK001" in ln]  # one line, however long
    assert line.endswith("--specs FOLDER]"), run
    run = run_cli("validate", "--specs", str(tmp_path / "none"), "--lang", "en")
    assert run.exit_code == 1 and "specs folder" in run.stdout and "not found" in run.stdout


def test_validate_the_seed_is_clean(run_cli):
    run = run_cli("validate", *SEED)
    assert run.exit_code == 0, run
    assert "0 galat" in run.stdout and "105 simpul" in run.stdout


def test_validate_unknown_parent_exits_1_with_file_line(run_cli, seed_copy):
    spec = seed_copy / "specs" / "program-12.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("parent: IKU1", "parent: IKU9", 1), encoding="utf-8")
    run = run_cli("validate", cwd=seed_copy)
    assert run.exit_code == 1, run
    assert re.search(r"specs/program-12\.yaml:\d+:\d+: galat LK202 P12: induk 'IKU9' tidak ada", run.stdout)


def test_validate_json_format(run_cli, seed_copy):
    spec = seed_copy / "specs" / "program-12.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("parent: IKU1", "parent: IKU9", 1), encoding="utf-8")
    run = run_cli("validate", "--format", "json", cwd=seed_copy)
    doc = json.loads(run.stdout)
    assert run.exit_code == 1 and doc["ok"] is False
    assert any(p["code"] == "LK202" and p["line"] for p in doc["problems"])


def test_validate_strict_fails_on_warnings(run_cli, small):
    from tests.conftest import DATA, TREE

    _, root = small(
        TREE.replace("b: {description: seluruh}}", "b: {description: seluruh}, c: {description: x}}"), {"2024": DATA}
    )
    assert run_cli("validate", cwd=root).exit_code == 0
    assert run_cli("validate", "--strict", cwd=root).exit_code == 1


def test_eval_refuses_a_broken_workspace_with_the_reason(run_cli, seed_copy):
    spec = seed_copy / "specs" / "program-12.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("parent: IKU1", "parent: IKU9", 1), encoding="utf-8")
    run = run_cli("eval", "2024", cwd=seed_copy)
    assert run.exit_code == 1 and "LK202" in run.stderr and run.stdout == ""


def test_editing_a_target_in_yaml_changes_the_printed_capaian(run_cli, seed_copy):
    before = run_cli("eval", "2024", "--only", "IKU4", "--depth", "0", cwd=seed_copy)
    spec = seed_copy / "specs" / "sasaran-2.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "2024: 79.12" in text
    spec.write_text(text.replace("2024: 79.12", "2024: 90", 1), encoding="utf-8")
    after = run_cli("eval", "2024", "--only", "IKU4", "--depth", "0", cwd=seed_copy)
    assert "100,09 %" in before.stdout
    assert "87,99 %" in after.stdout  # 137/173*100 / 90 * 100
    assert (seed_copy / "specs" / "sasaran-2.yaml").read_text(encoding="utf-8") != text


def test_schema_command(run_cli, tmp_path):
    run = run_cli("schema", "data")
    assert run.exit_code == 0 and json.loads(run.stdout)["$schema"].endswith("2020-12/schema")
    run = run_cli("schema", "--output", str(tmp_path / "out"))
    assert run.exit_code == 0 and len(list((tmp_path / "out").glob("*.schema.json"))) == 10  # 4 inputs, 6 outputs
    offices = json.loads((tmp_path / "out" / "offices.schema.json").read_text(encoding="utf-8"))
    assert offices["$defs"]["eval"]["$id"].endswith("eval.schema.json")  # self-contained: the eval document inside
    assert run_cli("schema", "nope").exit_code == 2


def test_version(run_cli):
    run = run_cli("--version")
    assert run.exit_code == 0 and run.stdout.startswith("lkip ")


def test_commands_do_not_modify_the_workspace(run_cli, seed_copy):
    before = {p: p.read_bytes() for p in seed_copy.rglob("*") if p.is_file()}
    out = seed_copy.parent / "out"
    for args in (
        ["eval", "2024"],
        ["eval", "2024", "--format", "json"],
        ["validate"],
        ["explain", "IKU1", "2024"],
        ["check", "2024"],
        ["eval", "2024", "--format", "xlsx", "--output", str(out / "x.xlsx")],
        ["eval", "2024", "--format", "md", "--compare", "prev,renstra,national"],
    ):
        run = run_cli(*args, cwd=seed_copy)
        assert run.exit_code == (1 if args[0] == "check" else 0), run  # each command ran to its end
    assert (out / "x.xlsx").is_file()
    after = {p: p.read_bytes() for p in seed_copy.rglob("*") if p.is_file()}
    assert before == after


def test_eval_up_to_a_quarter(run_cli):
    doc = json.loads(run_cli("eval", "2024", "--tw", "2", "--format", "json", "--only", "P10", *SEED).stdout)
    assert doc["triwulan"] == 2
    nodes = {n["id"]: n for n in doc["nodes"]}
    assert nodes["P10"]["realisasi"] == pytest.approx((2.05 + 3.83) / 2)  # L649, L655
    assert nodes["P10.K2"]["realisasi"] == pytest.approx((2675.57 + 8470.01) / (4800.04 + 5329.02) * 100)  # L757-764
    assert nodes["P10.K1"]["status"] == "no_data"
    assert run_cli("eval", "2024", "--tw", "5", *SEED).exit_code == 2


@pytest.mark.parametrize(
    "args, text_id, text_en",
    [
        (["eval", "notayear"], "nilai tidak sah untuk 'TAHUN': harus bilangan bulat", "Invalid value for 'YEAR'"),
        (["eval", "2024", "--format", "pdf"], "'pdf' bukan salah satu dari", "'pdf' is not one of"),
        (["eval", "2024", "--tw", "9"], "harus lebih kecil dari atau sama dengan 4", "less than or equal to 4"),
        (["frobnicate"], "perintah 'frobnicate' tidak ada", "No such command 'frobnicate'"),
        (["eval"], "argumen 'TAHUN' belum diisi", "Missing argument 'YEAR'"),
        (["eval", "2024", "--bogus"], "opsi --bogus tidak ada", "No such option: --bogus"),
        (
            ["eval", "2024", "--dpth", "1"],
            "opsi --dpth tidak ada (yang mungkin: --data, --depth",
            "No such option: --dpth",
        ),
    ],
)
def test_the_parsers_usage_errors_are_one_line_in_the_language(args, text_id, text_en):
    """Through the real entry point (not typer's test runner): one line, exit 2, no boxed panel."""
    import subprocess
    import sys

    for lang, text in (("id", text_id), ("en", text_en)):
        run = subprocess.run(
            [sys.executable, "-m", "lkip.cli", *args],
            capture_output=True,
            text=True,
            env={**os.environ, "LKIP_LANG": lang, "NO_COLOR": "1"},
            timeout=60,
        )
        assert run.returncode == 2, run
        assert len(run.stderr.strip().splitlines()) == 1 and text in run.stderr and "LK403" in run.stderr, run
        assert "╭" not in run.stderr and "Traceback" not in run.stderr
