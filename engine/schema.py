"""JSON Schema validation of loaded YAML documents, with errors mapped back to file:line:col."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, closest, did_you_mean
from .messages import Message
from .number_hints import decimal_comma, number_hint
from .yamlsrc import Document

if TYPE_CHECKING:  # jsonschema is imported when a file is first checked: a run served by the cache never needs it
    import jsonschema
    from jsonschema.exceptions import ValidationError

INPUT_SCHEMAS = ("specs", "organisation", "scales", "data")  # the workspace's YAML files
# the JSON documents lkip writes (render/jsonout.py)
OUTPUT_SCHEMAS = ("eval", "check", "validate", "explain", "offices", "validate-offices")
SCHEMA_NAMES = INPUT_SCHEMAS + OUTPUT_SCHEMAS


def _file(name: str) -> str:
    return resources.files("lkip.schema").joinpath(f"{name}.schema.json").read_text(encoding="utf-8")


def schema_text(name: str) -> str:
    """The schema as lkip prints it: a schema of many offices' documents carries the one-office schema it
    refers to in its $defs (an empty `"$defs": {"eval": {}}` in the file is filled), so it stands alone."""
    text = _file(name)
    composed = json.loads(text)
    placeholders = [key for key, value in composed.get("$defs", {}).items() if value == {}]
    if not placeholders:
        return text
    for key in placeholders:
        composed["$defs"][key] = json.loads(_file(key))
    return json.dumps(composed, indent=2, ensure_ascii=False) + "\n"


@cache
def schema(name: str) -> dict:
    return json.loads(schema_text(name))


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(schema(name))


def validate(doc: Document, name: str) -> list[Diagnostic]:
    """All schema problems of one document, one diagnostic per offending place."""
    return check(doc, name).diagnostics


@dataclass
class Checked:
    """The schema problems of one document, and where they are: a loader leaves out only the parts they are in."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    paths: list[tuple] = field(default_factory=list)  # JSON path of each offending value (a bad key: its mapping + key)

    def bad_parts(self, *prefix: str | int) -> set:
        """The keys (or indexes) right under `prefix` that hold a problem: nodes[i] of a spec, a record of data."""
        depth = len(prefix)
        return {p[depth] for p in self.paths if len(p) > depth and p[:depth] == prefix}


def check(doc: Document, name: str) -> Checked:
    """Every schema problem of one document (one diagnostic per offending place) with the paths they are at."""
    result = Checked()
    seen: set[tuple] = set()
    errors = [leaf for error in _validator(name).iter_errors(doc.data) for leaf in _leaves(error)]
    misspelt = _misspelt_required(errors)
    slips = _comma_slips(doc.data)
    for leaf in errors:
        for place, extra in _places(leaf):
            result.paths.append(place)
            if leaf.validator == "required" and (tuple(leaf.absolute_path), _missing(leaf)) in misspelt:
                continue  # one mistake, one message: the unknown key's hint names the required key
            slip = slips.get(place)
            diagnostic = _comma_diagnostic(slip, doc) if slip else _diagnostic(leaf, doc, extra)
            node_id = _node_of(doc.data, name, place)
            if node_id is not None:
                diagnostic = dataclasses.replace(diagnostic, node_id=node_id)
            key = (diagnostic.line, diagnostic.col, diagnostic.code)
            if key not in seen:
                seen.add(key)
                result.diagnostics.append(diagnostic)
    return result


def _node_of(data: Any, name: str, place: tuple) -> str | None:
    """The id of the node a problem is in: nodes[i] of a spec file, the record's key in a data file."""
    if name == "specs" and len(place) >= 2 and place[0] == "nodes" and isinstance(data.get("nodes"), list):
        items = data["nodes"]
        item = items[place[1]] if isinstance(place[1], int) and place[1] < len(items) else None
        return item["id"] if isinstance(item, dict) and isinstance(item.get("id"), str) else None
    if name == "data" and place and place[0] not in ("organisation", "checks"):
        return str(place[0])
    return None


