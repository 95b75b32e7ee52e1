"""The HTML report (`lkip eval YEAR -o laporan.html`): one self-contained page a planner hands on.

What the page holds: a header (office, region, year and period), a summary (mean IKU capaian with its predikat,
pagu, realisasi anggaran, serapan, and how many nodes of each kind got each predikat), the achievement tree as a
real table (sasaran > IKU > program > kegiatan > sub kegiatan; target, realisasi, capaian, predikat, pagu,
realisasi anggaran, serapan; rows collapse and expand), the report's charts as inline SVG (engine/render/charts.py)
with the names behind their category ids, and the predikat scale.

Self-contained and inert: inline CSS, inline SVG, no font, image, frame or request of any kind; a Content Security
Policy forbids everything but the inline styles and the one inline script (allowed by its SHA-256 hash) that
collapses rows. Without the script (blocked, or a viewer without JavaScript) every row is shown and no dead button
is. Printed (A4 landscape), every row is shown and no button printed.

Every string from the workspace is escaped (`html.escape`); the charts' SVG, drawn by matplotlib, is parsed and
written out again through a whitelist of SVG elements and attributes, ids prefixed per chart so that two charts
never share one.

Predikat colors are readable (WCAG 2 AA, contrast ≥ 4.5:1 for text): a band's color fills its badge and the text
on it is black or white, whichever contrasts more (one of them always reaches 4.58:1); a capaian written in its
band's color is darkened until it reaches 4.5:1 on the page's white.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..capaian import serapan as compute_serapan
from ..compare import NO_RENSTRA, Comparison
from ..evaluate import Evaluation, NodeResult, budget_totals, mean_capaian_iku
from ..messages import Message
from ..model import Band, Kind, Status
from . import charts as chart_data
from . import numbers
from .labels import label
from .safe import is_color, visible

# --- colors and contrast (WCAG 2) --------------------------------------------------------------------------

BACKGROUND = "#ffffff"
MIN_CONTRAST = 4.5  # WCAG 2 AA for normal text

# The band color names a scale may use (safe.COLOR_NAMES), as the page draws them: a report's palette (Material
# colors) rather than the terminal's VGA ones ("bright_green" is lime there, unreadable on white).
PALETTE = {
    "black": "#000000",
    "red": "#c62828",
    "green": "#2e7d32",
    "yellow": "#f9a825",
    "blue": "#1565c0",
    "magenta": "#ad1457",
    "cyan": "#00acc1",
    "white": "#ffffff",
    "bright_black": "#616161",
    "bright_red": "#ef5350",
    "bright_green": "#7cb342",
    "bright_yellow": "#ffee58",
    "bright_blue": "#42a5f5",
    "bright_magenta": "#ec407a",
    "bright_cyan": "#26c6da",
    "bright_white": "#fafafa",
    "dark_orange": "#ef6c00",
    "orange1": "#ffa000",
    "dark_red": "#8e0000",
    "dark_green": "#1b5e20",
    "gold1": "#ffd600",
    "purple": "#6a1b9a",
    "grey50": "#808080",
}
NEUTRAL = "#9e9e9e"  # a band without a usable color


def hex_color(color: str | None) -> str:
    """A band's color as '#rrggbb': a palette name, a validated hex color, else a neutral grey."""
    if color in PALETTE:
        return PALETTE[color]
    if is_color(color) and color is not None and color.startswith("#"):
        return color.lower()
    return NEUTRAL


def _rgb(color: str) -> tuple[int, int, int]:
    value = hex_color(color)
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def relative_luminance(color: str) -> float:
    """WCAG 2's relative luminance of an sRGB color (0 black … 1 white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio (L1 + 0.05) / (L2 + 0.05), from 1 (none) to 21 (black on white)."""
    a, b = relative_luminance(first), relative_luminance(second)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def text_on(fill: str) -> str:
    """Black or white, whichever is more readable on `fill` (for any color one of them reaches 4.58:1)."""
    return "#000000" if contrast_ratio("#000000", fill) >= contrast_ratio("#ffffff", fill) else "#ffffff"


