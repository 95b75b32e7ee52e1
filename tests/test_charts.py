"""The report's charts: the data every output draws, and the drawing (SVG and PNG through matplotlib)."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from lkip.engine import api
from lkip.engine.render import charts

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def seed_charts(seed_checked, seed_2024):
    previous = api.previous_year(seed_checked.workspace, seed_checked.compiled, 2024)
    return {c.key: c for c in charts.chart_set(seed_2024, lang="id", previous=previous)}


def test_the_seed_has_an_overview_of_capaian_and_serapan_and_a_chart_per_iku(seed_charts, seed_2024):
    assert list(seed_charts)[:2] == ["capaian-iku", "serapan-program"]
    assert sorted(k for k in seed_charts if k.startswith("iku-")) == [f"iku-IKU{i}" for i in range(1, 7)]
    capaian = seed_charts["capaian-iku"]
    assert capaian.categories == tuple(f"IKU{i}" for i in range(1, 7))
    assert capaian.series[0].values == tuple(seed_2024.results[f"IKU{i}"].capaian for i in range(1, 7))
    assert capaian.series[0].values[4] == pytest.approx(-226.5768, abs=1e-4)  # IKU5, as the tree prints it
    serapan = seed_charts["serapan-program"]
    assert len(serapan.categories) == 15
    by_program = dict(zip(serapan.categories, serapan.series[0].values, strict=True))
    assert by_program["P14"] == pytest.approx(51.7094, abs=1e-4)


def test_an_iku_chart_puts_the_previous_year_beside_this_one(seed_charts):
    iku2 = seed_charts["iku-IKU2"]
    assert iku2.categories == ("2023", "2024")
    target, realisasi = iku2.series
    assert (target.name, realisasi.name) == ("Target", "Realisasi")
    assert target.values == (0.12, 0.13)
    assert realisasi.values[0] == 0.125 and realisasi.values[1] == pytest.approx(0.14)


def test_english_names_the_series_in_english(seed_2024):
    chart = charts.iku_chart(seed_2024.results["IKU1"], "en")
    assert [s.name for s in chart.series] == ["Target", "Actual"]
    assert chart.categories == ("2024",)  # no previous evaluation given


def test_the_svg_is_inline_text_without_scripts_or_references(seed_charts):
    svg = charts.render_svg(seed_charts["iku-IKU1"], "id")
    assert svg.startswith("<svg")
    root = ET.fromstring(svg)
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "105,49" in texts and "97" in texts  # the realisasi and target, in Indonesian numbers
    assert "IKU1" in texts
    for element in root.iter():
        assert element.tag not in (f"{SVG}script", f"{SVG}foreignObject", f"{SVG}image")
        for name, value in element.attrib.items():
            if name.endswith("href"):
                assert value.startswith("#"), value  # only references inside the drawing
    assert svg == charts.render_svg(seed_charts["iku-IKU1"], "id")  # the same chart gives the same bytes


def test_a_name_with_dollars_and_markup_is_drawn_as_text(seed_charts):
    hostile = dataclasses.replace(seed_charts["iku-IKU1"], title="Harga $x^2$ <script>alert(1)</script> & co")
    svg = charts.render_svg(hostile, "id")
    root = ET.fromstring(svg)  # still well-formed: the markup is escaped
    assert not list(root.iter(f"{SVG}script"))
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "$x^2$" in texts and "<script>" in texts


def test_png_is_a_png(seed_charts):
    png = charts.render_png(seed_charts["serapan-program"], "id", dpi=50)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000


def test_category_names_are_the_iku_indicators_and_the_program_names(seed_charts, seed_2024):
    capaian = charts.category_names(seed_2024, seed_charts["capaian-iku"])
    assert capaian["IKU4"] == "Persentase Koperasi Aktif"
    serapan = charts.category_names(seed_2024, seed_charts["serapan-program"])
    assert serapan["P14"] == "Pengendalian Izin Usaha Industri"  # the program, not its indicator
