"""The compiled path (engine/compiled.py) gives what simpleeval's, the reference, gives: the same number, bit for
bit, or an error on both; on random formulas over numbers and series, including overflow and series misuse."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkip.engine.formula import EvaluationError, compile_formula
from lkip.engine.functions import FUNCTIONS

NUMBERS = ["a", "b", "c"]
SERIES = ["s", "t"]
BIG = "(" + " * ".join(["1e18"] * 17) + ")"  # about 1e306: one more factor overflows
NAMES = NUMBERS + SERIES

BINARY = ["+", "-", "*", "/", "//", "%", "**"]
COMPARE = ["<", "<=", ">", ">=", "==", "!="]
CONSTANTS = ["0", "1", "2", "0.5", "100", "1e18", "1e-18", "3"]


@st.composite
def formula(draw, depth: int = 0) -> str:
    """A random formula of the whitelisted syntax: every operator, function and construct formulas may use."""
    if depth >= 5 or draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from(NAMES + CONSTANTS))
    shape = draw(
        st.sampled_from(["binary", "binary", "unary", "compare", "chain", "bool", "not", "if", "call", "list"])
    )
    sub = formula(depth + 1)
    if shape == "binary":
        return f"({draw(sub)} {draw(st.sampled_from(BINARY))} {draw(sub)})"
    if shape == "unary":
        return f"({draw(st.sampled_from(['-', '+']))}{draw(sub)})"
    if shape == "compare":
        return f"({draw(sub)} {draw(st.sampled_from(COMPARE))} {draw(sub)})"
    if shape == "chain":
        ops = draw(st.lists(st.sampled_from(COMPARE), min_size=2, max_size=3))
        text = draw(sub)
        for op in ops:
            text += f" {op} {draw(sub)}"
        return f"({text})"
    if shape == "bool":
        return f"({draw(sub)} {draw(st.sampled_from(['and', 'or']))} {draw(sub)})"
    if shape == "not":
        return f"(not {draw(sub)})"
    if shape == "if":
        return f"({draw(sub)} if {draw(sub)} else {draw(sub)})"
    if shape == "list":
        return "[" + ", ".join(draw(st.lists(sub, min_size=0, max_size=3))) + "]"
    name = draw(st.sampled_from(sorted(FUNCTIONS)))
    args = draw(st.lists(sub, min_size=1, max_size=3 if name in ("sum", "mean", "min", "max") else 2))
    return f"{name}({', '.join(args)})"


finite = st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.sampled_from([0.0, 1.0, -1.0, 2.0, 1e18, -1e18, 1e-18, 0.5]),
    st.integers(-1000, 1000),
)
series = st.one_of(
    st.lists(finite, min_size=0, max_size=4),
    st.dictionaries(st.sampled_from(["beras", "gula", "minyak"]), finite, min_size=1, max_size=3),
)
inputs = st.fixed_dictionaries({**{n: finite for n in NUMBERS}, **{n: series for n in SERIES}})


def outcome(text: str, values: dict, reference: bool) -> tuple[str, object]:
    try:
        value, _ = compile_formula(text, NAMES).evaluate(values, reference=reference)
    except EvaluationError:
        return "error", None
    return "value", value


def same(a: tuple[str, object], b: tuple[str, object]) -> bool:
    if a[0] != b[0]:
        return False
    if a[0] == "error":
        return True
    x, y = a[1], b[1]
    assert isinstance(x, float) and isinstance(y, float)
    return x == y or (math.isnan(x) and math.isnan(y))


@given(formula(), inputs)
def test_the_compiled_path_agrees_with_simpleeval(text, values):
    compiled = outcome(text, values, reference=False)
    reference = outcome(text, values, reference=True)
    assert same(compiled, reference), (text, values, compiled, reference)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("(a - b) / b * 100", {"a": 3, "b": 2}),
        ("mean(percent(s, t))", {"s": {"beras": 1, "gula": 3}, "t": {"gula": 4, "beras": 2}}),
        (
            "1 / (a * " + BIG + ")",
            {"a": 1e18},
        ),
        (
            "(a * " + BIG + " > 1)",
            {"a": 1e18},
        ),
        (
            "len([a * " + BIG + "])",
            {"a": 1e18},
        ),
        ("s + 1", {"s": [1, 2]}),
        ("s < t < 3", {"s": [1], "t": [2]}),
        ("a // 0", {"a": 1}),
        ("(a if a > 0 else s) + 1", {"a": 1, "s": [1]}),
        ("(a if a > 0 else s) + 1", {"a": -1, "s": [1]}),
        ("abs(s) and 0 or 7", {"s": [-1]}),
    ],
)
def test_chosen_cases_agree(text, values):
    names = [n for n in NAMES if n in values]
    results = []
    for reference in (False, True):
        try:
            results.append(("value", compile_formula(text, names).evaluate(values, reference=reference)[0]))
        except EvaluationError as exc:
            results.append(("error", str(exc.reason)))
    assert results[0] == results[1]


def test_an_input_named_like_a_function_does_not_shadow_it():
    formula = compile_formula("mean([mean, 2]) + len(s)", ["mean", "s"])
    assert formula.evaluate({"mean": 4, "s": [1, 1, 1]})[0] == 6.0
    assert formula.evaluate({"mean": 4, "s": [1, 1, 1]}, reference=True)[0] == 6.0


def test_the_compiled_function_has_no_builtins_and_reaches_only_the_whitelist():
    formula = compile_formula("a + 1", ["a"])
    formula.evaluate({"a": 1})
    (function,) = formula.functions_by_kind.values()
    assert function is not None
    space = function.__globals__
    assert space["__builtins__"] == {}
    assert all(name.startswith("_") for name in space if name != "__builtins__")
    helpers = {name for name in space if name.startswith("_f_")}
    assert helpers == {f"_f_{name}" for name in FUNCTIONS}