def readable(color: str, background: str = BACKGROUND, minimum: float = MIN_CONTRAST) -> str:
    """`color` darkened (toward black, keeping its hue) until it reaches `minimum` contrast on `background`."""
    r, g, b = _rgb(color)
    for step in range(0, 101):
        factor = 1 - step / 100
        shade = f"#{round(r * factor):02x}{round(g * factor):02x}{round(b * factor):02x}"
        if contrast_ratio(shade, background) >= minimum:
            return shade
    return "#000000"  # pragma: no cover - black reaches 21:1 on white


@dataclass(frozen=True)
class BandStyle:
    fill: str  # the badge's background: the band's color
    ink: str  # the text on the badge: black or white
    text: str  # the band's color as text on the page: darkened to be readable


def band_style(band: Band) -> BandStyle:
    return _style_of(band.color)


@functools.lru_cache(maxsize=256)
def _style_of(color: str) -> BandStyle:  # once per color: a tree of 50,000 rows has a handful of bands
    fill = hex_color(color)
    return BandStyle(fill, text_on(fill), readable(fill))


# --- words -------------------------------------------------------------------------------------------------

T = {
    "summary": Message("Summary", "Ringkasan"),
    "tree": Message("Performance tree", "Pohon kinerja"),
    "charts": Message("Charts", "Grafik"),
    "scale": Message("Grade scale", "Skala predikat"),
    "show_to": Message("Show down to:", "Tampilkan sampai:"),
    "all": Message("Everything", "Semua"),
    "subtree": Message("Rows under {id}", "Baris di bawah {id}"),
    "by_kind": Message("Grades per level", "Predikat per tingkat"),
    "total": Message("Total", "Jumlah"),
    "no_charts": Message(
        "Charts not drawn: matplotlib is not installed. Install it with pip install 'lkip[report]'.",
        "Grafik tidak dibuat: matplotlib tidak terpasang. Pasang dengan pip install 'lkip[report]'.",
    ),
    "no_chart_data": Message("No chart: the nodes shown have no values to draw.", "Tanpa grafik: tidak ada nilai."),
    "capped": Message(
        "* capaian shown at its cap (capaian_cap); lkip eval --format json gives the uncapped value.",
        "* capaian ditampilkan pada batas atasnya (capaian_cap); lkip eval --format json memberi nilai tanpa batas.",
    ),
    "range": Message("Capaian", "Capaian"),
    "interpretation": Message("Meaning", "Arti"),
    "made_by": Message(
        "Made by {generator} from the workspace's specs and data: every figure is computed from its inputs.",
        "Dibuat oleh {generator} dari specs dan data ruang kerja: setiap angka dihitung dari inputnya.",
    ),
    "nodes_count": Message("{n} nodes: {states}", "{n} simpul: {states}"),
    "none_scale": Message("no predikat scale declared", "tidak ada skala predikat"),
}


def _t(key: str, lang: str, **params: object) -> str:
    message = T[key]
    if params:
        message = Message(message.en, message.id, **params)
    return message.render(lang)


def esc(value: object) -> str:
    """Workspace text for HTML text or a quoted attribute: escaped, control characters spelt out (`\\x1b`)."""
    return html.escape(visible(value), quote=True)


# --- the inline script (collapsible rows) ------------------------------------------------------------------

SCRIPT = """(function () {
  var d = document;
  d.documentElement.classList.add("js");
  var rows = Array.prototype.slice.call(d.querySelectorAll("table.tree > tbody > tr"));
  function level(r) { return +r.getAttribute("data-level"); }
  function toggle(r) { return r.querySelector("button.tg"); }
  function isOpen(r) { var b = toggle(r); return !b || b.getAttribute("aria-expanded") === "true"; }
  function setOpen(r, open) { var b = toggle(r); if (b) { b.setAttribute("aria-expanded", open ? "true" : "false"); } }
  function refresh() {
    var under = Infinity;
    rows.forEach(function (r) {
      var l = level(r);
      if (l > under) { r.classList.add("hid"); return; }
      under = isOpen(r) ? Infinity : l;
      r.classList.remove("hid");
    });
  }
  function showTo(n) { rows.forEach(function (r) { setOpen(r, level(r) < n); }); refresh(); }
  var table = d.querySelector("table.tree");
  var start = table ? +table.getAttribute("data-open") : 0;
  if (start) { showTo(start); }
  d.addEventListener("click", function (e) {
    var b = e.target && e.target.closest ? e.target.closest("button") : null;
    if (!b) { return; }
    if (b.classList.contains("tg")) {
      setOpen(b.closest("tr"), b.getAttribute("aria-expanded") !== "true");
      refresh();
    } else if (b.hasAttribute("data-show")) {
      showTo(+b.getAttribute("data-show"));
    }
  });
})();"""

SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    f"script-src '{SCRIPT_HASH}'; form-action 'none'; base-uri 'none'"
)

# --- the stylesheet ----------------------------------------------------------------------------------------

STYLE = """
:root { --ink: #1a1a1a; --muted: #595959; --line: #d0d7de; --head: #f3f5f7; --sasaran: #e8eef6; --iku: #f6f8fa; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 1400px; padding: 24px 28px 40px; color: var(--ink); background: #ffffff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
h1 { font-size: 1.55em; margin: 0 0 4px; line-height: 1.25; }
h2 { font-size: 1.2em; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1em; margin: 14px 0 6px; }
header .region { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; font-size: .85em; }
header .title { margin: 2px 0 0; font-size: 1.15em; }
header .meta { margin: 4px 0 0; color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 0 0 14px; padding: 0; }
.cards > div { flex: 1 1 200px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.cards dt { color: var(--muted); font-size: .85em; }
.cards dd { margin: 2px 0 0; font-size: 1.35em; font-weight: 600; font-variant-numeric: tabular-nums; }
.cards dd .badge { font-size: .6em; vertical-align: middle; margin-left: 6px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0 0 6px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
thead th { background: var(--head); text-align: left; font-size: .85em; white-space: nowrap;
  border-bottom: 2px solid #afb8c1; position: sticky; top: 0; z-index: 1; }
td.n, th.n { text-align: right; white-space: nowrap; }
table.counts td.n.zero { color: var(--muted); }
table.tree { width: 100%; }
table.tree tbody th { text-align: left; font-weight: normal; min-width: 24em; }
table.counts tbody th { text-align: left; }
table.tree .id { font-weight: 600; margin-right: .35em; white-space: nowrap; }
tr.l2 > th { padding-left: 1.8em; } tr.l3 > th { padding-left: 3.2em; } tr.l4 > th { padding-left: 4.6em; }
tr.l5 > th { padding-left: 6em; } tr.l6 > th { padding-left: 7.4em; } tr.l7 > th { padding-left: 8.8em; }
tr.l8 > th { padding-left: 10.2em; } tr.l9 > th { padding-left: 11.6em; }
tr.k-sasaran > * { background: var(--sasaran); }
tr.k-sasaran th, tr.k-iku th { font-weight: 600; }
tr.k-iku > * { background: var(--iku); }
tr.k-sub_kegiatan { font-size: .95em; }
.tg { display: inline-block; width: 1.5em; height: 1.5em; margin: -2px .25em 0 0; padding: 0; vertical-align: middle;
  border: 1px solid #afb8c1; border-radius: 4px; background: #ffffff; color: var(--ink); cursor: pointer;
  font: inherit; line-height: 1; }
.tg::before { content: "\\25BE"; }
.tg[aria-expanded="false"]::before { content: "\\25B8"; }
.tg:focus-visible, .toolbar button:focus-visible { outline: 2px solid #0b57d0; outline-offset: 1px; }
.leaf { display: inline-block; flex: none; width: 1.5em; margin-right: .25em; }
.nc { display: flex; align-items: flex-start; }
.nc .tg { flex: none; margin-top: 0; }
html:not(.js) .tg { visibility: hidden; }
html:not(.js) .toolbar { display: none; }
.toolbar { margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.toolbar button { font: inherit; font-size: .9em; padding: 3px 10px; border: 1px solid #afb8c1; border-radius: 4px;
  background: #ffffff; color: var(--ink); cursor: pointer; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-weight: 600; font-size: .85em;
  white-space: nowrap; border: 1px solid rgba(0, 0, 0, .25); }
.badge.long { white-space: normal; max-width: 22em; border-radius: 8px; }
.st { font-style: italic; color: var(--muted); }
.st.error { color: #b3261e; font-style: normal; }
.note { color: var(--muted); font-size: .9em; }
.note.warn { color: #7a4a00; background: #fff4e5; border: 1px solid #f0c36d; padding: 8px 12px; border-radius: 6px; }
.charts { display: flex; flex-wrap: wrap; gap: 18px; }
figure.chart { margin: 0; flex: 1 1 520px; max-width: 100%; border: 1px solid var(--line); border-radius: 6px;
  padding: 10px; display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: flex-start; }
figure.chart.overview { flex-basis: 100%; }
figure.chart svg { flex: 1 1 480px; max-width: 760px; width: 100%; height: auto; }
figure.chart svg * { stroke-linejoin: round; stroke-linecap: butt; }
figure.chart figcaption { flex: 1 1 260px; font-size: .85em; }
figure.chart figcaption .t { font-weight: 600; }
figure.chart dl { margin: 6px 0 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 8px; }
figure.chart dt { font-weight: 600; }
figure.chart dd { margin: 0; }
table.scale td:first-child { white-space: nowrap; }
footer { margin-top: 28px; color: var(--muted); font-size: .85em; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media screen { tr.hid { display: none; } }
@page { size: A4 landscape; margin: 12mm 10mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 8.5pt; }
  h2 { margin-top: 14px; break-after: avoid; }
  .charts-section { break-before: page; }
  .toolbar, .tg { display: none !important; }
  .leaf { display: none; }
  thead { display: table-header-group; }
  thead th { position: static; }
  tr, figure.chart, .cards > div { break-inside: avoid; }
  table.tree tbody th { min-width: 0; width: 36%; }
  figure.chart { flex-basis: 46%; }
  figure.chart.overview { flex-basis: 100%; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

# --- the charts' SVG, written out through a whitelist -------------------------------------------------------

_SVG = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}"
SVG_ELEMENTS = frozenset(
    {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "use", "defs"}
    | {"clipPath", "title", "desc"}
)
SVG_ATTRIBUTES = frozenset(
    {"id", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "points"}
    | {"viewBox", "transform", "style", "clip-path", "fill", "stroke", "stroke-width", "opacity", "text-anchor"}
    | {"href", "version", "preserveAspectRatio", "dx", "dy", "font-size", "font-family"}
)
_REFERENCE = re.compile(r"url\(#([A-Za-z0-9_.:-]+)\)")
_UNSAFE_STYLE = re.compile(r"url\(|@import|expression|javascript:|\\|/\*", re.IGNORECASE)


def inline_svg(svg: str, prefix: str, title: str) -> str:
    """matplotlib's SVG document as an inline `<svg>`: only whitelisted elements and attributes (no script, no
    foreignObject, no metadata, no external reference), every id and `#id` reference prefixed with `prefix`,
    sized by its viewBox (it scales with the page), labelled for screen readers by `title`."""
    root = ET.fromstring(svg)  # matplotlib writes well-formed XML; a workspace's text is escaped in it

    def ref(value: str) -> str | None:
        """An attribute value with its references prefixed; None when it refers outside the drawing."""
        if _UNSAFE_STYLE.search(_REFERENCE.sub("", value)):
            return None
        return _REFERENCE.sub(lambda m: f"url(#{prefix}{m.group(1)})", value)

    def write(element: ET.Element, out: list[str]) -> None:
        tag = element.tag.removeprefix(_SVG) if isinstance(element.tag, str) else ""
        if tag not in SVG_ELEMENTS:
            return  # metadata, style, script, foreignObject, image, anything else: dropped with its content
        attributes: list[tuple[str, str]] = []
        for key, value in element.attrib.items():
            name = "href" if key == f"{_XLINK}href" else key
            if name not in SVG_ATTRIBUTES:
                continue
            if name == "href":
                if not value.startswith("#"):
                    continue
                value = f"#{prefix}{value[1:]}"
            elif name == "id":
                value = prefix + value
            else:
                checked = ref(value)
                if checked is None:
                    continue
                value = checked
            if tag == "svg" and name in ("width", "height"):
                continue  # sized by the page (CSS), its proportions kept by the viewBox
            attributes.append((name, value))
        if tag == "svg":
            attributes += [("role", "img"), ("aria-label", visible(title)), ("focusable", "false")]
        out.append("<" + tag + "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attributes) + ">")
        if element.text and tag in ("text", "tspan", "title", "desc"):
            out.append(html.escape(visible(element.text), quote=False))
        for child in element:
            write(child, out)
            if child.tail and tag in ("text", "tspan"):
                out.append(html.escape(visible(child.tail), quote=False))
        out.append(f"</{tag}>")

    parts: list[str] = []
    write(root, parts)
    return "".join(parts)


# --- the page ----------------------------------------------------------------------------------------------


def html_report(
    evaluation: Evaluation,
    results: list[NodeResult] | None = None,
    lang: str = "id",
    previous: Evaluation | None = None,
    comparisons: dict[str, Comparison] | None = None,
    compare: tuple[str, ...] = (),
    generator: str = "lkip",
    draw_charts: bool = True,
    open_levels: int | None = 3,
) -> str:
    """The report of `results` (all nodes by default) as one standalone HTML page; `previous` puts the previous
    year beside this one in each IKU's chart. Without matplotlib the page says how to get the charts.

    `open_levels`: the tree opens showing this many levels (sasaran, IKU, program), the rest a click away (None:
    every row); printed, or without JavaScript, every row is shown."""
    shown = list(evaluation.results.values()) if results is None else results
    ws = evaluation.workspace
    org = ws.organisation
    period = ""
    if evaluation.period is not None and not evaluation.period.is_year:
        period = evaluation.period.up_to().render(lang)
    heading = f"{label('title', lang, year=evaluation.year)}{' ' + period if period else ''}"
    page_title = f"{org.short_name or org.name} — {heading}"
    body = [
        "<header>",
        f'<p class="region">{esc(org.region)}</p>' if org.region else "",
        f"<h1>{esc(org.name)}</h1>",
        f'<p class="title">{esc(heading)}</p>',
        f'<p class="meta">{_scale_line(evaluation, lang)}</p>',
        "</header>",
        _summary(evaluation, shown, lang),
        _tree(evaluation, shown, lang, comparisons or {}, compare, open_levels),
        _charts(evaluation, shown, lang, previous) if draw_charts else "",
        _scale(evaluation, lang),
        f"<footer><p>{esc(_t('made_by', lang, generator=generator))}</p></footer>",
    ]
    return page(page_title, body, lang, generator, script=True)


def page(title: str, body: list[str], lang: str, generator: str, extra_style: str = "", script: bool = False) -> str:
    """A standalone page: the stylesheet, the Content-Security-Policy, the body's parts (already escaped HTML)
    and, when asked, the folding script its policy allows by hash."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{"en" if lang == "en" else "id"}">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CSP, quote=True)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="{esc(generator)}">',
            f"<title>{esc(title)}</title>",
            f"<style>{STYLE}{extra_style}</style>",
            "</head>",
            "<body>",
            *[part for part in body if part],
            f"<script>{SCRIPT}</script>" if script else "",
            "</body>",
            "</html>",
            "",
        ]
    )


