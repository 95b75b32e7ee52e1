"""JSON Schema validation of loaded YAML documents, with errors mapped back to file:line:col."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Iterator

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from .diagnostics import Diagnostic, closest, did_you_mean
from .yamlsrc import Document, number_hint

INPUT_SCHEMAS = ("specs", "organisation", "scales", "data")  # the workspace's YAML files
OUTPUT_SCHEMAS = ("eval", "check", "validate", "explain")  # the JSON documents lkip writes (render/jsonout.py)
SCHEMA_NAMES = INPUT_SCHEMAS + OUTPUT_SCHEMAS


def schema_text(name: str) -> str:
    return resources.files("lkip.schema").joinpath(f"{name}.schema.json").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    return json.loads(schema_text(name))


@lru_cache(maxsize=None)
def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(name))


def validate(doc: Document, name: str) -> list[Diagnostic]:
    """All schema problems of one document, one diagnostic per offending place."""
    found: list[Diagnostic] = []
    seen: set[tuple] = set()
    errors = [leaf for error in _validator(name).iter_errors(doc.data) for leaf in _leaves(error)]
    misspelt = _misspelt_required(errors)
    for leaf in errors:
        if leaf.validator == "required" and (tuple(leaf.absolute_path), _missing(leaf)) in misspelt:
            continue  # one mistake, one message: the unknown key's hint names the required key
        diagnostic = _diagnostic(leaf, doc)
        key = (diagnostic.line, diagnostic.col, diagnostic.code)
        if key not in seen:
            seen.add(key)
            found.append(diagnostic)
    return found


def _missing(error: ValidationError) -> str | None:
    for key in error.validator_value or []:
        if isinstance(error.instance, dict) and key not in error.instance:
            return key
    return None


def _misspelt_required(errors: list[ValidationError]) -> set[tuple]:
    """(path, required key) pairs for which an unknown key at the same place looks like a misspelling."""
    pairs = set()
    for error in errors:
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in allowed:
                    match = closest(key, allowed)
                    if match:
                        pairs.add((tuple(error.absolute_path), match))
    return pairs


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    if error.validator in ("anyOf", "oneOf") and error.context:
        yield best_match(error.context)
    elif error.validator == "$ref" and error.context:  # pragma: no cover - jsonschema descends refs itself
        yield from (_leaves(e) for e in error.context)
    else:
        yield error


def _json_path(path) -> str:
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _diagnostic(error: ValidationError, doc: Document) -> Diagnostic:
    path = tuple(error.absolute_path)
    where = _json_path(path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed]
        key = extras[0] if extras else "?"
        line, col = doc.where(path + (key,), key=True)
        hint = did_you_mean(key, allowed) or (f"allowed keys: {', '.join(allowed)}" if allowed else None)
        if error.instance.get(key, "") is None and key not in allowed and not did_you_mean(key, allowed):
            hint = ("inside { } a comma starts a new key: quote text that has commas, and write decimals "
                    "with '.' (88.5, not 88,5)")
        return Diagnostic(code="LK102", message=f"unknown key '{key}' at {where}", path=doc.path, line=line, col=col, hint=hint)
    if error.validator == "required":
        line, col = doc.where(path)
        return Diagnostic(code="LK103", message=f"{error.message} at {where}", path=doc.path, line=line, col=col,
                          hint="add the missing key")
    if error.validator == "propertyNames" or "propertyNames" in error.relative_schema_path:
        bad = error.instance
        line, col = doc.where(path + (bad,), key=True) if isinstance(bad, str) else doc.where(path)
        return Diagnostic(code="LK101", message=f"key {bad!r} at {where} is not allowed here", path=doc.path, line=line, col=col,
                          hint=_property_names_hint(error))
    line, col = doc.where(path)
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return Diagnostic(code="LK104", message=f"{where} is {_describe(error.instance)}, expected {expected}",
                          path=doc.path, line=line, col=col, hint=_type_hint(error.instance, expected))
    if error.validator == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        hint = did_you_mean(str(error.instance), [str(v) for v in error.validator_value])
        return Diagnostic(code="LK101", message=f"{where} is {error.instance!r}; allowed: {options}", path=doc.path, line=line, col=col, hint=hint)
    return Diagnostic(code="LK101", message=f"{where}: {error.message}", path=doc.path, line=line, col=col)


def _describe(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _type_hint(value, expected: str) -> str | None:
    if "number" in expected and isinstance(value, str):
        return number_hint(value) or "write a plain number with '.' for decimals and no thousands separators, e.g. 105.48"
    if "string" in expected and not isinstance(value, str):
        return "quote the value to make it text"
    return None


def _property_names_hint(error: ValidationError) -> str | None:
    pattern = error.schema.get("propertyNames", {}).get("pattern") if isinstance(error.schema, dict) else None
    sub = error.validator_value
    if isinstance(sub, dict) and "pattern" in sub:
        pattern = sub["pattern"]
    if error.validator == "pattern" and isinstance(sub, str):
        pattern = sub
    if pattern and pattern.startswith("^(19|20|21)"):
        return "years are written as four digits, e.g. 2024"
    if pattern:
        shown = pattern.replace("$(?!\\n)", "$")  # the guard against a trailing newline is noise to a reader
        return f"a key must match {shown}"
    return None
