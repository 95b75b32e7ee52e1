"""`lkip explain` as text: one section per question a reader asks, numbers in the user's locale.

Renders the document of jsonout.explain_document (words already in the language); every string from the
workspace goes into a rich Text, never through markup."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..model import shown_predikat
from . import numbers, safe
from .jsonout import computation, explain_document
from .labels import label


def _num(value: Any, lang: str, unit: str | None = None) -> str:
    if value is None:
        return "–"
    if isinstance(value, (int, float)):
        return numbers.quantity(value, unit, lang) if unit else numbers.number(value, lang, digits=4)
    return str(value)


def _heading(text: str) -> Text:
    return Text("\n").append(safe.text(text, style="bold underline"))


def render_explain(trail: dict[str, Any], lang: str = "id") -> Group:
    data = explain_document(trail, lang)  # words rendered in the language, values plain
    parts: list[RenderableType] = []
    sections = (
        _identity,
        _realisasi,
        _rollup,
        _capaian,
        _budget,
        _comparisons,
        _parents,
        _printed_values,
        _findings,
        _note,
    )
    for section in sections:
        parts.extend(section(data, lang))
    return Group(*parts)


def _identity(data: dict[str, Any], lang: str) -> list[RenderableType]:
    title = safe.text(f"{data['id']} ", style="bold cyan")
    safe.append(title, f"{label(data['kind'], lang)} — {data['name']}", style="bold")
    parts: list[RenderableType] = [title]
    if data["indicator"] and data["indicator"] != data["name"]:
        parts.append(safe.text(f"{label('indicator', lang)}: {data['indicator']}"))
    where = f"{label('spec', lang)} {data['spec']}" + (
        f"; {label('data', lang)} {data['data']}" if data["data"] else ""
    )
    parts.append(safe.text(where, style="dim"))
    if data.get("period"):
        parts.append(safe.text(f"{label('period', lang).capitalize()}: {data['period']['label']}", style="bold"))
    if data.get("as_of"):
        parts.append(safe.text(label("as_of", lang, date=data["as_of"]).capitalize(), style="bold"))
    parts.append(
        safe.text(
            f"{label('status', lang)}: {label(data['status'], lang)}"
            + (f" ({data['reason']})" if data["reason"] else "")
        )
    )
    return parts


def _realisasi(data: dict[str, Any], lang: str) -> list[RenderableType]:
    real = data["realisasi"]
    parts: list[RenderableType] = [_heading(label("realisasi", lang))]
    if real.get("formula"):
        parts.append(
            safe.text(
                f"{label('formula', lang)}: {real['formula']}"
                + (f"   [{real['formula_source']}]" if real.get("formula_source") else "")
            )
        )
    if real.get("inputs"):
        parts.append(_inputs_table(real, lang))
        parts.append(safe.text(f"= {real['substituted']}"))
        for step in real.get("steps", []):
            if not isinstance(step["value"], (dict, list)):
                parts.append(safe.text(f"  {step['text']} = {_num(step['value'], lang)}"))
    if real.get("quarters"):
        quarters = ", ".join(f"TW {q}: {_num(v, lang)}" for q, v in real["quarters"].items())
        parts.append(safe.text(f"triwulan ({label(real['cumulation'], lang)}): {quarters}"))
    elif real.get("periods"):
        shown = ", ".join(f"{code}: {_num(v, lang)}" for code, v in real["periods"].items())
        parts.append(safe.text(f"{label('periods', lang)} ({label(real['cumulation'], lang)}): {shown}"))
    if real.get("partial"):
        parts.append(safe.text(label("partial_note", lang, upto=real["partial"]), style="yellow"))
    if real["value"] is None and data.get("rollup", {}).get("into") == "capaian":
        parts.append(safe.text(label("rolled_up_only", lang), style="dim"))
    else:
        source = f"   ({label('from_' + real['from'], lang)})" if real["from"] else ""
        parts.append(
            safe.text(f"{label('realisasi', lang)} = {_num(real['value'], lang, data['unit'])}{source}", style="bold")
        )
    return parts


def _rollup_rule(rollup: dict[str, Any], lang: str) -> str:
    """'rata-rata kegiatan' / 'mean of kegiatan'; the children are 'turunannya' / 'children'."""
    of = label("children", lang) if rollup["of"] == "children" else rollup["of"]
    return label("of", lang, method=label(rollup["method"], lang), of=of)


def _rollup(data: dict[str, Any], lang: str) -> list[RenderableType]:
    if "rollup" not in data:
        return []
    rollup = data["rollup"]
    table = Table(box=None, header_style="bold", pad_edge=False)
    for col in ("id", "name", "capaian", "weight", "status"):
        table.add_column(
            label(col, lang),
            justify="right" if col in ("capaian", "weight") else "left",
            overflow="ellipsis",
            no_wrap=col != "name",
        )
    _rollup_rows(table, rollup, lang, 0)
    return [_heading(f"roll-up: {_rollup_rule(rollup, lang)} → {rollup['into']}"), table]


def _rollup_rows(table: Table, rollup: dict[str, Any], lang: str, depth: int) -> None:
    for m in rollup["members"]:
        table.add_row(
            safe.text("   " * depth + m["id"]),
            safe.text(m["name"]),
            _member_capaian(m, lang),
            numbers.number(m["weight"], lang),
            label(m["status"], lang) + ("" if m["included"] else " (–)"),
        )
        if "rollup" in m:
            inner = m["rollup"]
            table.add_row("", safe.text(f"{'   ' * depth}↳ {_rollup_rule(inner, lang)}", style="dim"), "", "", "")
            _rollup_rows(table, inner, lang, depth + 1)


def _member_capaian(member: dict[str, Any], lang: str) -> str:
    """A member's capaian, and what the roll-up took of it under its policy ('666,67 % → 120,00 %')."""
    shown = numbers.percent(member["capaian"], lang)
    used = member["used"]
    if used is not None and member["capaian"] is not None and used != member["capaian"]:
        shown += f" → {numbers.percent(used, lang)}"
    return shown