def _scale_line(evaluation: Evaluation, lang: str) -> str:
    ws = evaluation.workspace
    if not ws.has_predikat:
        return esc(f"{_t('scale', lang)}: {_t('none_scale', lang)}")
    return esc(f"{_t('scale', lang)}: {ws.scale.name or ws.scale.id}")


def _badge(band: Band, lang: str, text: str | None = None) -> str:
    style = band_style(band)
    shown = band.shown(lang) if text is None else text
    long = " long" if len(shown) > 24 else ""  # a band's whole interpretation: wraps rather than widening the page
    return f'<span class="badge{long}" style="background-color: {style.fill}; color: {style.ink}">{esc(shown)}</span>'


def _state(result: NodeResult, lang: str) -> str:
    """The predikat cell of a node without one: its state in words."""
    if result.out_of_scale:
        return f'<span class="st">{esc(label("out_of_scale", lang))}</span>'
    if result.status is Status.OK:
        return "–"
    word = label(result.status.value, lang)
    if result.status is Status.ERROR and result.reason is not None:
        reason = result.reason.render(lang) if isinstance(result.reason, Message) else str(result.reason)
        word = f"{word}: {reason}"
    css = "st error" if result.status is Status.ERROR else "st"
    return f'<span class="{css}">{esc(word)}</span>'


