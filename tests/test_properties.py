"""Property tests (hypothesis): 2,000 examples each in CI, 100 locally (the profiles are in conftest.py)."""

from __future__ import annotations

import io
import math
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import assume, given
from hypothesis import strategies as st
from rich.console import Console

from lkip.engine import api
from lkip.engine.capaian import capaian
from lkip.engine.evaluate import evaluate
from lkip.engine.formula import EvaluationError, compile_formula
from lkip.engine.model import (
    Band,
    CapaianMethod,
    Direction,
    Kind,
    NodeSpec,
    Organisation,
    Record,
    Rollup,
    RollupMethod,
    Scale,
    Status,
    Workspace,
    YearData,
)
from lkip.engine.render import numbers
from lkip.engine.render.jsonout import render_json
from lkip.engine.render.tree import render_tree
from lkip.engine.yamlsrc import YamlProblem, load_text

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SCALES = (
    "scales:\n- {id: s, name: s, bands: [{code: A, label: a, color: green, min: 50}, "
    "{code: B, label: b, color: red}]}\n"
)

# ---------------------------------------------------------------- random workspaces never raise

IDS = ["S1", "S2", "I1", "I2", "P1", "P2", "K1", "K2", "X1", "X2"]
NAMES = ["a", "b", "c", "stok", "x_1"]
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["", "no", "1:30", "010", "2024-01-01", "ü", "x" * 40]),
)
number = st.one_of(st.integers(-1000, 1000), st.floats(-1e4, 1e4, allow_nan=False))
formula_text = st.one_of(
    st.sampled_from(
        [
            "a + b",
            "percent(a, b)",
            "mean(percent(a, b))",
            "growth(sum(a), sum(b))",
            "a / b",
            "a ** b",
            "cv(a)",
            "min(a) - max(b)",
            "a if a > b else b",
            "ratio(a, b) * 100",
            "len(a)",
            "stdev(a)",
            "round(a, 2)",
            "sqrt(a)",
            "a.b",
            "a +",
            "zz",
            "sum(",
            "[a, b]",
        ]
    ),
    st.sampled_from(["", "((", "a" * 3000, "__import__('os')", "ａ", "1e400", "9**9**9"]),
)
input_value = st.one_of(
    number,
    st.lists(number, max_size=4),
    st.dictionaries(st.sampled_from(["k1", "k2", "k3"]), number, max_size=3),
    scalar,
)


@st.composite
def node(draw):
    spec = {
        "id": draw(st.sampled_from(IDS)),
        "kind": draw(st.sampled_from([k.value for k in Kind] + ["bogus"])),
        "name": draw(st.sampled_from(["Nama", "", "ü", "n" * 300])),
        "unit": draw(st.sampled_from(["%", "laporan", "Rp"])),
        "direction": draw(st.sampled_from(["higher", "lower", "sideways"])),
    }
    if draw(st.booleans()):
        spec["parent"] = draw(st.one_of(st.none(), st.sampled_from(IDS)))
    if draw(st.booleans()):
        spec["targets"] = draw(
            st.dictionaries(st.sampled_from(["2024", "2026", "1999", "x"]), st.one_of(number, scalar), max_size=2)
        )
    if draw(st.booleans()):
        spec["inputs"] = {n: {"description": "d"} for n in draw(st.lists(st.sampled_from(NAMES), max_size=3))}
        spec["formula"] = draw(formula_text)
    if draw(st.integers(0, 4)) == 0:
        spec["rollup"] = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "method": st.sampled_from(["mean", "weighted", "min", "max", "sum", "formula", "odd"]),
                    "of": st.sampled_from(["children", "iku", "kegiatan", "sub_kegiatan", "sasaran"]),
                    "weights": st.dictionaries(st.sampled_from(IDS), number, max_size=2),
                    "formula": formula_text,
                },
            )
        )
    if draw(st.integers(0, 4)) == 0:
        spec["capaian_method"] = draw(st.sampled_from(["standard", "inverse"]))
    if draw(st.integers(0, 6)) == 0:
        spec[draw(st.sampled_from(["target", "parnet", "x", "id "]))] = draw(scalar)
    return spec


@st.composite
def record(draw):
    rec = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "realisasi": st.one_of(number, scalar),
                "inputs": st.dictionaries(st.sampled_from(NAMES), input_value, max_size=3),
                "pagu": st.one_of(st.integers(0, 10**9), scalar),
                "realisasi_anggaran": st.integers(0, 10**9),
                "status": st.sampled_from(["not_implemented", "done"]),
                "triwulan": st.dictionaries(
                    st.sampled_from(["1", "2", "4", "5"]),
                    st.fixed_dictionaries({}, optional={"realisasi": number}),
                    max_size=3,
                ),
                "reported": st.lists(
                    st.fixed_dictionaries({"source": st.sampled_from(["L1", ""])}, optional={"capaian": number}),
                    max_size=2,
                ),
            },
        )
    )
    return rec


workspaces = st.tuples(
    st.lists(node(), min_size=1, max_size=7),
    st.dictionaries(st.sampled_from(IDS + ["organisation"]), record(), max_size=6),
)


