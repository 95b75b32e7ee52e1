"""Escape and exhaustion attempts against the formula sandbox (cf. simpleeval's own test_security.py).

Each attempt must be rejected when the specs load (FormulaError) or contained as an evaluation error — within
2 s and 256 MB, without opening a file, importing a module or starting a process. The attempts run in a child
process whose address space is capped and which records Python audit events (open, import, exec, os.*,
subprocess ...; `compile` is ast.parse itself)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lkip.engine.formula import EvaluationError, FormulaError, compile_formula

NAMES = {"x": [1.0, 2.0, 3.0], "y": 2.0, "big": 1e6}

ATTEMPTS = [
    "__import__('os').system('touch /tmp/lkip-pwned')",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__.__mro__",
    "mean.__globals__",
    "sum.__self__",
    "y.__class__.__subclasses__()",
    "open('/etc/passwd')",
    "exec('import os')",
    "eval('1+1')",
    "compile('1', 'f', 'eval')",
    "globals()",
    "locals()",
    "vars()",
    "dir()",
    "getattr(y, '__class__')",
    "type(y)",
    "__builtins__",
    "_x",
    "breakpoint()",
    "input()",
    "print(1)",
    "help()",
    "(lambda: 1)()",
    "(lambda f: f(f))(lambda f: f(f))",
    "(z := 1)",
    "'{0.__class__}'.format(1)",
    "f'{y}'",
    "f'{y.__class__}'",
    "(i for i in x)",
    "[i for i in x]",
    "[[1] * 10000 for i in x]",
    "{i: 1 for i in x}",
    "{1, 2}",
    "{'a': 1}",
    "x[0]",
    "(1).real",
    "'a' * 10**9",
    "[1] * 10**9",
    "[1, 2] + [3]",
    "x * 10**9",
    "4000000**4000000",
    "9**9**9**9",
    "2**1000000",
    "big ** big",
    "10**10**10",
    "sum([1] * 10**8)",
    "round(1, 10**9)",
    "sqrt(0 - 1)",
    "sum(x, start=__import__('os'))",
    "max(*x)",
    "ｏｐｅｎ('/etc/passwd')",
    "import os",
    "y; __import__('os')",
    "yield 1",
    "await y",
    "1 / 0",
    "percent(x, [1, 2])",
    "(" * 100_000 + "1" + ")" * 100_000,
    "-" * 100_000 + "1",
    "sum(" * 50 + "x" + ")" * 50,
    "1+" * 5_000_000 + "1",
]

PROBE = r"""
import json, resource, signal, sys, time, tracemalloc
soft = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (soft, soft))
from lkip.engine.formula import compile_formula, FormulaError, EvaluationError
names = json.loads(sys.argv[2])
reference = sys.argv[3] == "reference"  # simpleeval's tree walker; else the compiled path
events = []
WATCH = ("open", "import", "exec", "os.", "subprocess", "socket", "shutil", "ctypes")
active = False
def hook(event, args):
    if active and event.startswith(WATCH):
        events.append(event)
sys.addaudithook(hook)
def alarm(*_):
    raise TimeoutError("over 2 s")
signal.signal(signal.SIGALRM, alarm)
results = []
for text in json.loads(sys.stdin.read()):
    events.clear()
    tracemalloc.start()
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, 2.0)
    active = True
    try:
        formula = compile_formula(text, names)
        outcome = "accepted"
        try:
            value, _ = formula.evaluate(names, reference=reference)
            outcome = "value"
        except EvaluationError as exc:
            outcome = "contained"
    except FormulaError:
        outcome = "rejected"
    except BaseException as exc:
        outcome = "escaped:" + type(exc).__name__ + ":" + str(exc)[:100]
    finally:
        active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    results.append({"outcome": outcome, "seconds": seconds, "peak": peak, "events": sorted(set(events))})
print(json.dumps(results))
"""

MB = 1024 * 1024


@pytest.fixture(scope="module", params=["compiled", "reference"])
def probed(request):
    baseline = 160 * MB  # the interpreter with lkip imported, as address space, before any attempt
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(baseline + 256 * MB), json.dumps(NAMES), request.param],
        input=json.dumps(ATTEMPTS),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return dict(enumerate(json.loads(run.stdout)))


def test_the_child_probed_every_one_of_at_least_forty_attempts(probed):
    assert len(ATTEMPTS) >= 40
    assert len(probed) == len(ATTEMPTS)  # the child did not stop early or skip one
    assert {r["outcome"] for r in probed.values()} == {"rejected", "contained"}  # both defences were exercised


@pytest.mark.parametrize("index", range(len(ATTEMPTS)), ids=lambda i: ATTEMPTS[i][:40])
def test_attempt_is_rejected_or_contained(probed, index):
    result = probed[index]
    assert result["outcome"] in ("rejected", "contained"), result
    assert result["events"] == [], result
    assert result["seconds"] < 2.0 and result["peak"] < 256 * MB, result


def test_rejections_happen_when_specs_load_for_escapes():
    for text in ("().__class__", "__import__('os')", "open('x')", "(lambda: 1)()", "[i for i in x]", "f'{y}'"):
        with pytest.raises(FormulaError):
            compile_formula(text, NAMES)


@pytest.mark.parametrize("reference", [False, True], ids=["compiled", "reference"])
def test_exhaustion_is_contained_at_evaluation(reference):
    for text in ("9**9**9**9", "[1] * 10**9", "big ** big"):
        with pytest.raises(EvaluationError):
            compile_formula(text, NAMES).evaluate(NAMES, reference=reference)


def test_a_hostile_formula_in_a_spec_is_a_validation_error_with_its_line(run_cli, small):
    from tests.conftest import DATA, TREE

    _, root = small(
        TREE.replace("formula: percent(a, b)", 'formula: "().__class__.__bases__[0].__subclasses__()"'), {"2024": DATA}
    )
    run = run_cli("validate", cwd=root)
    assert run.exit_code == 1 and "nodes.yaml:12:" in run.stdout and "LK304" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_a_formula_that_fails_at_runtime_leaves_the_rest_of_the_tree(small):
    from lkip.engine import api
    from tests.conftest import DATA, TREE

    nodes, data = TREE.replace("formula: percent(a, b)", "formula: a ** b"), DATA.replace("b: 50", "b: 5000")
    checked, _ = small(nodes, {"2024": data})
    results = api.evaluate_year(checked.workspace, checked.compiled, 2024).results
    assert results["K1"].status.value == "error" and "too large" in str(results["K1"].reason)
    assert results["I1"].status.value == "ok"


def test_billion_laughs_is_refused_at_the_first_anchor(small):
    laughs = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    from tests.conftest import TREE

    checked, root = small(TREE, {"2024": laughs})
    [d] = [d for d in checked.diagnostics.errors if d.code == "LK005"]
    assert d.line == 1