# summary


def _summary(evaluation: Evaluation, results: list[NodeResult], lang: str) -> str:
    ws = evaluation.workspace
    currency = ws.organisation.currency
    top = min((r.depth for r in results), default=0)
    pagu, spent = budget_totals([r for r in results if r.depth == top])
    absorbed = compute_serapan(pagu, spent)
    mean = mean_capaian_iku(results)
    mean_band = ws.scale.band_for(mean) if mean is not None and ws.has_predikat else None
    cards = [
        (label("mean_iku", lang), numbers.percent(mean, lang), _badge(mean_band, lang) if mean_band else ""),
        (label("pagu", lang), numbers.money(pagu, lang, currency), ""),
        (label("realisasi_anggaran", lang), numbers.money(spent, lang, currency), ""),
        (label("serapan", lang), numbers.percent(absorbed, lang), ""),
    ]
    items = "".join(
        f'<div class="card"><dt>{esc(name)}</dt><dd>{esc(value)}{" " if extra else ""}{extra}</dd></div>'
        for name, value, extra in cards
    )
    counts = evaluation.count_by_status(results)
    states = ", ".join(f"{n} {label(status.value, lang)}" for status, n in counts.items())
    return "\n".join(
        [
            '<section class="summary" aria-labelledby="h-summary">',
            f'<h2 id="h-summary">{esc(_t("summary", lang))}</h2>',
            f'<dl class="cards">{items}</dl>',
            _counts(evaluation, results, lang),
            f'<p class="note nodes">{esc(_t("nodes_count", lang, n=len(results), states=states))}</p>',
            "</section>",
        ]
    )