def _capaian(data: dict[str, Any], lang: str) -> list[RenderableType]:
    target, cap, unit = data["target"], data["capaian"], data["unit"]
    parts: list[RenderableType] = [_heading(f"{label('target', lang)} & {label('capaian', lang)}")]
    to_date = data["period"] is not None and (target.get("annual") is not None or target.get("why_none"))
    if to_date:
        where = target.get("declared_at")
        why = target.get("basis_text") or target.get("why_none")
        parts.append(
            safe.text(
                f"{label('target', lang)} {target['year']} {data['period']['label']}: "
                + (target["shown"] if target.get("shown") else _num(target["value"], lang, unit))
                + (f" ({why})" if why else "")
                + (f"   [{where}]" if where else "")
            )
        )
    annual = target.get("annual")
    shown_annual = _num(annual, lang, unit) if not isinstance(annual, dict) else (target.get("annual_shown") or "")
    parts.append(
        safe.text(
            (
                f"{label('annual_target', lang).capitalize()} {target['year']}: "
                if to_date
                else f"{label('target', lang)} {target['year']}: "
            )
            + (
                shown_annual
                if to_date
                else (target["shown"] if target.get("shown") else _num(target["value"], lang, unit))
            )
            + (f" ({label('target_inferred', lang)})" if target.get("inferred") else "")
            + (f"   {label('printed_at', lang)} {target['printed']}" if target.get("printed") else "")
            + (f"   [{target['source']}]" if target["source"] else "")
        )
    )
    if not to_date and target.get("why_none"):
        parts.append(safe.text(f"  {target['why_none']}", style="dim"))
    parts.extend(_history(target, unit, lang))
    direction = label(data["direction"], lang) if data["direction"] else "–"
    parts.append(safe.text(f"{label('direction', lang)}: {direction}; {label('rule', lang)}: {cap['rule'] or '–'}"))
    if cap["computation"]:
        parts.append(
            safe.text(
                "  "
                + (
                    computation(
                        data, lambda v: numbers.number(v, lang, digits=4), lambda v: numbers.number(v, lang, digits=4)
                    )
                    or ""
                )
            )
        )
    parts.append(safe.text(f"{label('capaian', lang)} = {numbers.percent(cap['value'], lang)}", style="bold"))
    parts.extend(_policy(cap, lang))
    if data["predikat"]:
        p = data["predikat"]
        parts.append(
            safe.text(
                f"{label('predikat', lang)}: {shown_predikat(p['code'], p['label'])} "
                f"({p['range']}, {label('scale', lang)} {p['scale']})"
            )
        )
    elif cap["out_of_scale"]:
        parts.append(safe.text(f"{label('predikat', lang)}: {label('out_of_scale', lang)}"))
    return parts


