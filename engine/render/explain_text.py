"""`lkip explain` as text: sections of a rich Group, numbers in the user's locale."""
from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .. import numbers
from .jsonout import computation, explain_document
from .labels import label


def _num(value: Any, lang: str, unit: str | None = None) -> str:
    if value is None:
        return "–"
    if isinstance(value, (int, float)):
        return numbers.quantity(value, unit, lang) if unit else numbers.number(value, lang, digits=4)
    return str(value)


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def render_explain(trail: dict[str, Any], lang: str = "id") -> Group:
    data = explain_document(trail, lang)  # words rendered in the language, values plain
    unit = data["unit"]
    parts: list[Any] = []
    title = Text(f"{data['id']} ", style="bold cyan")
    title.append(f"{label(data['kind'], lang)} — {data['name']}", style="bold")
    parts.append(title)
    if data["indicator"] and data["indicator"] != data["name"]:
        parts.append(Text(f"{label('indicator', lang)}: {data['indicator']}"))
    parts.append(Text(f"spec {data['spec']}" + (f"; data {data['data']}" if data["data"] else ""), style="dim"))
    parts.append(Text(f"{label('status', lang)}: {label(data['status'], lang)}"
                      + (f" ({data['reason']})" if data["reason"] else "")))

    real = data["realisasi"]
    parts.append(_heading(label("realisasi", lang)))
    if real.get("formula"):
        parts.append(Text(f"formula: {real['formula']}" + (f"   [{real['formula_source']}]"
                                                            if real.get("formula_source") else "")))
    if real.get("inputs"):
        parts.append(_inputs_table(real, lang))
        parts.append(Text(f"= {real['substituted']}"))
        for step in real.get("steps", []):
            if not isinstance(step["value"], (dict, list)):
                parts.append(Text(f"  {step['text']} = {_num(step['value'], lang)}"))
    if real.get("quarters"):
        quarters = ", ".join(f"TW {q}: {_num(v, lang)}" for q, v in real["quarters"].items())
        parts.append(Text(f"triwulan ({real['cumulation']}): {quarters}"))
    if real["value"] is None and data.get("rollup", {}).get("into") == "capaian":
        parts.append(Text("no realisasi of its own: its capaian is rolled up" if lang == "en" else
                          "tanpa realisasi sendiri: capaian dihitung dari turunannya", style="dim"))
    else:
        parts.append(Text(f"{label('realisasi', lang)} = {_num(real['value'], lang, unit)}"
                          + (f"   ({real['from']})" if real["from"] else ""), style="bold"))

    if "rollup" in data:
        rollup = data["rollup"]
        parts.append(_heading(f"roll-up: {rollup['method']} of {rollup['of']} → {rollup['into']}"))
        table = Table(box=None, header_style="bold", pad_edge=False)
        for col in ("id", "name", "capaian", "weight", "status"):
            table.add_column(label(col, lang) if col != "weight" else "bobot" if lang == "id" else "weight",
                             justify="right" if col in ("capaian", "weight") else "left",
                             overflow="ellipsis", no_wrap=col != "name")
        _rollup_rows(table, rollup, lang, 0)
        parts.append(table)

    target, cap = data["target"], data["capaian"]
    parts.append(_heading(f"{label('target', lang)} & {label('capaian', lang)}"))
    parts.append(Text(f"{label('target', lang)} {target['year']}: {_num(target['value'], lang, unit)}"
                      + (f"   [{target['source']}]" if target["source"] else "")))
    parts.append(Text(f"direction: {data['direction']}; rule: {cap['rule'] or '–'}"))
    if cap["computation"]:
        parts.append(Text("  " + _computation(data, lang)))
    parts.append(Text(f"{label('capaian', lang)} = {numbers.percent(cap['value'], lang)}", style="bold"))
    if data["predikat"]:
        p = data["predikat"]
        parts.append(Text(f"{label('predikat', lang)}: {p['code']} {p['label']} ({p['range']}, scale {p['scale']})"))

    budget = data["budget"]
    if budget["pagu"] is not None:
        parts.append(_heading(label("pagu", lang) + " & " + label("serapan", lang)))
        parts.append(Text(f"{label('pagu', lang)} {numbers.money(budget['pagu'], lang)}, "
                          f"{label('realisasi_anggaran', lang)} {numbers.money(budget['realisasi_anggaran'], lang)}, "
                          f"{label('serapan', lang)} {numbers.percent(budget['serapan'], lang)}, "
                          f"{label('efisiensi', lang)} {numbers.number(budget['efisiensi'], lang, trim=False)}"))
        for child in budget["children"]:
            parts.append(Text(f"  {child['id']}: {numbers.money(child['pagu'], lang)} / "
                              f"{numbers.money(child['realisasi_anggaran'], lang)}"))

    comp = data["comparisons"]
    lines = []
    if comp["prev"]["realisasi"] is not None:
        lines.append(f"{comp['prev']['year']}: {_num(comp['prev']['realisasi'], lang, unit)} "
                     f"(Δ {numbers.number(comp['prev']['change'], lang, trim=False)})")
    if comp["renstra"]["target"] is not None:
        lines.append(f"renstra {comp['renstra']['year']}: {_num(comp['renstra']['target'], lang, unit)} "
                     f"({numbers.percent(comp['renstra']['vs_renstra'], lang)})")
    if comp["national"]["value"] is not None:
        lines.append(f"nasional: {_num(comp['national']['value'], lang, unit)} "
                     f"(Δ {numbers.number(comp['national']['difference'], lang, trim=False)})")
    if lines:
        parts.append(_heading("compare" if lang == "en" else "perbandingan"))
        parts.extend(Text("  " + line) for line in lines)

    if data["parents"]:
        chain = " → ".join(f"{p['id']} ({numbers.percent(p['capaian'], lang)})" for p in data["parents"])
        parts.append(_heading("parents" if lang == "en" else "induk"))
        parts.append(Text("  " + chain))
    if data["reported"]:
        parts.append(_heading("printed in the report" if lang == "en" else "tercetak di laporan"))
        for rep in data["reported"]:
            fields = ", ".join(f"{k} {_printed(k, v, lang)}" for k, v in rep.items()
                               if k not in ("source", "at", "note"))
            parts.append(Text(f"  {rep['source']}: {fields}", overflow="fold"))
    if data.get("note"):
        parts.append(_heading("note"))
        parts.append(Text("  " + data["note"], overflow="fold"))
    return Group(*parts)