def _places(error: ValidationError) -> list[tuple[tuple, str | None]]:
    """Where an error is: the offending value's path, or for a bad or unknown key the mapping's path and the key
    (one place per unknown key), each with the unknown key or None."""
    path = tuple(error.absolute_path)
    if "propertyNames" in error.relative_schema_path and isinstance(error.instance, str):
        return [(path + (error.instance,), None)]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = _properties(error)
        extras = [k for k in error.instance if k not in allowed]
        if extras:
            return [(path + (key,), key) for key in extras]
    return [(path, None)]


def _missing(error: ValidationError) -> str | None:
    named = re.fullmatch(r"'(.+)' is a required property", error.message)  # one error per missing key
    if named:
        return named.group(1)
    for key in error.validator_value if isinstance(error.validator_value, list) else []:
        if isinstance(error.instance, dict) and key not in error.instance:
            return key
    return None


def _misspelt_required(errors: list[ValidationError]) -> set[tuple]:
    """(path, required key) pairs for which an unknown key at the same place looks like a misspelling."""
    pairs = set()
    for error in errors:
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(_properties(error))
            for key in error.instance:
                if key not in allowed:
                    match = closest(key, allowed)
                    if match:
                        pairs.add((tuple(error.absolute_path), match))
    return pairs


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    if error.validator in ("anyOf", "oneOf") and error.context:
        # the branches whose type fits the value (a mapping target: the mapping form); with one such branch,
        # every problem in it, else the best guess among all
        fitting: dict[Any, list[ValidationError]] = {}
        for e in error.context:
            fitting.setdefault(e.schema_path[0] if e.schema_path else None, []).append(e)
        fitting = {k: v for k, v in fitting.items() if not any(e.validator == "type" and not e.path for e in v)}
        if len(fitting) == 1:
            for e in next(iter(fitting.values())):
                yield from _leaves(e)
        else:
            from jsonschema.exceptions import best_match

            yield best_match(error.context)
    elif error.validator == "$ref" and error.context:  # pragma: no cover - jsonschema descends refs itself
        for e in error.context:
            yield from _leaves(e)
    else:
        yield error


def _properties(error: ValidationError) -> dict[str, Any]:
    """The `properties` of the schema an error is about ({} when it has none)."""
    return error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}