def _history(target: dict[str, Any], unit: str | None, lang: str) -> list[RenderableType]:
    """The target's versions (PK, PK perubahan): date, value, document and reason, the capaian against each."""
    if not target.get("revisions"):
        return []
    parts: list[RenderableType] = [safe.text(f"{label('history', lang)}:")]
    for r in target["revisions"]:
        about = " — ".join(part for part in (r.get("document"), r.get("reason")) if part)
        line = f"  {r['date']}: {_num(r['value'], lang, unit)}"
        if about:
            line += f"  {about}"
        against = []
        if r.get("target") is not None and r["target"] != r["value"]:
            against.append(f"{label('target', lang)} {_num(r['target'], lang, unit)}")
        if r.get("capaian") is not None:
            against.append(f"{label('capaian_against', lang)} {numbers.percent(r['capaian'], lang)}")
        if against:
            line += f"  → {', '.join(against)}"
        if r.get("in_force"):
            line += f"  [{label('in_force', lang)}]"
        elif r.get("not_yet"):
            line += f"  [{label('not_yet', lang)}]"
        parts.append(safe.text(line, style="bold" if r.get("in_force") else ""))
    return parts


def _policy(cap: dict[str, Any], lang: str) -> list[RenderableType]:
    """The declared cap and floor, and what they did to this capaian ('666,67 % dibatasi menjadi 120,00 % ...')."""
    rules = []
    if cap["cap"] is not None:
        counts = label("cap_rollup", lang) if cap["cap_rollup"] else label("cap_display", lang)
        rules.append(f"{label('cap', lang)} {numbers.percent(cap['cap'], lang)} ({counts})")
    if cap["floor"] is not None:
        rules.append(f"{label('floor', lang)} {numbers.percent(cap['floor'], lang)} ({label('floor_rollup', lang)})")
    if not rules and not cap["policy"]:
        return []
    parts: list[RenderableType] = []
    if rules:
        parts.append(safe.text(f"{label('policy', lang)}: " + "; ".join(rules)))
    for note in cap["policy"]:
        parts.append(safe.text(f"  → {note}"))
    return parts


def _budget(data: dict[str, Any], lang: str) -> list[RenderableType]:
    budget = data["budget"]
    if budget["pagu"] is None:
        return []
    parts: list[RenderableType] = [_heading(label("pagu", lang) + " & " + label("serapan", lang))]
    parts.append(
        safe.text(
            f"{label('pagu', lang)} {numbers.money(budget['pagu'], lang)}, "
            f"{label('realisasi_anggaran', lang)} {numbers.money(budget['realisasi_anggaran'], lang)}, "
            f"{label('serapan', lang)} {numbers.percent(budget['serapan'], lang)}, "
            f"{label('efisiensi', lang)} {numbers.number(budget['efisiensi'], lang, trim=False)}"
        )
    )
    for child in budget["children"]:
        parts.append(
            safe.text(
                f"  {child['id']}: {numbers.money(child['pagu'], lang)} / "
                f"{numbers.money(child['realisasi_anggaran'], lang)}"
            )
        )
    for item in budget["derived"]:
        line = safe.text(f"  {label('derived', lang)}: {item['id']} {label(item['field'], lang)} ")
        safe.append(line, numbers.money(item["value"], lang) if item["field"] != "realisasi" else str(item["value"]))
        safe.append(line, f" = {item['rule']} [{item['from']}]")
        if item["missing_in"]:
            safe.append(line, f"; {label('not_printed_in', lang)} {item['missing_in']}")
        parts.append(line)
    return parts


def _findings(data: dict[str, Any], lang: str) -> list[RenderableType]:
    """What `lkip check` finds for this figure: the same difference and cause, in the language."""
    if not data["check"]:
        return []
    parts: list[RenderableType] = [_heading(label("check_findings", lang))]
    for f in data["check"]:
        line = safe.text(f"  [{label(f['severity'], lang)}] {label(f['field'], lang)}: ")
        if f["printed"] is not None:
            safe.append(line, f"{label('printed_value', lang)} {_printed(f['field'], f['printed'], lang)}, ")
        safe.append(line, f"{label('computed', lang)} {_printed(f['field'], f['computed'], lang)} — ")
        safe.append(line, f["cause_text"], style="yellow" if f["severity"] == "minor" else "red")
        if f["explanation"]:
            safe.append(line, f": {f['explanation']}")
        safe.append(line, f"  [{'; '.join(f['sources'])}]", style="dim")
        parts.append(line)
    return parts


