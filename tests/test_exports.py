"""Exports (md, csv) read back carry the same numbers as --format json; --compare. The workbook: test_workbook.py."""

import csv
import io
import json
import re

import pytest

from tests.conftest import SEED_DATA, SEED_SPECS

SEED = ["--specs", str(SEED_SPECS), "--data", str(SEED_DATA)]


@pytest.fixture(scope="module")
def seed_json():
    from typer.testing import CliRunner

    from lkip.cli.main import app

    result = CliRunner().invoke(app, ["eval", "2024", "--format", "json", *SEED])
    return {n["id"]: n for n in json.loads(result.stdout)["nodes"]}


def test_markdown_tables_carry_locale_numbers(run_cli, seed_json):
    run = run_cli("eval", "2024", "--format", "md", *SEED)
    assert run.exit_code == 0
    text = run.stdout
    assert text.startswith("# Dinas Perdagangan") and "## Realisasi anggaran 2024" in text
    line = next(ln for ln in text.splitlines() if ln.startswith("| IKU1 |"))
    assert "105,49" in line and "108,75 %" in line
    line = next(
        ln for ln in text.splitlines() if ln.startswith("| P07 |") and "Rp" in ln and "%" in ln and "Program" in ln
    )
    assert "Rp569.115.040" in line


def test_csv_reads_back_with_the_json_numbers(run_cli, seed_json):
    run = run_cli("eval", "2024", "--format", "csv", *SEED)
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert len(rows) == 105
    for row in rows:
        node = seed_json[row["id"]]
        for field in ("capaian", "realisasi", "pagu", "serapan"):
            assert (row[field] == "") == (node[field] is None)
            if node[field] is not None:
                assert float(row[field]) == pytest.approx(node[field])


def test_xlsx_needs_an_output_file(run_cli):
    run = run_cli("eval", "2024", "--format", "xlsx", *SEED)
    assert run.exit_code == 2 and "--output" in run.stderr


def test_compare_prev_renstra_national(run_cli):
    doc = json.loads(run_cli("eval", "2024", "--format", "json", "--compare", "prev,renstra,national", *SEED).stdout)
    iku1 = next(n for n in doc["nodes"] if n["id"] == "IKU1")
    assert iku1["compare"]["prev"]["realisasi"] == 109.77  # L565
    assert iku1["compare"]["prev"]["change"] == pytest.approx(iku1["realisasi"] - 109.77)
    assert iku1["compare"]["renstra"]["target"] == 100  # L591
    assert iku1["compare"]["renstra"]["vs_renstra"] == pytest.approx((iku1["realisasi"] - 100) / 100 * 100)
    assert iku1["compare"]["national"]["value"] == 97.81  # L617
    run = run_cli("eval", "2024", "--compare", "prev,renstra", "--depth", "1", *SEED, env={"COLUMNS": "200"})
    assert run.exit_code == 0 and "2023" in run.stdout and "109,77 %" in run.stdout


def test_compare_unknown_kind_is_a_usage_error(run_cli):
    run = run_cli("eval", "2024", "--compare", "prev,galaxy", *SEED)
    assert run.exit_code == 2 and "galaxy" in run.stderr


def test_exports_in_english(run_cli):
    run = run_cli("eval", "2024", "--format", "md", "--lang", "en", *SEED)
    assert "Achievement" in run.stdout and "108.75 %" in run.stdout


def test_markdown_reads_back_with_the_json_numbers(run_cli, seed_json):
    from lkip.engine.render.numbers import parse

    text = run_cli("eval", "2024", "--format", "md", *SEED).stdout
    section = text.split("## Capaian indikator kinerja dan anggaran program")[1].split("\n## ")[0]
    rows = [ln.strip("|").split(" | ") for ln in section.splitlines() if ln.startswith("| P")]
    assert len(rows) == 96  # 15 programs, 25 kegiatan, 56 sub kegiatan
    for cells in rows:
        cells = [c.strip() for c in cells]
        node = seed_json[cells[0]]
        capaian, pagu, spent = cells[8], cells[9], cells[10]
        if node["capaian"] is None:
            assert capaian == "–"
        else:
            assert float(parse(capaian)) == pytest.approx(node["capaian"], abs=0.005)
        if node["realisasi_anggaran"] is not None:
            assert float(parse(spent)) == pytest.approx(node["realisasi_anggaran"], abs=0.5)
        if node["pagu"] is not None:
            assert float(parse(pagu)) == pytest.approx(node["pagu"], abs=0.5)


def test_html_terminal_is_the_colored_tree_as_a_page(run_cli, tmp_path):
    out = tmp_path / "tree.html"  # .html holds either html format: the report (html) or the terminal's tree
    assert run_cli("eval", "2024", "--format", "html-terminal", "--output", str(out), *SEED).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "IKU1" in page and "108,75 %" in page
    assert re.search(r'<span style="[^"]*color: #[0-9a-f]{6}[^"]*">AA Sangat memuaskan', page)


def test_md_shows_percentages_alike_and_counts_whole(run_cli):
    """Issue 11: a target column read '97' above '12,50'; percentages now all have two decimals, counts none."""
    md = run_cli("eval", 2024, "--format", "md").stdout
    iku1 = next(line for line in md.splitlines() if line.startswith("| IKU1 |"))
    assert "| % | 97,00 | 105,49 | 108,75 % |" in iku1
    p13 = next(line for line in md.splitlines() if line.startswith("| P13 | Program |"))
    assert "| dokumen | 1 | 1 | 100,00 % |" in p13
