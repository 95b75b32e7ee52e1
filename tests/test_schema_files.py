"""The JSON Schemas themselves: valid Draft 2020-12, closed objects, a description on every property."""

import json

import jsonschema
import pytest

from lkip.engine.schema import SCHEMA_NAMES, schema


def walk(node, path="$"):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}[{i}]")


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12(name):
    jsonschema.Draft202012Validator.check_schema(schema(name))


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_property_has_a_description(name):
    for path, node in walk(schema(name)):
        for prop, sub in node.get("properties", {}).items() if isinstance(node.get("properties"), dict) else []:
            assert "description" in sub, f"{name}: {path}.properties.{prop}"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_objects_are_closed(name):
    for path, node in walk(schema(name)):
        if node.get("type") == "object" and "properties" in node:
            assert node.get("additionalProperties") is False, f"{name}: {path}"


def test_repository_schema_folder_is_what_is_installed():
    from tests.conftest import ROOT

    for name in SCHEMA_NAMES:
        expected = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        for key, value in expected.get("$defs", {}).items():  # printed with the one-office schema inside
            if value == {}:
                expected["$defs"][key] = schema(key)
        assert expected == schema(name)
