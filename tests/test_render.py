"""The tree view fits the terminal: numbers whole, names shortened, at 80 and 200 columns."""

import io

import pytest
from rich.console import Console

from lkip.engine.render.select import select
from lkip.engine.render.tree import guides, render_tree


def rendered(evaluation, width, **kw):
    console = Console(file=io.StringIO(), width=width, color_system=None)
    results = select(evaluation, **kw)
    console.print(render_tree(evaluation, results, "id", width))
    return console.file.getvalue().splitlines()


@pytest.mark.parametrize("width", [80, 100, 200])
def test_every_line_fits_and_every_node_is_shown(seed_2024, width):
    lines = rendered(seed_2024, width)
    assert max(len(line) for line in lines) <= width
    body = "\n".join(lines)
    for node_id in seed_2024.results:
        assert f" {node_id} " in body or f"─ {node_id} " in body or body.count(f"\n{node_id} ")


@pytest.mark.parametrize("width", [80, 200])
def test_numbers_are_never_cut(seed_2024, width):
    lines = rendered(seed_2024, width, only="P12")
    assert any("945 alat UTTP" in ln and "969 alat UTTP" in ln and "102,54 %" in ln and "93,90 %" in ln for ln in lines)


def test_labels_shown_when_wide_codes_when_narrow(seed_2024):
    assert any("AA Sangat memuaskan" in ln for ln in rendered(seed_2024, 200, only="IKU1", depth=0))
    narrow = rendered(seed_2024, 80, only="IKU1", depth=0)
    assert any(" AA " in ln for ln in narrow) and not any("memuaskan" in ln for ln in narrow[:3])


def test_guides_draw_the_tree():
    class R:
        def __init__(self, depth):
            self.depth = depth

    assert guides([R(0), R(1), R(2), R(2), R(1)]) == ["", "├─ ", "│  ├─ ", "│  └─ ", "└─ "]


@pytest.mark.parametrize("width, dropped", [(80, {"Efisiensi", "Pagu"}), (200, set())])
def test_flat_table_fits_by_leaving_out_the_least_needed_columns(seed_2024, width, dropped):
    from lkip.engine.render.table import render_table

    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(render_table(seed_2024, select(seed_2024), "id", width))
    lines = console.file.getvalue().splitlines()
    assert max(len(line) for line in lines) <= width
    header = lines[1]
    assert "Capaian" in header and "Serapan" in header
    assert not any(column in header for column in dropped)
    assert all(column in header for column in {"Efisiensi", "Pagu"} - dropped)
    assert any("945 alat UTTP" in line and "102,54 %" in line for line in lines)


def test_comparison_columns_never_cut_a_number_at_80_columns(seed_checked, seed_2024):
    from lkip.engine import api
    from lkip.engine.compare import compare_all

    previous = api.previous_year(seed_checked.workspace, seed_checked.compiled, 2024)
    console = Console(file=io.StringIO(), width=80, color_system=None)
    results = select(seed_2024, only="IKU1", depth=0)
    console.print(render_tree(seed_2024, results, "id", 80, compare_all(seed_2024, previous), ("prev", "renstra")))
    lines = console.file.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    row = next(line for line in lines if "IKU1" in line)
    for number in ("97,00 %", "105,49 %", "108,75 %", "85,89 %", "109,77 %", "5,49 %"):
        assert number in row, row
