"""The HTML report (issue 11 item 3): `lkip eval 2024 -o laporan.html`.

Read back as a planner's browser would: the page parsed (the tree's rows carry `--format json`'s numbers, formatted
for the language; the summary; the charts' SVG; no reference outside the file; readable predikat colors), then
loaded in headless Chromium (Debian's `chromium`, driven over the DevTools protocol: tests/cdp.py): the tree and
the charts in the DOM, no console error, no request but the file itself, a row that collapses and expands, every
row printed, A4 landscape; screenshots and the PDF saved under test-artifacts/ (listed at the end of the run).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from lkip.cli.main import app
from lkip.engine.model import shown_predikat
from lkip.engine.render import html_report as report
from lkip.engine.render import numbers
from lkip.engine.render.labels import label
from lkip.engine.render.safe import COLOR_NAMES
from lkip.engine.workspace import load_workspace
from tests.cdp import Browser, chromium_path
from tests.conftest import ARTIFACTS, SEED_DATA, SEED_SPECS

SEED = ("--specs", str(SEED_SPECS), "--data", str(SEED_DATA))


def lkip(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, *SEED], env={"NO_COLOR": "1", "COLUMNS": "120"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


# --- a small DOM from html.parser --------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None = None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (
                    (tag is None or child.tag == tag)
                    and (cls is None or cls in child.classes())
                    and all(child.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
                ):
                    found.append(child)
                found += child.all(tag, cls, **attrs)
        return found

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, cls, **attrs)
        assert len(found) == 1, (tag, cls, attrs, len(found))
        return found[0]


class Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node is self.current, f"</{tag}> closes <{self.current.tag}>"
        self.current = node.parent or self.root

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page: str) -> Node:
    dom = Dom()
    dom.feed(page)
    dom.close()
    assert dom.current is dom.root, "an element is left open"
    return dom.root


def cells(row: Node) -> list[str]:
    return [" ".join(c.text().split()) for c in row.children if isinstance(c, Node) and c.tag in ("th", "td")]


# --- the seed's page, in both languages --------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, tuple[Path, str, dict]]:
    """lang → (the file written by -o, its text, `--format json` of the same evaluation)."""
    folder = tmp_path_factory.mktemp("report")
    out = {}
    for lang in ("id", "en"):
        path = folder / f"laporan-{lang}.html"
        lkip("eval", "2024", "-o", str(path), "--lang", lang)
        out[lang] = (
            path,
            path.read_text(encoding="utf-8"),
            json.loads(lkip("eval", "2024", "-f", "json", "--lang", lang)),
        )
    return out


def _expected_row(node: dict, lang: str) -> list[str]:
    unit = node["unit"]
    capaian = node["capaian_capped"] if node["capaian_capped"] is not None else node["capaian"]
    if node["predikat"] is not None:
        predikat = shown_predikat(node["predikat"], node["predikat_label"])
    elif node["status"] == "ok":
        predikat = "–"
    else:
        predikat = label(node["status"], lang)
    name = node["indicator"] if node["kind"] == "iku" and node["indicator"] else node["name"]
    return [
        f"{label(node['kind'], lang)} {node['id']} {name}",
        numbers.quantity(node["target"], unit, lang),
        numbers.quantity(node["realisasi"], unit, lang),
        numbers.percent(capaian, lang) + ("*" if capaian != node["capaian"] else ""),
        predikat,
        numbers.money(node["pagu"], lang),
        numbers.money(node["realisasi_anggaran"], lang),
        numbers.percent(node["serapan"], lang),
    ]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_tree_is_a_table_whose_rows_carry_the_json_numbers(pages, lang):
    _, page, document = pages[lang]
    dom = parse(page)
    table = dom.one("table", "tree")
    headers = cells(table.one("thead").one("tr"))
    assert headers == [
        label(k, lang)
        for k in ("indicator", "target", "realisasi", "capaian", "predikat", "pagu", "realisasi_anggaran", "serapan")
    ]
    rows = table.one("tbody").all("tr")
    nodes = document["nodes"]
    assert len(rows) == len(nodes) == 105  # 3 sasaran, 6 IKU, 15 programs, 25 kegiatan, 56 sub kegiatan
    for row, node in zip(rows, nodes, strict=True):
        assert row.attrs["data-id"] == node["id"]
        assert row.attrs["data-level"] == str(node["depth"] + 1)
        assert f"k-{node['kind']}" in row.classes()
        assert cells(row) == _expected_row(node, lang), node["id"]
    by_id = {row.attrs["data-id"]: cells(row) for row in rows}
    # values a planner checks against the terminal tree and README
    if lang == "id":
        assert by_id["IKU1"][1:5] == ["97,00 %", "105,49 %", "108,75 %", "AA Sangat memuaskan"]
        assert by_id["IKU5"][3] == "-226,58 %" and by_id["P10"][3] == "164,36 %"
        assert by_id["SS1"][5:] == ["Rp803.249.256", "Rp689.883.627", "85,89 %"]
        assert by_id["P02"][4] == "tidak dilaksanakan"  # a state in words, not a blank
    else:
        assert by_id["IKU1"][1:5] == ["97.00 %", "105.49 %", "108.75 %", "AA Very satisfactory"]
        assert by_id["SS1"][5] == "Rp803,249,256" and by_id["P02"][4] == "not carried out"


def test_rows_with_children_have_a_toggle_and_leaves_none(pages):
    _, page, document = pages["id"]
    rows = parse(page).one("table", "tree").one("tbody").all("tr")
    parents = {n["parent"] for n in document["nodes"]}
    for row in rows:
        toggles = row.all("button", "tg")
        if row.attrs["data-id"] in parents:
            assert len(toggles) == 1 and toggles[0].attrs["aria-expanded"] == "true"
            assert toggles[0].attrs["type"] == "button" and row.attrs["data-id"] in toggles[0].attrs["aria-label"]
        else:
            assert toggles == []
    assert parse(page).one("table", "tree").attrs["data-open"] == "3"  # opens down to the programs


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_summary_gives_office_year_mean_budget_and_counts_per_predikat(pages, lang):
    _, page, document = pages[lang]
    dom = parse(page)
    header = dom.one("header")
    assert dom.one("h1").text() == document["organisation"]["name"]
    assert header.one("p", "region").text() == "Kabupaten Luwu Timur"
    assert "2024" in header.one("p", "title").text()
    assert dom.one("title").text() == f"Disdagkoperin Luwu Timur — {label('title', lang, year=2024)}"
    summary = document["summary"]
    cards = {c.one("dt").text(): " ".join(c.one("dd").text().split()) for c in dom.one("dl", "cards").all("div")}
    mean = numbers.percent(summary["mean_capaian_iku"], lang)
    assert cards[label("mean_iku", lang)] == f"{mean} CC {'Cukup' if lang == 'id' else 'Fair'}"
    assert cards[label("pagu", lang)] == numbers.money(summary["pagu"], lang) == numbers.money(30409836596, lang)
    assert cards[label("realisasi_anggaran", lang)] == numbers.money(summary["realisasi_anggaran"], lang)
    assert cards[label("serapan", lang)] == numbers.percent(summary["serapan"], lang)
    if lang == "id":
        assert (mean, cards["Serapan"]) == ("51,18 %", "71,83 %")
    counts = dom.one("table", "counts")
    head = cells(counts.one("thead").one("tr"))
    assert head[1:8] == ["AA", "A", "BB", "B", "CC", "C", "D"] and head[-1] == report.T["total"].render(lang)
    for row in counts.one("tbody").all("tr"):
        kind = row.attrs["data-kind"]
        of_kind = [n for n in document["nodes"] if n["kind"] == kind]
        numbers_in_row = [int(c) for c in cells(row)[1:]]
        assert numbers_in_row[-1] == len(of_kind) == sum(numbers_in_row[:-1])
        for code, count in zip(head[1:8], numbers_in_row, strict=False):
            assert count == sum(1 for n in of_kind if n["predikat"] == code), (kind, code)
    iku = cells(counts.one("tr", data_kind="iku"))
    assert iku[1] == "5" and iku[7] == "1"  # five IKU at AA, IKU5 at D
    states = dom.one("p", "nodes").text()
    assert states.startswith("105 ") and f"3 {label('not_implemented', lang)}" in states


def test_the_charts_are_inline_svg_with_the_names_of_their_categories(pages):
    _, page, _ = pages["id"]
    dom = parse(page)
    figures = dom.all("figure", "chart")
    keys = [f.attrs["data-chart"] for f in figures]
    assert keys == ["capaian-iku", "serapan-program"] + [f"iku-IKU{i}" for i in range(1, 7)]
    ids = []
    for figure in figures:
        svg = figure.one("svg")
        assert svg.attrs["role"] == "img" and svg.attrs["viewbox"] and "width" not in svg.attrs
        assert svg.all("text") and svg.all("path")
        ids += [n.attrs["id"] for n in svg.all() if "id" in n.attrs]
    assert len(ids) == len(set(ids)), "two charts share an id"
    capaian = figures[0]
    names = dict(zip([d.text() for d in capaian.all("dt")], [d.text() for d in capaian.all("dd")], strict=True))
    assert names["IKU1"] == "Persentase ketersediaan barang pokok sepanjang tahun" and len(names) == 6
    texts = " ".join(t.text() for t in capaian.one("svg").all("text"))
    assert "108,75" in texts and "-226,58" in texts  # the bars' values, in Indonesian numbers
    iku2 = " ".join(t.text() for t in figures[3].one("svg").all("text"))
    assert "2023" in iku2 and "2024" in iku2  # the previous year beside this one


def test_the_page_refers_to_nothing_outside_itself(pages):
    for lang in ("id", "en"):
        _, page, _ = pages[lang]
        lowered = page.lower()
        for needle in ("http:", "https:", "//", "@import", "<link", "<img", "<iframe", "<object", "src="):
            assert needle not in lowered, needle
        for match in re.finditer(r"url\(", lowered):
            assert re.match(r"url\((#[\w.-]+|data:)", lowered[match.start() :]), lowered[
                match.start() : match.start() + 40
            ]
        assert "font-face" not in lowered


def test_the_content_security_policy_allows_only_the_inline_styles_and_the_pages_own_script(pages):
    _, page, _ = pages["id"]
    dom = parse(page)
    meta = dom.one("meta", http_equiv="Content-Security-Policy")
    policy = dict(part.strip().split(" ", 1) for part in meta.attrs["content"].split(";"))
    assert policy["default-src"] == "'none'" and policy["style-src"] == "'unsafe-inline'"
    assert policy["img-src"] == "data:" and policy["base-uri"] == "'none'" and policy["form-action"] == "'none'"
    scripts = dom.all("script")
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].text().encode("utf-8")).digest()).decode()
    assert policy["script-src"] == f"'sha256-{digest}'"
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handler anywhere


def test_the_print_stylesheet_is_a4_landscape_with_every_row_and_no_button(pages):
    _, page, _ = pages["id"]
    style = parse(page).one("style").text()
    assert "@page { size: A4 landscape;" in style
    printed = style[style.index("@media print") :]
    assert ".toolbar, .tg { display: none !important; }" in printed
    assert "@media screen { tr.hid { display: none; } }" in style  # collapsed rows hide on screen only


# --- colors ------------------------------------------------------------------------------------------------


def test_the_wcag_formula():
    assert report.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert report.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert report.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-fail
    assert report.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert report.relative_luminance("#ff0000") == pytest.approx(0.2126)


def test_every_band_color_is_readable_on_its_badge_and_as_text():
    colors = set(COLOR_NAMES)
    for folder in (SEED_SPECS,):
        ws = load_workspace(folder, SEED_DATA).workspace
        assert ws is not None
        colors |= {band.color for scale in ws.scales.values() for band in scale.bands}
    assert set(report.PALETTE) == set(COLOR_NAMES)  # every name a scale may use has a color on the page
    for color in colors:
        fill = report.hex_color(color)
        assert report.contrast_ratio(report.text_on(fill), fill) >= 4.5, color
        assert report.contrast_ratio(report.readable(fill), report.BACKGROUND) >= 4.5, color


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_any_hex_band_color_is_made_readable(color):
    assert report.contrast_ratio(report.text_on(color), color) >= 4.5
    shade = report.readable(color)
    assert report.contrast_ratio(shade, "#ffffff") >= 4.5
    if report.contrast_ratio(color, "#ffffff") >= 4.5:
        assert shade == color  # a color readable as it is stays as it is


def test_the_colors_on_the_page_pass_wcag_aa(pages):
    _, page, _ = pages["id"]
    spans = [s for s in parse(page).all("span") if "style" in s.attrs]
    assert spans
    for span in spans:
        style = dict(part.strip().split(": ") for part in span.attrs["style"].split(";"))
        background = style.get("background-color", report.BACKGROUND)
        assert report.contrast_ratio(style["color"], background) >= 4.5, (span.text(), style)
    badges = {s.text(): s.attrs["style"] for s in parse(page).all("span", "badge")}
    assert badges["AA Sangat memuaskan"] == "background-color: #2e7d32; color: #ffffff"  # green: white text
    assert "color: #000000" in badges["A Memuaskan"]  # the light green takes black text


# --- the command line --------------------------------------------------------------------------------------


def test_format_html_and_html_terminal_both_write_an_html_file(tmp_path):
    lkip("eval", "2024", "--format", "html", "-o", str(tmp_path / "a.htm"))
    assert 'class="tree"' in (tmp_path / "a.htm").read_text(encoding="utf-8")
    lkip("eval", "2024", "--format", "html-terminal", "-o", str(tmp_path / "b.html"))
    terminal = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert "<pre" in terminal and 'class="tree"' not in terminal and "<script" not in terminal
    standard_output = lkip("eval", "2024", "--format", "html", "--only", "IKU2")
    rows = parse(standard_output).one("table", "tree").one("tbody").all("tr")
    assert [r.attrs["data-id"] for r in rows][:2] == ["IKU2", "P13"] and len(rows) == 13
    assert parse(standard_output).one("table", "tree").attrs["data-open"] == "0"  # a chosen part opens whole


def test_a_period_is_named_in_the_header(tmp_path):
    page = lkip("eval", "2024", "--format", "html", "--tw", "2")
    assert parse(page).one("p", "title").text() == "Capaian kinerja 2024 s.d. TW2"


def test_comparisons_add_columns(tmp_path):
    page = lkip("eval", "2024", "--format", "html", "--compare", "prev")
    dom = parse(page)
    assert cells(dom.one("table", "tree").one("thead").one("tr"))[-1] == "Realisasi 2023"
    assert cells(dom.one("tr", data_id="IKU2"))[-1] == "0,13 %"  # 2023's realisasi 0,125 %


def test_without_matplotlib_the_page_is_written_with_a_note(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now fails
    out = tmp_path / "laporan.html"
    lkip("eval", "2024", "-o", str(out))
    dom = parse(out.read_text(encoding="utf-8"))
    assert not dom.all("svg") and len(dom.one("table", "tree").one("tbody").all("tr")) == 105
    assert "pip install 'lkip[report]'" in dom.one("p", "warn").text()


# --- in the browser ----------------------------------------------------------------------------------------

CHROMIUM = chromium_path()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (apt-get install chromium; .ci/run installs it when missing)",
)
VISIBLE_ROWS = (
    "[].filter.call(document.querySelectorAll('table.tree > tbody > tr'), function (r) {"
    " return getComputedStyle(r).display !== 'none'; }).map(function (r) { return r.getAttribute('data-id'); })"
)


@pytest.fixture(scope="module")
def browser():
    with Browser.launch(CHROMIUM) as running:
        yield running


def _open(browser: Browser, path: Path):
    page = browser.new_page(width=1366, height=900)
    page.navigate(path.resolve().as_uri())
    return page


@needs_chromium
@pytest.mark.parametrize("lang", ["id", "en"])
def test_in_chromium_the_page_shows_the_tree_and_charts_and_asks_for_nothing(browser, pages, lang):
    path, _, document = pages[lang]
    page = _open(browser, path)
    assert page.evaluate("document.documentElement.classList.contains('js')")  # the script ran (CSP hash holds)
    assert page.evaluate("document.querySelectorAll('table.tree > tbody > tr').length") == 105
    shown = page.evaluate(VISIBLE_ROWS)
    assert shown == [n["id"] for n in document["nodes"] if n["depth"] <= 2]  # sasaran, IKU, programs: 24 rows
    sizes = page.evaluate(
        "[].map.call(document.querySelectorAll('figure.chart svg'), function (s) {"
        " var r = s.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert len(sizes) == 8 and all(w > 300 and h > 100 for w, h in sizes), sizes
    cell = page.evaluate("document.querySelector('tr[data-id=\"IKU1\"] td:nth-child(4)').innerText")
    assert cell == ("108,75 %" if lang == "id" else "108.75 %")
    requests = [e["request"]["url"] for e in page.events("Network.requestWillBeSent")]
    assert requests == [path.resolve().as_uri()]  # the file itself, nothing else
    assert page.events("Runtime.exceptionThrown") == []
    assert [e for e in page.events("Runtime.consoleAPICalled") if e["type"] in ("error", "assert", "warning")] == []
    assert [e["entry"] for e in page.events("Log.entryAdded") if e["entry"]["level"] in ("error", "warning")] == []
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = page.screenshot(ARTIFACTS / f"html-report-{lang}.png")
    assert screenshot.read_bytes().startswith(b"\x89PNG")
    print(f"screenshot: {screenshot}")


@needs_chromium
def test_in_chromium_a_row_collapses_and_expands_by_mouse(browser, pages):
    path, _, document = pages["id"]
    page = _open(browser, path)
    start = page.evaluate(VISIBLE_ROWS)
    under_ss1 = ["IKU1", "P10", "P12"]
    assert all(i in start for i in under_ss1)
    page.click('tr[data-id="SS1"] button.tg')
    after = page.evaluate(VISIBLE_ROWS)
    assert after == [i for i in start if i not in under_ss1]
    assert page.evaluate("document.querySelector('tr[data-id=\"SS1\"] button.tg').getAttribute('aria-expanded')") == (
        "false"
    )
    page.click('tr[data-id="SS1"] button.tg')
    assert page.evaluate(VISIBLE_ROWS) == start
    page.click('tr[data-id="P10"] button.tg')  # opens a program: its kegiatan, not their sub kegiatan
    assert page.evaluate(VISIBLE_ROWS) == start[:3] + ["P10.K1", "P10.K2"] + start[3:]
    page.click('button[data-show="5"]')  # 'Sub kegiatan': everything
    assert page.evaluate(VISIBLE_ROWS) == [n["id"] for n in document["nodes"]]
    page.click('button[data-show="1"]')  # 'Sasaran' only
    assert page.evaluate(VISIBLE_ROWS) == ["SS1", "SS2", "SS3"]
    assert page.events("Runtime.exceptionThrown") == []


@needs_chromium
def test_in_chromium_printing_shows_every_row_no_button_on_a4_landscape(browser, pages):
    path, _, _ = pages["id"]
    page = _open(browser, path)
    page.click('button[data-show="1"]')  # collapsed on screen ...
    page.call("Emulation.setEmulatedMedia", {"media": "print"})
    assert len(page.evaluate(VISIBLE_ROWS)) == 105  # ... every row printed
    hidden = page.evaluate(
        "[].every.call(document.querySelectorAll('button'), function (b) {"
        " return b.getClientRects().length === 0; })"  # no box: neither it nor its toolbar is laid out
    )
    assert hidden
    page.call("Emulation.setEmulatedMedia", {"media": ""})
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(ARTIFACTS / "html-report-id.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    boxes = {tuple(round(float(v)) for v in m.split()) for m in re.findall(rb"/MediaBox \[([^\]]+)\]", pdf)}
    assert boxes == {(0, 0, 842, 595)}, boxes  # A4 landscape, in points


# --- other scales ------------------------------------------------------------------------------------------

SMALL_TREE = """\
nodes:
  - {id: S1, kind: sasaran, name: Sasaran tanpa satuan}
  - {id: I1, kind: iku, parent: S1, name: Satu, unit: "%", direction: higher, targets: {2024: 3}}
  - {id: I2, kind: iku, parent: S1, name: Dua, unit: "%", direction: higher, targets: {2024: 10}}
  - {id: I3, kind: iku, parent: S1, name: Tiga, unit: kasus, direction: lower, capaian_method: inverse,
     targets: {2024: 5}}
