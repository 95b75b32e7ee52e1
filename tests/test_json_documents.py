"""Every JSON document lkip writes (eval, check, validate, explain), taken from the real CLI, is strict JSON and
valid against its schema under schema/ (the contract other tools build on)."""

import json

import jsonschema
import pytest

from lkip.engine import api
from lkip.engine.explain import explain
from lkip.engine.render.jsonout import dumps, explain_document
from lkip.engine.schema import INPUT_SCHEMAS, OUTPUT_SCHEMAS, SCHEMA_NAMES, schema
from tests.conftest import SEED_DATA, SEED_SPECS


def _no_constant(name):
    raise AssertionError(f"not strict JSON: {name}")


def strict_json(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity (Python's json accepts them by default)."""
    return json.loads(text, parse_constant=_no_constant)


def problems(name: str, document) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema(name))
    return [f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}" for e in validator.iter_errors(document)]


def assert_valid(name: str, document) -> None:
    found = problems(name, document)
    assert not found, f"{name}: " + "; ".join(found[:10])


def document(run_cli, *args, cwd=None, exit_code=0):
    run = run_cli(*args, cwd=cwd)
    assert run.exit_code == exit_code, run
    return strict_json(run.stdout)


def test_output_schemas_are_known_to_lkip_schema(run_cli, tmp_path):
    assert set(OUTPUT_SCHEMAS) == {"eval", "check", "validate", "explain", "offices", "validate-offices"}
    assert SCHEMA_NAMES == INPUT_SCHEMAS + OUTPUT_SCHEMAS
    run = run_cli("schema", "explain")
    assert run.exit_code == 0 and strict_json(run.stdout) == schema("explain")
    assert run_cli("schema", "--output", tmp_path).exit_code == 0
    assert sorted(p.name for p in tmp_path.glob("*.schema.json")) == sorted(f"{n}.schema.json" for n in SCHEMA_NAMES)


def test_strict_json_refuses_nan_and_infinity():
    for text in ('{"a": NaN}', '{"a": Infinity}', "[-Infinity]"):
        with pytest.raises(AssertionError, match="not strict JSON"):
            strict_json(text)


@pytest.mark.parametrize(
    "args",
    [
        ("eval", "2024"),
        ("eval", "2024", "--compare", "prev,renstra,national"),
        ("eval", "2024", "--compare", "renstra"),
        ("eval", "2024", "--tw", "2"),
        ("eval", "2024", "--tw", "2", "--compare", "prev,renstra,national"),
        ("eval", "2024", "--only", "P07", "--depth", "1"),
        ("eval", "2024", "--lang", "en", "--compare", "prev,national"),
        ("eval", "2023", "--compare", "prev"),
    ],
    ids=lambda a: " ".join(a),
)
def test_eval_document(run_cli, args):
    doc = document(run_cli, *args, "--format", "json")
    assert_valid("eval", doc)
    assert doc["nodes"], "an empty tree proves nothing"
    if "--compare" in args:
        chosen = args[args.index("--compare") + 1].split(",")
        assert all(sorted(n["compare"]) == sorted(chosen) for n in doc["nodes"])
    else:
        assert all("compare" not in n for n in doc["nodes"])


def test_eval_document_shapes_that_the_schema_must_reject(run_cli):
    """The schema is not vacuous: a stray key, a text where a number belongs, an unknown status all fail."""
    doc = document(run_cli, "eval", "2024", "--format", "json", "--compare", "prev")
    node = doc["nodes"][0]
    for key, value in [
        ("extra", 1),
        ("capaian", "108,75"),
        ("status", "fine"),
        ("kind", "misi"),
        ("realisasi_from", "guess"),
    ]:
        broken = json.loads(json.dumps(doc))
        broken["nodes"][0] = {**node, key: value}
        assert problems("eval", broken), (key, value)
    broken = json.loads(json.dumps(doc))
    del broken["nodes"][0]["reason"]
    assert problems("eval", broken)
    broken = json.loads(json.dumps(doc))
    broken["nodes"][0]["compare"]["prev"]["year"] = "2023"
    assert problems("eval", broken)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_check_document(run_cli, lang):
    doc = document(run_cli, "check", "2024", "--format", "json", "--lang", lang, exit_code=1)  # 1: differences
    assert_valid("check", doc)
    differences = doc["differences"]
    assert differences and sum(doc["summary"].values()) == len(differences)
    assert any(isinstance(d["printed"], list) for d in differences)  # printed_disagree
    assert any(d["field"] == "predikat" for d in differences)
    assert any(d["node"] == "organisation" for d in differences)


def test_validate_document_on_the_seed(run_cli):
    doc = document(run_cli, "validate", "--format", "json")
    assert_valid("validate", doc)
    assert doc["ok"] is True and doc["problems"] == [] and doc["nodes"] == 105


def broken_seed(seed_copy):
    """The seed with an unknown parent (error), an unused input (warning), an empty data file and a division by
    zero in a formula's data."""
    spec = seed_copy / "specs" / "program-12.yaml"
    text = spec.read_text(encoding="utf-8").replace("parent: IKU1", "parent: IKU9", 1)
    text = text.replace(
        'diawasi: {description: "Jumlah UTTP yang diawasi pada tahun berjalan"}   # L815, L824',
        'diawasi: {description: "Jumlah UTTP yang diawasi pada tahun berjalan"}\n'
        '      unused: {description: "never used"}',
        1,
    )
    spec.write_text(text, encoding="utf-8")
    (seed_copy / "data" / "2024" / "empty.yaml").write_text("", encoding="utf-8")
    return seed_copy


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("strict", [False, True])
def test_validate_document_on_a_broken_workspace(run_cli, seed_copy, lang, strict):
    root = broken_seed(seed_copy)
    args = ("validate", "--format", "json", "--lang", lang) + (("--strict",) if strict else ())
    doc = document(run_cli, *args, cwd=root, exit_code=1)
    assert_valid("validate", doc)
    assert doc["ok"] is False and doc["strict"] is strict
    severities = {p["severity"] for p in doc["problems"]}
    assert severities == {"error", "warning"}, doc["problems"]
    assert doc["errors"] + doc["warnings"] == len(doc["problems"])
    assert {"LK202", "LK214"} <= {p["code"] for p in doc["problems"]}


def test_validate_document_shapes_that_the_schema_must_reject(run_cli, seed_copy):
    doc = document(run_cli, "validate", "--format", "json", cwd=broken_seed(seed_copy), exit_code=1)
    problem = doc["problems"][0]
    for key, value in [("severity", "galat"), ("code", "E202"), ("line", 0), ("where", "x")]:
        broken = {**doc, "problems": [{**problem, key: value}]}
        assert problems("validate", broken), (key, value)


SHAPES = {  # node -> what its explain document must show (so the loop below covers every branch of the schema)
    "IKU1": lambda d: d["realisasi"]["from"] == "formula" and isinstance(d["realisasi"]["inputs"][0]["value"], dict),
    "P10": lambda d: d["realisasi"]["from"] == "triwulan" and set(d["realisasi"]["quarters"]) == {"1", "2", "3", "4"},
    "IKU6": lambda d: d["rollup"]["into"] == "realisasi" and any("rollup" in m for m in d["rollup"]["members"]),
    "SS3": lambda d: (
        d["capaian"]["rolled_up"]
        and d["realisasi"]["from"] is None
        and "rollup" in d["rollup"]["members"][0]["rollup"]["members"][4]
    ),
    "P07": lambda d: d["budget"]["from"] == "children" and d["budget"]["children"],
    "P10.K1.S1": lambda d: d["kind"] == "sub_kegiatan" and d["budget"]["from"] == "data",
}


def explain_in_process(evaluation, previous, node_id, lang):
    """What `lkip explain ID YEAR --format json` writes, through the calls the command makes (cli/main.py)."""
    return dumps(explain_document(explain(evaluation, node_id, previous), lang))


def test_explain_document_of_every_node_in_both_languages(run_cli):
    """All 105 nodes x 2 languages. The CLI reloads the workspace on every call (~0.1 s each, 20 s for all), so
    every document is built in-process by the command's own calls, and the CLI's output is checked to be the same
    text for the nodes of SHAPES (formula, triwulan, nested roll-ups, budget from children, sub kegiatan)."""
    checked = api.validate(SEED_SPECS, SEED_DATA)
    ws, compiled = api.require(checked)
    evaluation = api.evaluate_year(ws, compiled, 2024, trace=True)
    previous = api.previous_year(ws, compiled, 2024)
    assert len(ws.nodes) == 105
    seen_status, seen_from = set(), set()
    for lang in ("id", "en"):
        for node_id in ws.nodes:
            text = explain_in_process(evaluation, previous, node_id, lang)
            doc = strict_json(text)
            assert_valid("explain", doc)
            assert doc["id"] == node_id
            if node_id in SHAPES:
                assert SHAPES[node_id](doc), node_id
                run = run_cli("explain", node_id, "2024", "--format", "json", "--lang", lang)
                assert run.exit_code == 0 and run.stdout == text, node_id
            seen_status.add(doc["status"])
            seen_from.add(doc["realisasi"]["from"])
    assert {"ok", "not_implemented"} <= seen_status
    assert seen_from == {"formula", "given", "triwulan", "rollup", None}


def test_explain_document_of_a_node_in_error(run_cli, seed_copy):
    data = seed_copy / "data" / "2024" / "iku-2-3.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("wub_ods: 263", "wub_ods: 0", 1), encoding="utf-8")
    doc = document(run_cli, "explain", "P07", "2024", "--format", "json", cwd=seed_copy)
    assert_valid("explain", doc)
    assert doc["status"] == "error" and doc["reason"] and doc["capaian"]["value"] is None
    assert doc["predikat"] is None and doc["capaian"]["computation"] is None


def test_explain_document_shapes_that_the_schema_must_reject(run_cli):
    doc = document(run_cli, "explain", "SS3", "2024", "--format", "json")
    inner = json.loads(json.dumps(doc))
    inner["rollup"]["members"][0]["rollup"]["members"][0]["weight"] = None  # nested roll-ups are checked too
    assert problems("explain", inner)
    for key, value in [("extra", 1), ("status", "fine"), ("predikat", "AA"), ("year", "2024")]:
        assert problems("explain", {**doc, key: value}), (key, value)
    assert problems("explain", {k: v for k, v in doc.items() if k != "budget"})


def test_explain_reported_entries_follow_the_data_schema():
    """An explain `reported` entry is the data file's entry plus `at`: a key added to one must reach the other."""
    data = schema("data")["$defs"]["record"]["properties"]["reported"]["items"]["properties"]
    explain = schema("explain")["properties"]["reported"]["items"]["properties"]
    assert set(explain) == set(data) | {"at"}