def _counts(evaluation: Evaluation, results: list[NodeResult], lang: str) -> str:
    """How many nodes of each kind got each predikat, and how many of each state had none."""
    ws = evaluation.workspace
    bands = list(ws.scale.bands) if ws.has_predikat else []
    kinds = [k for k in Kind if any(r.spec.kind is k for r in results)]

    # the columns of nodes without a predikat: their states (and 'out of the scale'), in the order of Status
    def without(r: NodeResult) -> str | None:
        if r.band is not None:
            return None
        if r.out_of_scale:
            return "out_of_scale"
        return r.status.value if (r.status is not Status.OK or ws.has_predikat) else None

    others = [s.value for s in Status if any(without(r) == s.value for r in results)]
    if any(without(r) == "out_of_scale" for r in results):
        others.append("out_of_scale")
    if not bands and not others:
        return ""
    head = "".join(f'<th scope="col" class="n">{_badge(b, lang, b.code)}</th>' for b in bands)
    head += "".join(f'<th scope="col" class="n">{esc(label(o, lang))}</th>' for o in others)
    rows = []
    for kind in kinds:
        of_kind = [r for r in results if r.spec.kind is kind]
        cells = [sum(1 for r in of_kind if r.band is not None and r.band.code == b.code) for b in bands]
        cells += [sum(1 for r in of_kind if without(r) == o) for o in others]
        tds = "".join(f'<td class="n{" zero" if n == 0 else ""}">{n}</td>' for n in cells)
        rows.append(
            f'<tr data-kind="{kind.value}"><th scope="row">{esc(label(kind.value, lang))}</th>{tds}'
            f'<td class="n">{len(of_kind)}</td></tr>'
        )
    return (
        f'<table class="counts"><caption>{esc(_t("by_kind", lang))}</caption>'
        f'<thead><tr><th scope="col">{esc(label("kind", lang))}</th>{head}'
        f'<th scope="col" class="n">{esc(_t("total", lang))}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


# tree


def _realisasi(result: NodeResult, lang: str) -> str:
    text = numbers.quantity(result.realisasi, result.spec.unit, lang)
    if result.reached is not None and result.realisasi is not None:
        text += f" ({result.reached.up_to().render(lang)})"
    return text


def _capaian(result: NodeResult, lang: str) -> str:
    if result.capaian is None:
        return "–"
    value = result.capaian_capped
    text = esc(numbers.percent(value, lang) + ("*" if value != result.capaian else ""))
    if result.band is None:
        return text
    return f'<span style="color: {band_style(result.band).text}">{text}</span>'


def _comparison_headers(year: int, compare: tuple[str, ...], lang: str) -> list[str]:
    headers = []
    if "prev" in compare:
        headers.append(f"{label('realisasi', lang)} {year - 1}")
    if "renstra" in compare:
        headers.append("vs renstra")
    if "national" in compare:
        headers.append(label("national", lang))
    return headers


def _comparison_cells(result: NodeResult, c: Comparison | None, compare: tuple[str, ...], lang: str) -> list[str]:
    cells = []
    if "prev" in compare:
        cells.append(numbers.quantity(c.prev_realisasi, result.spec.unit, lang) if c else "–")
    if "renstra" in compare:
        words = c.renstra_words(short=True) if c and c.renstra_declared else None
        cells.append(words.render(lang) if words else "–")
    if "national" in compare:
        cells.append(numbers.quantity(c.national, result.spec.unit, lang) if c else "–")
    return cells


TREE_COLUMNS = ("target", "realisasi", "capaian", "predikat", "pagu", "realisasi_anggaran", "serapan")


def _tree(
    evaluation: Evaluation,
    results: list[NodeResult],
    lang: str,
    comparisons: dict[str, Comparison],
    compare: tuple[str, ...],
    open_levels: int | None = None,
) -> str:
    ws = evaluation.workspace
    currency = ws.organisation.currency
    base = min((r.depth for r in results), default=0)
    levels = [r.depth - base + 1 for r in results]
    fifth = "predikat" if ws.has_predikat else "status"
    keys = [fifth if k == "predikat" else k for k in TREE_COLUMNS]
    extra = _comparison_headers(evaluation.year, compare, lang)
    head = f'<th scope="col">{esc(label("indicator", lang))}</th>' + "".join(
        f'<th scope="col" class="{"n" if k != fifth else ""}" data-col="{k}">{esc(label(k, lang))}</th>' for k in keys
    )
    head += "".join(f'<th scope="col" class="n" data-col="compare">{esc(h)}</th>' for h in extra)
    rows = []
    capped = False
    for i, (result, level) in enumerate(zip(results, levels, strict=True)):
        spec = result.spec
        parent = i + 1 < len(levels) and levels[i + 1] > level
        name = spec.indicator if spec.kind is Kind.IKU and spec.indicator else spec.name
        toggle = (
            f'<button type="button" class="tg" aria-expanded="true" '
            f'aria-label="{esc(_t("subtree", lang, id=visible(spec.id)))}"></button>'
            if parent
            else '<span class="leaf"></span>'
        )
        predikat = _badge(result.band, lang) if result.band is not None else _state(result, lang)
        capped = capped or (result.capaian is not None and result.capaian_capped != result.capaian)
        cells = [
            f'<td class="n">{esc(numbers.target(result.target, result.target_range, spec.unit, lang))}</td>',
            f'<td class="n">{esc(_realisasi(result, lang))}</td>',
            f'<td class="n">{_capaian(result, lang)}</td>',
            f"<td>{predikat}</td>",
            f'<td class="n">{esc(numbers.money(result.pagu, lang, currency))}</td>',
            f'<td class="n">{esc(numbers.money(result.realisasi_anggaran, lang, currency))}</td>',
            f'<td class="n">{esc(numbers.percent(result.serapan, lang))}</td>',
        ]
        cells += [
            f'<td class="n">{esc(v)}</td>' for v in _comparison_cells(result, comparisons.get(result.id), compare, lang)
        ]
        rows.append(
            f'<tr class="k-{spec.kind.value} l{min(level, 9)}" data-level="{level}" data-id="{esc(spec.id)}">'
            f'<th scope="row"><div class="nc">{toggle}<span>'
            f'<span class="sr">{esc(label(spec.kind.value, lang))} </span>'
            f'<span class="id">{esc(spec.id)}</span> <span class="nm">{esc(name)}</span></span></div></th>'
            f"{''.join(cells)}</tr>"
        )
    kinds_present = sorted({(lv, r.spec.kind) for lv, r in zip(levels, results, strict=True)}, key=lambda p: p[0])
    show: dict[int, Kind] = {}
    for lv, kind in kinds_present:
        show.setdefault(lv, kind)
    buttons = "".join(
        f'<button type="button" data-show="{lv}">{esc(label(kind.value, lang))}</button>' for lv, kind in show.items()
    )
    buttons += f'<button type="button" data-show="{max(levels, default=1) + 1}">{esc(_t("all", lang))}</button>'
    notes = []
    if "renstra" in compare and not ws.organisation.has_renstra:
        notes.append(f'<p class="note">vs renstra: {esc(NO_RENSTRA.render(lang))}</p>')
    if capped:
        notes.append(f'<p class="note">{esc(_t("capped", lang))}</p>')
    return "\n".join(
        [
            '<section class="tree" aria-labelledby="h-tree">',
            f'<h2 id="h-tree">{esc(_t("tree", lang))}</h2>',
            f'<div class="toolbar" role="toolbar" aria-label="{esc(_t("show_to", lang))}">'
            f"<span>{esc(_t('show_to', lang))}</span>{buttons}</div>",
            f'<table class="tree" data-open="{open_levels or 0}"><thead><tr>{head}</tr></thead>',
            "<tbody>",
            *rows,
            "</tbody></table>",
            *notes,
            "</section>",
        ]
    )


# charts


def _charts(evaluation: Evaluation, results: list[NodeResult], lang: str, previous: Evaluation | None) -> str:
    drawn = chart_data.chart_set(evaluation, results, lang, previous)
    parts = [
        '<section class="charts-section" aria-labelledby="h-charts">',
        f'<h2 id="h-charts">{esc(_t("charts", lang))}</h2>',
    ]
    if not drawn:
        parts.append(f'<p class="note">{esc(_t("no_chart_data", lang))}</p>')
    else:
        try:
            figures = [_figure(evaluation, chart, i, lang) for i, chart in enumerate(drawn, start=1)]
        except chart_data.ChartsUnavailable:
            parts.append(f'<p class="note warn" role="note">{esc(_t("no_charts", lang))}</p>')
        else:
            parts.append('<div class="charts">')
            parts.extend(figures)
            parts.append("</div>")
    parts.append("</section>")
    return "\n".join(parts)


def _figure(evaluation: Evaluation, chart: chart_data.Chart, number: int, lang: str) -> str:
    svg = inline_svg(chart_data.render_svg(chart, lang), f"c{number}-", chart.title)
    names = chart_data.category_names(evaluation, chart)
    legend = "".join(f"<dt>{esc(key)}</dt><dd>{esc(name)}</dd>" for key, name in names.items())
    if not legend:  # one IKU's chart: its title is drawn in it; the caption is for screen readers
        return (
            f'<figure class="chart" data-chart="{esc(chart.key)}">{svg}'
            f'<figcaption class="sr">{esc(chart.title)}</figcaption></figure>'
        )
    return (
        f'<figure class="chart overview" data-chart="{esc(chart.key)}">{svg}'
        f'<figcaption><span class="t">{esc(chart.title)}</span><dl>{legend}</dl></figcaption></figure>'
    )


# scale


def _scale(evaluation: Evaluation, lang: str) -> str:
    ws = evaluation.workspace
    if not ws.has_predikat:
        return ""
    scale = ws.scale
    rows = "".join(
        f'<tr><td>{_badge(b, lang)}</td><td class="n">{esc(b.describe())}</td>'
        f"<td>{esc(b.interpretation(lang))}</td></tr>"
        for b in scale.bands
    )
    if scale.partial:
        rows += (
            f'<tr><td><span class="st">{esc(label("out_of_scale", lang))}</span></td><td></td>'
            f"<td>{esc(label('other_capaian', lang))}</td></tr>"
        )
    return "\n".join(
        [
            '<section class="scale" aria-labelledby="h-scale">',
            f'<h2 id="h-scale">{esc(_t("scale", lang))}</h2>',
            f'<table class="scale"><caption>{esc(scale.name or scale.id)}</caption>',
            f'<thead><tr><th scope="col">{esc(label("predikat", lang))}</th>'
            f'<th scope="col" class="n">{esc(_t("range", lang))}</th>'
            f'<th scope="col">{esc(_t("interpretation", lang))}</th></tr></thead>',
            f"<tbody>{rows}</tbody></table>",
            "</section>",
        ]
    )