@given(workspaces)
def test_random_specs_and_data_never_raise(case):
    nodes, data = case
    root = Path(tempfile.mkdtemp(prefix="lkip-prop-"))
    try:
        (root / "specs").mkdir()
        (root / "data").mkdir()
        (root / "specs" / "organisation.yaml").write_text("name: X\nrenstra: {start: 2021, end: 2026}\n")
        (root / "specs" / "scales.yaml").write_text(SCALES)
        (root / "specs" / "nodes.yaml").write_text(yaml.dump({"nodes": nodes}, Dumper=DUMPER, allow_unicode=True))
        (root / "data" / "2024.yaml").write_text(yaml.dump(data, Dumper=DUMPER, allow_unicode=True))
        checked = api.validate(root / "specs", root / "data")
        for d in checked.diagnostics.items:
            assert d.path and d.code.startswith("LK") and d.format()
        if checked.ok:
            evaluation = api.evaluate_year(checked.workspace, checked.compiled, 2024, trace=True)
            results = list(evaluation.results.values())
            render_json(evaluation, results)
            Console(file=io.StringIO(), width=80).print(render_tree(evaluation, results, "id", 80))
            for r in results:
                assert r.status in Status
                if r.status is Status.ERROR:
                    assert r.reason
    finally:
        shutil.rmtree(root, ignore_errors=True)


@given(st.text(max_size=200))
def test_random_text_is_loaded_or_refused_with_a_line(text):
    try:
        load_text(text, "f.yaml")
    except YamlProblem as problem:
        assert problem.diagnostic.line is not None and problem.diagnostic.code.startswith("LK0")


# ---------------------------------------------------------------- formulas are arithmetic


@st.composite
def expression(draw, depth=0):
    """(text, value) of a random arithmetic expression; value None when Python arithmetic fails."""
    if depth >= 4 or draw(st.integers(0, 3)) == 0:
        if draw(st.booleans()):
            name = draw(st.sampled_from(["a", "b", "c"]))
            return name, VALUES[name]
        n = draw(st.integers(0, 999))
        return str(n), float(n)
    op = draw(st.sampled_from(["+", "-", "*", "/", "neg"]))
    left = draw(expression(depth + 1))
    if op == "neg":
        return f"-({left[0]})", None if left[1] is None else -left[1]
    right = draw(expression(depth + 1))
    text = f"({left[0]} {op} {right[0]})"
    if left[1] is None or right[1] is None:
        return text, None
    if op == "/" and right[1] == 0:
        return text, None
    import operator

    return text, {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}[op](left[1], right[1])


VALUES = {"a": 3.5, "b": -2.0, "c": 0.0}


@given(expression())
def test_formulas_compute_what_python_arithmetic_gives(case):
    text, expected = case
    formula = compile_formula(text, VALUES)
    if expected is None:
        try:
            formula.evaluate(VALUES)
        except EvaluationError:
            return
        raise AssertionError(f"{text} should fail")
    value, _ = formula.evaluate(VALUES)
    assert math.isclose(value, expected, rel_tol=1e-12, abs_tol=1e-9)


# ---------------------------------------------------------------- capaian and roll-up

finite = st.floats(-1e6, 1e6, allow_nan=False)
positive = st.floats(0.01, 1e6, allow_nan=False)


@given(positive, finite, finite)
def test_capaian_rises_with_realisasi_for_higher_and_falls_for_lower(target, r1, r2):
    assume(r1 < r2)
    assert capaian(target, r1, Direction.HIGHER) <= capaian(target, r2, Direction.HIGHER)
    assert capaian(target, r1, Direction.LOWER) >= capaian(target, r2, Direction.LOWER)
    if r1 > 1e-9:  # smaller: target / realisasi × 100 exceeds 10^18, and such a capaian is undefined (limits.py)
        assert capaian(target, r1, Direction.LOWER, CapaianMethod.INVERSE) >= capaian(
            target, r2, Direction.LOWER, CapaianMethod.INVERSE
        )


SCALE = Scale("s", "s", (Band("A", "a", "green", 50, None), Band("B", "b", "red", None, 50)))


@given(
    positive,
    finite,
    st.integers(1, 6),
    st.sampled_from(["mean", "weighted", "min", "max", "formula"]),
    st.lists(positive, min_size=6, max_size=6),
)
def test_rollup_of_identical_children_equals_the_child(target, realisasi, count, method, weights):
    org = Organisation("X", 2021, 2026)
    kids = [f"K{i}" for i in range(count)]
    weighted = dict(zip(kids, weights[:count], strict=True)) if method == "weighted" else {}
    rollup = Rollup(
        method=RollupMethod(method),
        weights=weighted,
        formula="sum(capaian) / len(capaian)" if method == "formula" else None,
    )
    nodes = {"P": NodeSpec("P", Kind.PROGRAM, "p", "%", Direction.HIGHER, rollup=rollup)}
    for kid in kids:
        nodes[kid] = NodeSpec(kid, Kind.KEGIATAN, kid, "%", Direction.HIGHER, parent="P", targets={2024: target})
    records = {kid: Record(kid, realisasi=realisasi) for kid in kids}
    ws = Workspace(org, {"s": SCALE}, nodes, {2024: YearData(2024, records)})
    results = evaluate(ws, 2024).results
    child = results["K0"].capaian
    assert math.isclose(results["P"].capaian, child, rel_tol=1e-9, abs_tol=1e-9)


@given(
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["id", "en"]),
)
def test_formatting_then_parsing_a_number_gives_it_back(value, lang):
    text = numbers.number(float(value), lang, digits=2, trim=False)
    assert numbers.parse(text, lang) == value
