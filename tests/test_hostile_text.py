"""Hostile text (issue 7, class "injection"): workspace text is data, never markup, in every output.

A workspace written to attack lkip puts rich markup, HTML, spreadsheet formulas, terminal escapes and Markdown in
the organisation, node names, indicators, units, band labels, reported sources and notes. Every output is made by
the real command line in a child process with CPU and memory limits; each must exit normally, without a
traceback, and carry none of it live: no rich markup read, no link, script, tag or attribute in HTML, no formula in
CSV or xlsx, no escape sequence reaching the terminal, no Markdown table broken or link made."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser

import pytest

from lkip.engine.render import safe
from lkip.engine.schema import schema
from tests.conftest import SEED_SPECS, child_limits, file_digests, write_workspace

MARKUP = "[/][bold]tebal[link=javascript:alert(1)]klik[/link]"
HTML = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
ESCAPES = "merah\x1b[31m\x07\r\x9b[2J\u202e"
MD = "a|b [x](javascript:alert(1)) http://evil.example"
FORMULA = '=HYPERLINK("http://evil.example","x")'


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text)


ORGANISATION = f"""\
name: {q(FORMULA + " " + MARKUP)}
short_name: {q(MARKUP + ESCAPES)}
region: {q(HTML)}
renstra: {{start: 2021, end: 2026}}
scale: jahat
"""

SCALES = f"""\
scales:
  - id: jahat
    name: {q(MARKUP + HTML + ESCAPES)}
    default: true
    bands:
      - {{code: AA, min: 90, color: green, label: {q(MARKUP + HTML)}, label_en: {q("=1+1" + ESCAPES)}}}
      - {{code: B, min: 50, max: 90, color: "#ff8700", label: {q("@SUM(A1) " + ESCAPES)}}}
      - {{code: D, max: 50, color: red, label: {q(MD)}}}
"""

NODES = f"""\
nodes:
  - {{id: S1, kind: sasaran, name: {q(HTML + " " + MD)}, unit: "%", direction: higher}}
  - {{id: I1, kind: iku, parent: S1, name: {q(MARKUP)}, indicator: {q("+" + ESCAPES)}, unit: {q("[red]u" + ESCAPES)},
     direction: higher, targets: {{2024: 80}}}}
  - {{id: P1, kind: program, parent: I1, name: {q("-2+3 " + ESCAPES)}, unit: "%", direction: higher,
     targets: {{2024: 5}}}}
  - {{id: K1, kind: kegiatan, parent: P1, name: {q(chr(9) + "tab " + HTML)}, unit: {q("-" + MD)}, direction: higher,
     targets: {{2024: 50}}, note: {q(ESCAPES + chr(10) + HTML + MARKUP)}}}
  - {{id: K1.S1, kind: sub_kegiatan, parent: K1, name: {q(chr(13) + "cr " + MARKUP)}, unit: laporan,
     direction: higher, targets: {{2024: 4}}}}
  - {{id: K1.S2, kind: sub_kegiatan, parent: K1, name: {q(FORMULA)}, unit: {q("@" + HTML)}, direction: higher,
     targets: {{2024: 10}}}}
"""

DATA = f"""\
I1:
  realisasi: 88
  reported:
    - {{source: {q(MARKUP + HTML + ESCAPES)}, capaian: 50, predikat: {q("=1+1 " + MARKUP + ESCAPES)}}}