def _comparisons(data: dict[str, Any], lang: str) -> list[RenderableType]:
    comp, unit = data["comparisons"], data["unit"]
    lines = []
    if comp["prev"]["realisasi"] is not None:
        lines.append(
            f"{comp['prev']['year']}: {_num(comp['prev']['realisasi'], lang, unit)} "
            f"(Δ {numbers.number(comp['prev']['change'], lang, trim=False)})"
        )
    renstra = comp["renstra"]
    if not renstra["declared"]:
        lines.append(f"renstra: {renstra['text']}")
    elif renstra["target"] is not None:
        lines.append(
            f"renstra {renstra['year']}"
            + (f" ({renstra['document']})" if renstra["document"] else "")
            + f": {_num(renstra['target'], lang, unit)}"
            + (f"; {renstra['text']}" if renstra["text"] else "")
        )
    if comp["national"]["value"] is not None:
        lines.append(
            f"{label('national', lang)}: {_num(comp['national']['value'], lang, unit)} "
            f"(Δ {numbers.number(comp['national']['difference'], lang, trim=False)})"
        )
    if not lines:
        return []
    return [_heading(label("compare", lang)), *(safe.text("  " + line) for line in lines)]


def _parents(data: dict[str, Any], lang: str) -> list[RenderableType]:
    if not data["parents"]:
        return []
    chain = " → ".join(f"{p['id']} ({numbers.percent(p['capaian'], lang)})" for p in data["parents"])
    return [_heading(label("parents", lang)), safe.text("  " + chain)]


def _printed_values(data: dict[str, Any], lang: str) -> list[RenderableType]:
    if not data["reported"]:
        return []
    parts: list[RenderableType] = [_heading(label("printed", lang))]
    for rep in data["reported"]:
        fields = ", ".join(f"{k} {_printed(k, v, lang)}" for k, v in rep.items() if k not in ("source", "at", "note"))
        parts.append(safe.text(f"  {rep['source']}: {fields}", overflow="fold"))
    return parts


def _note(data: dict[str, Any], lang: str) -> list[RenderableType]:
    if not data.get("note"):
        return []
    return [_heading(label("note", lang)), safe.text("  " + data["note"], keep="\n", overflow="fold")]


def _printed(key: str, value: Any, lang: str) -> str:
    if isinstance(value, list):
        return " / ".join(_printed(key, v, lang) for v in value)
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if key in ("pagu", "realisasi_anggaran"):
        return numbers.money(value, lang)
    return numbers.number(value, lang, digits=2)


def _inputs_table(real: dict[str, Any], lang: str) -> RenderableType:
    """Inputs side by side; series keyed alike share rows (e.g. the 11 commodities of IKU1)."""
    inputs = real["inputs"]
    series = [i for i in inputs if isinstance(i["value"], dict)]
    others = [i for i in inputs if not isinstance(i["value"], dict)]
    tables: list[RenderableType] = []
    if series:
        keys = list(series[0]["value"])
        steps = [s for s in real.get("steps", []) if isinstance(s["value"], dict) and list(s["value"]) == keys]
        table = Table(box=None, header_style="bold", pad_edge=False)
        table.add_column("")
        for i in series:
            table.add_column(safe.text(i["name"]), justify="right")
        for s in steps:
            table.add_column(safe.text(s["text"]), justify="right")
        for key in keys:
            table.add_row(
                safe.text(key),
                *[numbers.number(i["value"].get(key), lang) for i in series],
                *[numbers.number(s["value"][key], lang) for s in steps],
            )
        tables.append(table)
    if others:
        table = Table(box=None, header_style="bold", pad_edge=False)
        table.add_column(label("input", lang))
        table.add_column(label("value", lang), justify="right")
        table.add_column(label("source", lang), style="dim")
        for i in others:
            value = i["value"]
            shown = (
                numbers.number(value, lang)
                if isinstance(value, (int, float))
                else "; ".join(numbers.number(v, lang) for v in value)
            )
            table.add_row(safe.text(i["name"]), shown, safe.text(i["source"]))
        tables.append(table)
    return tables[0] if len(tables) == 1 else Group(*tables)