def _json_path(path: Iterable[str | int]) -> str:
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _diagnostic(error: ValidationError, doc: Document, extra: str | None = None) -> Diagnostic:
    path = tuple(error.absolute_path)
    where = _json_path(path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(_properties(error))
        key = extra or next((k for k in error.instance if k not in allowed), "?")
        line, col = doc.where(path + (key,), key=True)
        hint: str | Message | None = did_you_mean(key, allowed) or (
            Message("allowed keys: {keys}", "kunci yang boleh: {keys}", keys=allowed) if allowed else None
        )
        if error.instance.get(key, "") is None and key not in allowed and not did_you_mean(key, allowed):
            hint = Message(
                "inside { } a comma starts a new key: quote text that has commas, and write decimals "
                "with '.' (88.5, not 88,5)",
                "di dalam { } koma memulai kunci baru: beri tanda kutip pada teks yang berkoma, dan tulis "
                "desimal dengan '.' (88.5, bukan 88,5)",
            )
        return Diagnostic(
            code="LK102",
            message=Message(
                "unknown key '{key}' at {where}", "kunci '{key}' tidak dikenal di {where}", key=key, where=where
            ),
            path=doc.path,
            line=line,
            col=col,
            hint=hint,
        )
    if error.validator == "required":
        line, col = doc.where(path)
        missing = _missing(error) or "?"
        return Diagnostic(
            code="LK103",
            message=Message(
                "required key '{key}' is missing at {where}",
                "kunci wajib '{key}' tidak ada di {where}",
                key=missing,
                where=where,
            ),
            path=doc.path,
            line=line,
            col=col,
            hint=Message("add '{key}:'", "tambahkan '{key}:'", key=missing),
        )
    if error.validator == "propertyNames" or "propertyNames" in error.relative_schema_path:
        bad = error.instance
        line, col = doc.where(path + (bad,), key=True) if isinstance(bad, str) else doc.where(path)
        return Diagnostic(
            code="LK101",
            message=Message(
                "key '{key}' at {where} is not allowed here",
                "kunci '{key}' di {where} tidak diperbolehkan di sini",
                key=str(bad),
                where=where,
            ),
            path=doc.path,
            line=line,
            col=col,
            hint=_property_names_hint(error),
        )
    line, col = doc.where(path)
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return Diagnostic(
            code="LK104",
            message=Message(
                "{where} is {value}, expected {expected}",
                "{where} berisi {value}, seharusnya {expected}",
                where=where,
                value=_describe(error.instance),
                expected=_type_words(error.validator_value),
            ),
            path=doc.path,
            line=line,
            col=col,
            hint=_type_hint(error.instance, str(expected)),
        )
    if error.validator == "enum":
        options = [str(v) for v in error.validator_value] if isinstance(error.validator_value, list) else []
        return Diagnostic(
            code="LK101",
            message=Message(
                "{where} is '{value}'; allowed: {options}",
                "{where} bernilai '{value}'; yang boleh: {options}",
                where=where,
                value=str(error.instance),
                options=options,
            ),
            path=doc.path,
            line=line,
            col=col,
            hint=_enum_hint(error.instance, options),
        )
    return Diagnostic(code="LK101", message=_other(error, where), path=doc.path, line=line, col=col)


def _other(error: ValidationError, where: str) -> Message:
    """The message of the remaining schema rules, in both languages (jsonschema's own text is English)."""
    limit = error.validator_value
    if error.validator == "minLength":
        return Message("{where} is empty", "{where} kosong", where=where)
    if error.validator == "minItems":
        return Message(
            "{where} needs at least {n} item(s)", "{where} memerlukan paling sedikit {n} butir", where=where, n=limit
        )
    if error.validator in ("minimum", "exclusiveMinimum"):
        return Message(
            "{where} is {value}, below the allowed minimum {limit}",
            "{where} bernilai {value}, di bawah batas bawah {limit}",
            where=where,
            value=_number(error.instance),
            limit=limit,
        )
    if error.validator in ("maximum", "exclusiveMaximum"):
        return Message(
            "{where} is {value}, above the allowed maximum {limit}",
            "{where} bernilai {value}, di atas batas atas {limit}",
            where=where,
            value=_number(error.instance),
            limit=limit,
        )
    if error.validator == "pattern":
        return Message(
            "{where}: '{value}' does not have the required form {pattern}",
            "{where}: '{value}' tidak sesuai bentuk yang diminta {pattern}",
            where=where,
            value=str(error.instance),
            pattern=_shown(str(limit)),
        )
    return Message("{where}: {what}", "{where}: {what}", where=where, what=error.message)


_TYPE_WORDS = {
    "number": ("number", "bilangan"),
    "integer": ("whole number", "bilangan bulat"),
    "string": ("text", "teks"),
    "object": ("mapping", "pemetaan"),
    "array": ("list", "daftar"),
    "boolean": ("true or false", "true atau false"),
    "null": ("empty", "kosong"),
}


def _shown(pattern: str) -> str:
    return pattern.replace("$(?!\\n)", "$")  # the guard against a trailing newline is noise to a reader


def _type_words(expected: Any) -> Message:
    names = expected if isinstance(expected, list) else [expected]
    en = " or ".join(_TYPE_WORDS.get(n, (n, n))[0] for n in names)
    id_ = " atau ".join(_TYPE_WORDS.get(n, (n, n))[1] for n in names)
    return Message(en, id_)


def _number(value: Any) -> Any:
    """A number as a Message parameter; one that is not finite (YAML's 1e400) as its text, which no locale formats."""
    return value if not isinstance(value, float) or math.isfinite(value) else str(value)


def _describe(value: Any) -> Message:
    if value is None:
        return Message("empty", "kosong")
    if isinstance(value, bool):
        return Message("the boolean {v}", "boolean {v}", v=value)
    if isinstance(value, str):
        return Message("the text '{v}'", "teks '{v}'", v=value)
    if isinstance(value, (int, float)):
        return Message("the number {v}", "bilangan {v}", v=_number(value))
    if isinstance(value, list):
        return Message("a list", "sebuah daftar")
    return Message("a mapping", "sebuah pemetaan")


def _type_hint(value: Any, expected: str) -> str | Message | None:
    if "number" in expected and isinstance(value, str):
        return number_hint(value) or Message(
            "write a plain number with '.' for decimals and no thousands separators, e.g. 105.48",
            "tulis bilangan biasa dengan '.' untuk desimal dan tanpa pemisah ribuan, mis. 105.48",
        )
    if "string" in expected and not isinstance(value, str):
        return Message("quote the value to make it text", "beri tanda kutip agar nilainya menjadi teks")
    return None


def _property_names_hint(error: ValidationError) -> Message | None:
    pattern = error.schema.get("propertyNames", {}).get("pattern") if isinstance(error.schema, dict) else None
    sub = error.validator_value
    if isinstance(sub, dict) and "pattern" in sub:
        pattern = sub["pattern"]
    if error.validator == "pattern" and isinstance(sub, str):
        pattern = sub
    if pattern and pattern.startswith("^(19|20|21)"):
        return Message("years are written as four digits, e.g. 2024", "tahun ditulis dengan empat angka, mis. 2024")
    if pattern:
        return Message("a key must match {pattern}", "kunci harus cocok dengan {pattern}", pattern=_shown(pattern))
    return None


_YEAR = re.compile(r"(19|20|21)[0-9]{2}")


def _comma_slips(data: Any) -> dict[tuple, tuple[tuple, str, list[str]]]:
    """Numbers split by a comma inside { }: `{2024: 12,5}` is read as {2024: 12, 5: null}.

    Maps the place of every key the comma made (mapping path + key) to (mapping path, the key before it, the
    digits after each comma)."""
    found: dict[tuple, tuple[tuple, str, list[str]]] = {}

    def walk(value: Any, path: tuple) -> None:
        if isinstance(value, dict):
            items = list(value.items())
            for index, (key, item) in enumerate(items):
                if isinstance(item, int) and not isinstance(item, bool):
                    run = []
                    for after, rest in items[index + 1 :]:
                        if (
                            rest is not None
                            or not str(after).isdigit()
                            or _YEAR.fullmatch(str(key))
                            and _YEAR.fullmatch(str(after))
                        ):
                            break  # `{2024: 12, 2025: }` is a year without its value, not a split number
                        run.append(str(after))
                    for after in run:
                        found[path + (after,)] = (path, key, run)
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))

    walk(data, ())
    return found