P1: {{realisasi: 2}}
K1: {{realisasi: 30}}
K1.S1: {{realisasi: -3, pagu: 1000, realisasi_anggaran: 900}}
K1.S2: {{realisasi: 10, pagu: 3000, realisasi_anggaran: 1500}}
"""

# Every workspace string, as the workspace holds it (for the checks that they are shown, not acted on).
NAMES = {
    "S1": HTML + " " + MD,
    "I1": MARKUP,
    "P1": "-2+3 " + ESCAPES,
    "K1": "\ttab " + HTML,
    "K1.S1": "\rcr " + MARKUP,
    "K1.S2": FORMULA,
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CPU_SECONDS, MEMORY = 60, 1 << 30


@pytest.fixture
def hostile(tmp_path):
    """The attacking workspace in tmp/ws, an empty home and output folder; checks nothing else changed."""
    root = write_workspace(tmp_path / "ws", NODES, {"2024": DATA}, scales=SCALES, organisation=ORGANISATION)
    (tmp_path / "home").mkdir()
    (tmp_path / "out").mkdir()
    before = file_digests(tmp_path)
    runs = []

    def run(*args: str, color: bool = True) -> subprocess.CompletedProcess:
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path / "home"),
            "LKIP_CACHE_DIR": os.environ["LKIP_CACHE_DIR"],  # the run's cache folder (conftest), not watched
            "MPLCONFIGDIR": os.environ["MPLCONFIGDIR"],  # matplotlib's font cache (conftest), not watched
            "COLUMNS": "250",
            "LINES": "50",
            "PYTHONIOENCODING": "utf-8",
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
        }
        env.update({"FORCE_COLOR": "1"} if color else {"NO_COLOR": "1"})
        done = subprocess.run(
            [sys.executable, "-c", "from lkip.cli.main import run; run()", *args],
            cwd=root,
            env=env,
            capture_output=True,
            preexec_fn=child_limits(CPU_SECONDS, MEMORY),
            timeout=300,
        )
        out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
        assert "Traceback" not in err and "Traceback" not in out, err
        runs.append(args)
        return subprocess.CompletedProcess(done.args, done.returncode, out, err)

    yield run, tmp_path
    after = file_digests(tmp_path)
    written = {k for k in after if k not in before}
    assert all(k.startswith("out/") for k in written), written
    assert {k: v for k, v in after.items() if k in before} == before, "a file outside the outputs changed"


def assert_terminal_safe(text: str) -> None:
    """Only rich's own SGR color codes and newlines reach the terminal: no escape, bell, CR, C1 or bidi control
    from the workspace, no OSC 8 hyperlink."""
    assert "\x1b]" not in text, "a terminal hyperlink (OSC 8)"
    bare = re.sub(r"\x1b\[[0-9;]*m", "", text)
    bad = sorted(
        {
            c
            for c in bare
            if c != "\n"
            and (
                unicodedata.category(c) in ("Cc", "Zl", "Zp")
                or 0x202A <= ord(c) <= 0x202E
                or 0x2066 <= ord(c) <= 0x2069
            )
        }
    )
    assert not bad, f"raw control characters: {bad!r}"


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


# ------------------------------------------------------------------------------------------ terminal


@pytest.mark.parametrize("color", [True, False], ids=["color", "no-color"])
@pytest.mark.parametrize("fmt", ["tree", "table"])
def test_tree_and_table_show_workspace_text_literally(hostile, fmt, color):
    run, _ = hostile
    done = run("eval", "2024", "--format", fmt, color=color)
    assert done.returncode == 0, done.stderr
    assert_terminal_safe(done.stdout)
    shown = plain(done.stdout)
    assert "merah\\x1b[31m\\x07\\r\\x9b[2J\\u202e" in shown  # the escapes are shown, not acted on
    assert "[/][bold]tebal[link=javascript:alert(1)]klik[/link]" in shown  # markup shown, not read
    if color:
        assert "\x1b[" in done.stdout  # colors are on: rich's own codes are still there


def test_explain_shows_names_notes_and_sources_literally(hostile):
    run, _ = hostile
    for node in ("I1", "K1"):
        done = run("explain", node, "2024")
        assert done.returncode == 0, done.stderr
        assert_terminal_safe(done.stdout)
    shown = plain(done.stdout)
    assert "merah\\x1b[31m" in shown and "<script>alert(1)</script>" in shown
    assert "\n" + HTML in shown.replace("\n  ", "\n")  # a note keeps its own line breaks


def test_check_shows_reported_sources_literally(hostile):
    run, _ = hostile
    done = run("check", "2024")
    assert done.returncode == 1, done.stdout  # the reported capaian 50 differs from the computed one
    assert_terminal_safe(done.stdout)
    shown = plain(done.stdout).replace("\n", "")
    assert "[link=javascript:alert(1)]klik[/link]" in shown and "=1+1 [/][bold]" in shown


def test_validate_of_the_hostile_workspace(hostile):
    run, _ = hostile
    done = run("validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert_terminal_safe(done.stdout + done.stderr)


def test_diagnostics_quoting_workspace_text_keep_escapes_visible(hostile):
    run, tmp = hostile
    nodes = tmp / "ws" / "specs" / "nodes.yaml"
    nodes.write_text(NODES.replace("{id: P1, ", '{id: P1, "bo\\e[2Jgus[/]": 1, '), encoding="utf-8")
    try:
        done = run("validate")
    finally:
        nodes.write_text(NODES, encoding="utf-8")  # as it was (the fixture checks nothing else changed)
    assert done.returncode == 1
    assert_terminal_safe(done.stdout + done.stderr)
    assert "nodes.yaml:" in done.stdout + done.stderr and "\\x1b[2J" in plain(done.stdout + done.stderr)


# ---------------------------------------------------------------------------------------------- HTML

ALLOWED_TAGS = {"html", "head", "meta", "style", "body", "pre", "code", "span"}
STYLE_DECLARATION = re.compile(
    r"(color|text-decoration-color|background-color): #[0-9a-f]{6}|font-weight: bold"
    r"|font-style: italic|text-decoration: (underline|line-through|overline)"
    r"|font-family:[^;]*|opacity: 0\.\d+"
)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.data.append(data)


def test_html_terminal_carries_no_live_markup_link_script_or_attribute(hostile):
    run, tmp = hostile
    out = tmp / "out" / "tree.html"
    done = run("eval", "2024", "--format", "html-terminal", "--output", str(out))
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<a " not in page.lower()
    parser = Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on") and name not in ("href", "src", "srcset", "action", "formaction"), name
            assert "javascript:" not in (value or "").lower() and "url(" not in (value or "").lower()
            assert name in ("style", "charset", "http-equiv", "content"), name
            if tag == "span" and name == "style":
                for declaration in (value or "").split(";"):
                    assert STYLE_DECLARATION.fullmatch(declaration.strip()), declaration
    text = "".join(parser.data)
    assert HTML in text and "[link=javascript:alert(1)]klik[/link]" in text  # shown as text
    assert "\\x1b[31m" in text and "\x1b" not in page and "\x9b" not in page
    assert "Content-Security-Policy" in page


REPORT_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "footer", "section", "p", "h1", "h2", "dl", "dt",
    "dd", "div", "span", "table", "caption", "thead", "tbody", "tr", "th", "td", "button", "figure", "figcaption",
    "script",
}  # fmt: skip
SVG_TAGS = {"svg", "g", "path", "rect", "text", "tspan", "use", "defs", "clippath", "line", "polyline", "title", "desc"}
REPORT_ATTRIBUTES = {"class", "lang", "charset", "http-equiv", "content", "name", "scope", "type", "role", "id"}
BADGE_STYLE = re.compile(r"(background-color: #[0-9a-f]{6}; )?color: #[0-9a-f]{6}")


def test_html_report_carries_no_live_markup_link_script_or_attribute(hostile):
    """The report page (--format html): workspace text only as text; one script, the page's own, allowed by its
    hash; the charts' SVG without script, link or reference outside itself."""
    from lkip.engine.render.html_report import CSP, SCRIPT

    run, tmp = hostile
    out = tmp / "out" / "report.html"
    done = run("eval", "2024", "--format", "html", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "Glyph" not in done.stderr  # no glyph the font lacks (a control char)
    page = out.read_text(encoding="utf-8")
    assert page.count("<script") == 1 and f"<script>{SCRIPT}</script>" in page
    assert "<img" not in page.lower() and "<a " not in page.lower() and "<iframe" not in page.lower()
    parser = Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag in REPORT_TAGS | SVG_TAGS, tag
        for name, value in attrs:
            value = value or ""
            assert not name.startswith("on") and name not in ("src", "srcset", "action", "formaction"), name
            assert "javascript:" not in value.lower()
            if name == "href":
                assert tag == "use" and value.startswith("#"), (tag, value)
            if "url(" in value:
                assert re.fullmatch(r"url\(#[\w.-]+\)", value), value  # a clip path inside the drawing
            if tag == "span" and name == "style":
                assert BADGE_STYLE.fullmatch(value), value
            if tag in SVG_TAGS:
                continue  # matplotlib's drawing attributes (checked: no event, link or reference above)
            assert (
                name in REPORT_ATTRIBUTES or name.startswith(("data-", "aria-")) or (tag == "span" and name == "style")
            ), (tag, name)
    text = "".join(parser.data)
    assert HTML in text and "[link=javascript:alert(1)]klik[/link]" in text and FORMULA in text  # shown as text
    assert "\\x1b[31m" in text and "\x1b" not in page and "\x9b" not in page and "\u202e" not in page
    assert f'content="{CSP}"' in page.replace("&#x27;", "'")
    assert 'data-chart="iku-I1"' in page  # the charts were drawn (escaped text inside the SVG)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # in the tree and in the drawing, as text


# ------------------------------------------------------------------------------------------ Markdown


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row, splitting only at pipes that are not backslash-escaped."""
    cells, current, i = [], "", 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line):
            current += line[i : i + 2]
            i += 2
            continue
        if line[i] == "|":
            cells.append(current)
            current = ""
        else:
            current += line[i]
        i += 1
    cells.append(current)
    return cells[1:-1]


def test_markdown_tables_hold_and_carry_no_link_or_html(hostile):
    run, _ = hostile
    done = run("eval", "2024", "--format", "md")
    assert done.returncode == 0, done.stderr
    assert_terminal_safe(done.stdout)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("# ") and len([ln for ln in lines if ln.startswith("# ")]) == 1
    width = None
    for line in lines:
        if not line.startswith("|"):
            width = None
            continue
        cells = _cells(line)
        width = width or len(cells)
        assert len(cells) == width, line  # no name adds a column
    assert "http://" not in done.stdout  # no bare URL left for an autolinker
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(done.stdout)
    assert "<a " not in rendered and "<script" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered  # the name is still there, as text
    assert "[x](javascript:alert(1))" in rendered


# ------------------------------------------------------------------------------------ CSV and xlsx


def test_csv_fields_are_not_formulas_and_numbers_stay_numbers(hostile):
    run, _ = hostile
    done = run("eval", "2024", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert_terminal_safe(done.stdout.replace("\t", ""))
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    for row in rows:
        for value in row.values():
            if value.startswith(FORMULA_START):
                float(value)  # only a real number may start with '-' (or '+')
    by_id = {row["id"]: row for row in rows}
    assert float(by_id["K1.S1"]["realisasi"]) == -3 and float(by_id["K1.S1"]["capaian"]) < 0
    assert by_id["K1.S2"]["name"] == "'" + FORMULA
    assert by_id["P1"]["name"] == "'-2+3 merah\\x1b[31m\\x07\\r\\x9b[2J\\u202e"
    assert by_id["K1"]["name"] == "'\ttab " + HTML and by_id["K1.S1"]["name"].startswith("\\rcr")
    assert by_id["I1"]["indicator"].startswith("'+") and by_id["K1"]["unit"].startswith("'-a|b")


def test_xlsx_cells_are_not_formulas_and_numbers_stay_numbers(hostile):
    from openpyxl import load_workbook

    run, tmp = hostile
    out = tmp / "out" / "laporan.xlsx"
    done = run("eval", "2024", "--format", "xlsx", "--output", str(out))
    assert done.returncode == 0, done.stderr
    book = load_workbook(out)
    texts, negatives = [], []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), (sheet.title, cell.coordinate, cell.value)
                    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", cell.value), cell.value
                    texts.append(cell.value)
                elif isinstance(cell.value, (int, float)) and cell.value < 0:
                    negatives.append(cell.value)
    assert "'" + FORMULA in texts and "'-2+3 merah\\x1b[31m\\x07\\r\\x9b[2J\\u202e" in texts
    assert -3 in negatives  # K1.S1's realisasi is a number, not a text


# ---------------------------------------------------------------------------------------------- JSON


def test_json_keeps_the_text_exactly_and_escapes_controls(hostile):
    run, _ = hostile
    done = run("eval", "2024", "--format", "json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout, parse_constant=lambda c: pytest.fail(f"not JSON: {c}"))
    assert {n["id"]: n["name"] for n in doc["nodes"]} == NAMES  # data, kept exactly
    assert doc["organisation"]["short_name"] == MARKUP + ESCAPES
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout and "\r" not in done.stdout


def test_json_escapes_c1_and_bidi_controls_too(hostile):
    run, _ = hostile
    for args in (
        ("eval", "2024", "--format", "json"),
        ("explain", "I1", "2024", "--format", "json"),
        ("check", "2024", "--format", "json"),
        ("validate", "--format", "json"),
    ):
        done = run(*args)
        assert done.returncode in (0, 1), done.stderr
        assert_terminal_safe(done.stdout)
        json.loads(done.stdout)


def test_json_text_is_strict_and_escapes_every_control():
    text = safe.json_text({"a": "x\x1b\x9b\u202e\u2028y", "b": [1.5, -2]})
    assert_terminal_safe(text)
    assert json.loads(text) == {"a": "x\x1b\x9b\u202e\u2028y", "b": [1.5, -2]}
    with pytest.raises(ValueError):
        safe.json_text({"a": float("inf")})


# ------------------------------------------------------------------------------------ band colors


def test_schema_color_names_are_the_renderer_s():
    color = schema("scales")["properties"]["scales"]["items"]["properties"]["bands"]["items"]["properties"]["color"]
    assert tuple(color["else"]["enum"]) == safe.COLOR_NAMES
    from rich.color import Color

    for name in safe.COLOR_NAMES:
        Color.parse(name)  # every listed name is one rich knows
    seed = (SEED_SPECS / "scales.yaml").read_text(encoding="utf-8")
    for used in re.findall(r"color: ([^,}\s]+)", seed):
        assert safe.is_color(used.strip('"')), used


@pytest.mark.parametrize(
    "color",
    [
        '"red link javascript:alert(1)"',
        '"#12345g"',
        '"#aabbcc\\n"',
        "bright_gren",
        '"#aabbcc\\" onmouseover=\\"alert(1)"',
        '"rgb(1,2,3)"',
    ],
)
def test_a_band_color_that_is_not_hex_or_a_listed_name_is_an_error(hostile, color):
    run, tmp = hostile
    scales = tmp / "ws" / "specs" / "scales.yaml"
    scales.write_text(SCALES.replace('color: "#ff8700"', f"color: {color}"), encoding="utf-8")
    try:
        done = run("validate")
        html = run("eval", "2024", "--format", "html", "--output", str(tmp / "out" / "x.html"))
    finally:
        scales.write_text(SCALES, encoding="utf-8")
    assert done.returncode == 1
    lines = [ln for ln in plain(done.stdout).splitlines() if "LK101" in ln]
    assert len(lines) == 1 and "scales.yaml:7:" in lines[0] and "color" in lines[0], done.stdout
    assert_terminal_safe(done.stdout + done.stderr)
    if color == "bright_gren":
        assert "bright_green" in lines[0]
    assert html.returncode == 1 and not (tmp / "out" / "x.html").exists()


def test_an_unvalidated_color_never_reaches_a_style():
    assert safe.style("red link javascript:alert(1)", bold=True).link is None
    assert safe.style("red link javascript:alert(1)").color is None
    assert safe.style("#aabbcc\n").color is None and safe.style("#AABBCC").color is not None
    assert str(safe.style("dark_orange", bold=True)) == "bold dark_orange"


def test_visible_spells_out_every_control():
    assert safe.visible("a\x1b[31m\x07\r\n\t\x9b\u202e\x7f") == "a\\x1b[31m\\x07\\r\\n\\t\\x9b\\u202e\\x7f"
    assert safe.visible("a\nb\x1b", keep="\n") == "a\nb\\x1b"
    assert safe.visible("Sangat memuaskan ≥ 90 %") == "Sangat memuaskan ≥ 90 %"
    assert safe.markup("[/]x") == "\\[/]x"


def test_md_escapes_pipes_links_html_and_autolinks():
    assert safe.md("a|b") == "a\\|b"
    assert safe.md("[x](javascript:y)") == "\\[x\\](javascript:y)"
    assert safe.md("<b>") == "\\<b\\>"
    assert safe.md("http://e.x www.e.x a@b.c") == "http\\://e.x www\\.e.x a\\@b.c"
    assert safe.md("line\nbreak") == "line break"
    assert safe.md("Capaian 108,75 % (IKU1.2)") == "Capaian 108,75 % (IKU1.2)"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        (-3, -3),
        (-2.5, -2.5),
        (None, None),
        ("", ""),
    ],
)
def test_cell_follows_owasp_csv_injection_rule(value, expected):
    assert safe.cell(value) == expected


def test_hostile_workspace_is_a_valid_workspace(hostile):
    """The attack must pass validation, or the tests above would test nothing but the error path."""
    run, _ = hostile
    done = run("validate", "--format", "json")
    assert done.returncode == 0 and json.loads(done.stdout)["problems"] == []
