"""Formula language: the whitelist functions and the checks made when specs load."""

import pytest

from lkip.engine.formula import EvaluationError, FormulaError, compile_formula


def ev(text, names=(), **values):
    return compile_formula(text, names or values.keys()).evaluate(values)[0]


def test_iku1_shape_mean_of_percent_of_keyed_series():
    stok = {"beras": 38684, "gula": 2597}
    kebutuhan = {"gula": 2579, "beras": 26836}  # keys in another order: matched by key
    assert ev("mean(percent(stok, kebutuhan))", stok=stok, kebutuhan=kebutuhan) == pytest.approx(
        (38684 / 26836 * 100 + 2597 / 2579 * 100) / 2
    )


def test_growth_ratio_and_aggregates():
    assert ev("growth(sum(b), sum(a))", a=[1, 1], b=[2, 1]) == pytest.approx(50.0)
    assert ev("ratio(a, b)", a=3, b=4) == pytest.approx(0.75)
    assert ev("percent(137, 173)") == pytest.approx(79.190751, abs=1e-6)
    assert ev("min(a) + max(a) + len(a)", a=[3, 1, 2]) == pytest.approx(7)
    assert ev("round(2.675, 1)") == pytest.approx(2.7)
    assert ev("abs(0 - 2) + sqrt(9)") == pytest.approx(5)


def test_stdev_and_cv_are_sample_statistics():
    assert ev("stdev(x)", x=[2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(2.13808993)
    assert ev("cv(x)", x=[2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(2.13808993 / 5 * 100)


def test_conditionals_and_comparisons():
    assert ev("a if a > b else b", a=2, b=3) == 3


@pytest.mark.parametrize(
    "text, code",
    [
        ("stok +", "LK301"),
        ("stokk * 2", "LK302"),
        ("meen(stok)", "LK303"),
        ("stok.real", "LK304"),
        ("'a'", "LK304"),
        ("x" * 2001, "LK305"),
    ],
)
def test_rejected_when_specs_load(text, code):
    with pytest.raises(FormulaError) as info:
        compile_formula(text, ["stok"])
    assert info.value.code == code


def test_unknown_name_and_function_suggest_the_closest():
    with pytest.raises(FormulaError) as info:
        compile_formula("mean(stokk)", ["stok", "kebutuhan"])
    assert "stok" in str(info.value.hint)
    with pytest.raises(FormulaError) as info:
        compile_formula("meen(stok)", ["stok"])
    assert "mean" in str(info.value.hint)


@pytest.mark.parametrize(
    "text, values, message",
    [
        ("a / b", {"a": 1, "b": 0}, "division by zero"),
        ("percent(a, b)", {"a": [1, 2], "b": [1]}, "different lengths"),
        ("percent(a, b)", {"a": {"x": 1}, "b": {"y": 1}}, "keys differ"),
        ("mean(a)", {"a": []}, "empty"),
        ("a * 2", {"a": [1, 2]}, "works on numbers"),
        ("percent(a, b)", {"a": [1, 2], "b": [1, 2]}, "series, not one number"),
    ],
)
def test_evaluation_errors_are_one_error_type(text, values, message):
    formula = compile_formula(text, values.keys())
    with pytest.raises(EvaluationError) as info:
        formula.evaluate(values)
    assert message in str(info.value)


def test_missing_input_is_an_evaluation_error():
    with pytest.raises(EvaluationError, match="missing input 'b'"):
        compile_formula("a + b", ["a", "b"]).evaluate({"a": 1})


def test_trace_lists_intermediate_steps():
    formula = compile_formula("mean(percent(a, b)) * 1", ["a", "b"])
    value, steps = formula.evaluate({"a": [1, 3], "b": [2, 2]}, trace=True)
    assert value == pytest.approx(100)
    texts = [s.text for s in steps]
    assert "percent(a, b)" in texts and "mean(percent(a, b))" in texts


@pytest.mark.parametrize(
    ("text", "reference"),
    [("a + 1", True), ("mean([a, 1])", True), ("mean([a, 1])", False), ("sum(percent([a], [2])) * 2", False)],
)
def test_cpu_time_budget_turns_a_slow_formula_into_an_error(monkeypatch, text, reference):
    import lkip.engine.formula as formula_module

    monkeypatch.setattr(formula_module, "TIME_BUDGET_S", -1.0)  # every formula is already over budget
    with pytest.raises(EvaluationError, match="CPU time"):
        compile_formula(text, ["a"]).evaluate({"a": 1}, reference=reference)


def test_compiled_arithmetic_alone_does_not_read_the_clock(monkeypatch):
    """At most MAX_NODES operations on numbers cannot run long: only formulas with calls or lists are timed."""
    import lkip.engine.formula as formula_module

    monkeypatch.setattr(formula_module, "TIME_BUDGET_S", -1.0)
    assert compile_formula("(a - 1) / a * 100", ["a"]).evaluate({"a": 4})[0] == 75.0