"""
SMALL_DATA = {"2024": "I1: {realisasi: 20}\nI2: {realisasi: 7}\nI3: {realisasi: 0}\n"}  # 666,67; 70; 5/0
PARTIAL = """\
scales:
  - id: baik
    name: Only the band the report names
    default: true
    partial: true
    bands:
      - {code: Baik, label: Baik, label_en: Good, min: 100, min_inclusive: true, max: null, color: "#e0ffe0"}
      - {code: Kurang, label: Kurang, min: 0, max: 50, color: red}
"""


def _small_page(tmp_path: Path, organisation: str, scales: str | None = None) -> Node:
    from tests.conftest import write_workspace

    root = write_workspace(tmp_path, SMALL_TREE, SMALL_DATA, scales=scales, organisation=organisation)
    if "scale: none" in organisation:
        (root / "specs" / "scales.yaml").unlink()
    result = CliRunner().invoke(
        app, ["eval", "2024", "-f", "html", "--specs", str(root / "specs"), "--data", str(root / "data")]
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    return parse(result.stdout)


def test_without_a_scale_the_fifth_column_gives_states_and_there_is_no_badge(tmp_path):
    from tests.conftest import ORGANISATION

    dom = _small_page(tmp_path, ORGANISATION.replace("scale: akip", "scale: none"))
    table = dom.one("table", "tree")
    assert cells(table.one("thead").one("tr"))[4] == "Status"
    assert cells(dom.one("tr", data_id="I3"))[4] == "tidak dapat dihitung"
    assert cells(dom.one("tr", data_id="I1"))[4] == "–"
    assert not dom.all("span", "badge") and not dom.all("section", "scale")
    assert "tidak ada skala predikat" in dom.one("p", "meta").text()


def test_a_partial_scale_shows_out_of_scale_in_words_and_a_pale_band_stays_readable(tmp_path):
    from tests.conftest import ORGANISATION

    dom = _small_page(tmp_path, ORGANISATION.replace("scale: akip", "scale: baik"), PARTIAL)
    assert cells(dom.one("tr", data_id="I2"))[4] == "di luar skala"  # 70 %: in no band
    badge = dom.one("tr", data_id="I1").one("span", "badge")
    assert badge.text() == "Baik" and badge.attrs["style"] == "background-color: #e0ffe0; color: #000000"
    capaian = dom.one("tr", data_id="I1").all("td")[2].one("span")
    color = capaian.attrs["style"].removeprefix("color: ")
    assert color != "#e0ffe0" and report.contrast_ratio(color, "#ffffff") >= 4.5  # darkened until readable
    assert "di luar skala" in cells(dom.one("table", "counts").one("thead").one("tr"))