def _comma_diagnostic(slip: tuple[tuple, str, list[str]], doc: Document) -> Diagnostic:
    mapping, key, run = slip
    number = doc.data
    for part in mapping + (key,):
        number = number[part]
    written = ",".join([str(number)] + run)
    line, col = doc.where(mapping + (key,))
    if len(run) == 1:
        hint = decimal_comma(written)
    else:
        hint = Message(
            "thousands separated by commas: write {plain}",
            "pemisah ribuan dengan koma: tulis {plain}",
            plain=written.replace(",", ""),
        )
    return Diagnostic(
        code="LK104",
        message=Message(
            "{where}: {written} is read as {number} followed by a new key (inside {{ }} a comma separates entries)",
            "{where}: {written} dibaca sebagai {number} lalu kunci baru (di dalam {{ }} koma memisahkan entri)",
            where=_json_path(mapping + (key,)),
            written=written,
            number=number,
        ),
        path=doc.path,
        line=line,
        col=col,
        hint=hint,
    )


_SYNONYMS = {  # words people write for an allowed value (Indonesian and common variants)
    "naik": "higher",
    "meningkat": "higher",
    "tinggi": "higher",
    "up": "higher",
    "increase": "higher",
    "turun": "lower",
    "menurun": "lower",
    "rendah": "lower",
    "down": "lower",
    "decrease": "lower",
}


def _enum_hint(value: Any, options: list[str]) -> Message | None:
    """'did you mean X?' for a misspelt or differently written value (kegiatn, Sub Kegiatan, higher-is-better)."""
    word = str(value)
    squashed = re.sub(r"[^a-z0-9]", "", word.lower())
    by_squash = {re.sub(r"[^a-z0-9]", "", o.lower()): o for o in options}
    match = by_squash.get(squashed) or _SYNONYMS.get(squashed) if squashed else None
    if match is None:
        words = re.split(r"[^a-z0-9]+", word.lower())
        starts = [o for o in options if words and words[0] == o.lower()]
        match = starts[0] if len(starts) == 1 else None
    if match is not None and match in options:
        return Message("did you mean '{id}'?", "maksud Anda '{id}'?", id=match)
    return did_you_mean(word, options)