def _rollup_rows(table: Table, rollup: dict[str, Any], lang: str, depth: int) -> None:
    for m in rollup["members"]:
        table.add_row("   " * depth + m["id"], m["name"], numbers.percent(m["capaian"], lang),
                      numbers.number(m["weight"], lang), label(m["status"], lang) + ("" if m["included"] else " (–)"))
        if "rollup" in m:
            inner = m["rollup"]
            table.add_row("", Text(f"{'   ' * depth}↳ {inner['method']} of {inner['of']}", style="dim"), "", "", "")
            _rollup_rows(table, inner, lang, depth + 1)


def _printed(key: str, value: Any, lang: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if key in ("pagu", "realisasi_anggaran"):
        return numbers.money(value, lang)
    return numbers.number(value, lang, digits=2)


def _computation(data: dict[str, Any], lang: str) -> str:
    return computation(data, lambda v: numbers.number(v, lang, digits=4),
                       lambda v: numbers.number(v, lang, digits=4)) or ""


def _inputs_table(real: dict[str, Any], lang: str) -> Table:
    """Inputs side by side; series keyed alike share rows (e.g. the 11 commodities of IKU1)."""
    inputs = real["inputs"]
    series = [i for i in inputs if isinstance(i["value"], dict)]
    table = Table(box=None, header_style="bold", pad_edge=False)
    if series:
        keys = list(series[0]["value"])
        steps = [s for s in real.get("steps", []) if isinstance(s["value"], dict) and list(s["value"]) == keys]
        table.add_column("")
        for i in series:
            table.add_column(i["name"], justify="right")
        for s in steps:
            table.add_column(s["text"], justify="right")
        for key in keys:
            table.add_row(key, *[numbers.number(i["value"].get(key), lang) for i in series],
                          *[numbers.number(s["value"][key], lang) for s in steps])
        others = [i for i in inputs if not isinstance(i["value"], dict)]
    else:
        others = inputs
    if others:
        table2 = Table(box=None, header_style="bold", pad_edge=False)
        table2.add_column("input")
        table2.add_column("value", justify="right")
        table2.add_column("source", style="dim")
        for i in others:
            value = i["value"]
            shown = numbers.number(value, lang) if isinstance(value, (int, float)) else \
                "; ".join(numbers.number(v, lang) for v in value)
            table2.add_row(i["name"], shown, i["source"])
        if not series:
            return table2
        return Group(table, table2)  # type: ignore[return-value]
    return table
