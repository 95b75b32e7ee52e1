"""Formula cost: the compiled path and simpleeval's tree walker, each as a ratio to Python's own compiled
evaluation of the same expression, measured in one run on this machine.

    python benchmarks/formulas.py

Python's own evaluation is the expression compiled by `compile()` into a function of the same inputs, with the
same functions (lkip's `mean`, `percent` ... from engine/functions.py), so the ratio is the price of lkip's
guards alone. Each figure is the best of 5 rounds of timeit, per evaluation, including lkip's input conversion
(`as_value`) on lkip's two paths.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lkip.engine.formula import compile_formula  # noqa: E402
from lkip.engine.functions import FUNCTIONS, as_value  # noqa: E402

SERIES12 = {f"m{i}": 100.0 + i for i in range(12)}
CASES = [  # (formula, inputs): formulas as written in real workspaces, from one operation to a year of series
    ("(a - b) / b * 100", {"a": 1250.0, "b": 1100.0}),
    ("a / b * 100", {"a": 19.0, "b": 39.0}),
    ("growth(a, b)", {"a": 1250.0, "b": 1100.0}),
    ("a if a > b else b", {"a": 3.0, "b": 4.0}),
    ("(a + b + c) / 3", {"a": 1.0, "b": 2.0, "c": 3.0}),
    ("mean(s)", {"s": SERIES12}),
    ("mean(percent(s, t))", {"s": SERIES12, "t": {k: v * 1.1 for k, v in SERIES12.items()}}),
    ("cv(s)", {"s": SERIES12}),
    ("sum(s) / len(s) * 100 / b", {"s": SERIES12, "b": 105.0}),
]


def best(statement, number: int) -> float:
    """Seconds per call: the best of 5 rounds."""
    return min(timeit.repeat(statement, number=number, repeat=5)) / number


def measure(text: str, values: dict) -> tuple[float, float, float, float]:
    names = sorted(values)
    formula = compile_formula(text, names)
    native_values = {n: as_value(v) for n, v in values.items()}
    space = {"__builtins__": {}, **FUNCTIONS}
    python = eval(compile(f"lambda {', '.join(names)}: {text}", "<python>", "eval"), space)  # noqa: S307 — our text
    args = [native_values[n] for n in names]
    for reference in (False, True):
        assert formula.evaluate(values, reference=reference)[0] == formula.evaluate(values)[0]
    (function,) = formula.functions_by_kind.values()
    assert function is not None, text
    number = 2000
    return (
        best(lambda: python(*args), number * 10),
        best(lambda: function(*args), number * 10),
        best(lambda: formula.evaluate(values), number),
        best(lambda: formula.evaluate(values, reference=True), number // 4),
    )


HEADER = ("formula", "python µs", "compiled µs", "ratio", "evaluate() µs", "ratio", "simpleeval µs", "ratio")
WIDTHS = (28, 10, 12, 6, 14, 6, 14, 6)


def row(cells) -> str:
    return " ".join(f"{c:<{w}}" if i == 0 else f"{c:>{w}}" for i, (c, w) in enumerate(zip(cells, WIDTHS, strict=True)))


def main() -> None:
    """compiled: the compiled function on converted inputs (what the engine runs per formula);
    evaluate(): Formula.evaluate, adding the conversion and checks of the raw inputs (a 12-value series is
    converted on every call); simpleeval: the reference path, with the same conversion."""
    print(row(HEADER))
    ratios: list[tuple[float, ...]] = []
    for text, values in CASES:
        python, function, evaluate, reference = measure(text, values)
        ratios.append((function / python, evaluate / python, reference / python))
        cells = [text, f"{python * 1e6:.2f}"]
        for seconds in (function, evaluate, reference):
            cells += [f"{seconds * 1e6:.2f}", f"{seconds / python:.1f}"]
        print(row(cells))
    medians = [sorted(r[i] for r in ratios)[len(ratios) // 2] for i in range(3)]
    print(row(("median ratio", "", "", f"{medians[0]:.1f}", "", f"{medians[1]:.1f}", "", f"{medians[2]:.1f}")))


if __name__ == "__main__":
    main()
