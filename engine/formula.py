"""Formulas are untrusted text: checked once when the specs load, then evaluated with simpleeval.

Checking (compile_formula) parses with `ast` after a length check and accepts only a whitelist of syntax:
numbers, input names, arithmetic, comparisons, `and/or/not`, `x if c else y`, list literals and calls of the
whitelisted functions by name. Everything else (attributes, strings, subscripts, lambdas, comprehensions,
walrus, f-strings, dict/set literals, keyword arguments, starred arguments) is rejected there.
Evaluation (Formula.evaluate) runs the checked tree compiled to Python code (engine/compiled.py); simpleeval, with
only those functions, guarded operators (no sequence arithmetic, power bounded by an estimate of the result's size)
and a time budget checked at every node, is the reference path, used for traces (explain) and in tests.
"""

from __future__ import annotations

import ast
import math
import operator
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import simpleeval

from . import compiled
from .diagnostics import did_you_mean
from .functions import FUNCTIONS, FormulaValueError, Series, as_value
from .limits import MAX_NUMBER, computable
from .messages import Message
from .messages import Message as M

MAX_LENGTH = 2000
MAX_NODES = 400
MAX_DEPTH = 24
TIME_BUDGET_S = 0.5
MAX_POWER_DIGITS = 300  # |result| of ** may not exceed 10**300

_ALLOWED = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.List,
    ast.Tuple,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.FloorDiv,
    ast.Mod,
    ast.Pow,
    ast.USub,
    ast.UAdd,
    ast.Not,
    ast.And,
    ast.Or,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
)

_FRIENDLY = {
    ast.Attribute: M("attribute access (a.b)", "akses atribut (a.b)"),
    ast.Subscript: M("indexing (a[b])", "pengindeksan (a[b])"),
    ast.Lambda: M("lambda", "lambda"),
    ast.NamedExpr: M("assignment (:=)", "penugasan (:=)"),
    ast.ListComp: M("comprehensions", "comprehension"),
    ast.SetComp: M("comprehensions", "comprehension"),
    ast.DictComp: M("comprehensions", "comprehension"),
    ast.GeneratorExp: M("generator expressions", "ekspresi generator"),
    ast.JoinedStr: M("f-strings", "f-string"),
    ast.FormattedValue: M("f-strings", "f-string"),
    ast.Dict: M("dict literals", "literal dict"),
    ast.Set: M("set literals", "literal set"),
    ast.Starred: M("starred arguments", "argumen berbintang (*)"),
    ast.keyword: M("keyword arguments", "argumen bernama (keyword)"),
    ast.Await: M("await", "await"),
    ast.Yield: M("yield", "yield"),
    ast.YieldFrom: M("yield", "yield"),
}


class FormulaError(Exception):
    """A formula that cannot be accepted (raised when specs load)."""

    def __init__(self, code: str, message: str | Message, hint: str | Message | None = None, col: int | None = None):
        self.code = code
        self.message = message
        self.hint = hint
        self.col = col
        super().__init__(message)


class EvaluationError(Exception):
    """A formula that could not be evaluated on this year's values (the node's state becomes error)."""

    def __init__(self, reason: str | Message):
        self.reason = reason
        super().__init__(str(reason))


OVERFLOW = Message("a value is too large to compute (overflow)", "sebuah nilai terlalu besar untuk dihitung (overflow)")
ROLLUP = Message("roll-up", "hasil agregasi")
DIVISION = Message("division by zero", "pembagian dengan nol")
SPLIT = Message("split the computation into inputs or nodes", "pecah perhitungan menjadi beberapa input atau simpul")


def _reason(exc: Exception) -> str | Message:
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Message) else (str(exc) or type(exc).__name__)


def checked(value: float, what: Message = Message("value", "nilai")) -> float:
    """The value when lkip can keep it for a node (finite, at most 10^18 in size); else EvaluationError."""
    if not computable(value):
        if value != value or value in (float("inf"), float("-inf")):
            raise EvaluationError(
                Message(
                    "the {what} is not a finite number (overflow)",
                    "{what} bukan bilangan terhingga (overflow)",
                    what=what,
                )
            )
        raise EvaluationError(
            Message("the {what} is larger than 10^18 in size", "{what} lebih besar dari 10^18", what=what)
        )
    return value


@dataclass(frozen=True)
class Step:
    """An intermediate result: a piece of the formula and the value it gave."""

    text: str
    value: Any


@dataclass
class Formula:
    text: str
    tree: ast.Expression
    names: frozenset[str]
    functions: frozenset[str]
    steps: list[Step] = field(default_factory=list, compare=False, repr=False)
    # the inputs, in the order the compiled function takes them
    order: tuple[str, ...] = field(init=False, compare=False, repr=False)
    timed: bool = field(init=False, compare=False, repr=False)  # calls or lists: a compiled run reads the CPU clock
    functions_by_kind: dict[tuple[bool, ...], Callable[..., Any] | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self.order = tuple(sorted(self.names))
        self.timed = any(isinstance(node, (ast.Call, ast.List, ast.Tuple)) for node in ast.walk(self.tree))

    def evaluate(
        self, values: Mapping[str, Any], trace: bool = False, reference: bool = False
    ) -> tuple[float, list[Step]]:
        """Evaluate on input values; returns the number and (if trace) the intermediate steps.

        Compiled (engine/compiled.py) unless a trace is asked for or `reference` is set: then simpleeval walks
        the tree. Both give the same values and the same errors (tests/test_compiled.py)."""
        args = [self._input(name, values) for name in self.order]
        function = None if trace or reference else self._function(args)
        evaluator = None
        try:
            if function is not None:
                # Arithmetic alone is at most MAX_NODES operations on numbers: the clock is read only for calls/lists.
                deadline = time.process_time() + TIME_BUDGET_S if self.timed else None
                result = function(*args)
                if deadline is not None:
                    compiled.within(deadline, TIME_BUDGET_S)
                if isinstance(result, float) and not math.isfinite(result):
                    raise OverflowError(result)
            else:
                evaluator = _Evaluator(dict(zip(self.order, args, strict=True)), self.text, trace)
                result = evaluator.eval(self.text, previously_parsed=self.tree.body)
        except ZeroDivisionError as exc:
            raise EvaluationError(_reason(exc) if exc.args and isinstance(exc.args[0], Message) else DIVISION) from exc
        except FormulaValueError as exc:
            raise EvaluationError(_reason(exc)) from exc
        except OverflowError as exc:
            raise EvaluationError(OVERFLOW) from exc
        except simpleeval.InvalidExpression as exc:
            raise EvaluationError(M("cannot evaluate: {why}", "tidak dapat dihitung: {why}", why=str(exc))) from exc
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise EvaluationError(M("cannot evaluate: {why}", "tidak dapat dihitung: {why}", why=str(exc))) from exc
        except RecursionError as exc:
            raise EvaluationError(M("formula too deeply nested", "rumus bersarang terlalu dalam")) from exc
        steps = evaluator.steps if evaluator is not None else []
        if isinstance(result, bool):
            result = float(result)
        if isinstance(result, Series):
            raise EvaluationError(
                M(
                    "the formula gives a series, not one number; reduce it with mean() or sum()",
                    "rumus menghasilkan deret, bukan satu bilangan; ringkas dengan mean() atau sum()",
                )
            )
        if not isinstance(result, (int, float)) or isinstance(result, bool):
            raise EvaluationError(M("the formula does not give a number", "rumus tidak menghasilkan bilangan"))
        try:
            result = float(result)
        except OverflowError as exc:
            raise EvaluationError(OVERFLOW) from exc
        if math.isnan(result) or math.isinf(result):
            raise EvaluationError(
                M(
                    "the formula gives a value that is not a finite number",
                    "rumus menghasilkan nilai yang bukan bilangan terhingga",
                )
            )
        if abs(result) > MAX_NUMBER:
            raise EvaluationError(
                Message(
                    "the formula gives a value larger than 10^18 in size",
                    "rumus menghasilkan nilai yang lebih besar dari 10^18",
                )
            )
        return result, steps

    @staticmethod
    def _input(name: str, values: Mapping[str, Any]) -> float | Series:
        """The value of one input as formulas take it; EvaluationError when it is missing or not a value."""
        try:
            raw = values[name]
        except KeyError:
            raise EvaluationError(M("missing input '{name}'", "input '{name}' tidak ada", name=name)) from None
        if type(raw) is float and raw - raw == 0.0:  # a finite float: the common case, already a value
            return raw
        try:
            return as_value(raw)
        except FormulaValueError as exc:
            raise EvaluationError(
                M("input '{name}': {why}", "input '{name}': {why}", name=name, why=_reason(exc))
            ) from exc

    def _function(self, args: list[float | Series]) -> Callable[..., Any] | None:
        """The compiled function for inputs of these kinds (number or series), made once per kind signature."""
        signature = tuple(type(a) is Series for a in args)
        if signature not in self.functions_by_kind:
            kinds = {n: compiled.SERIES if s else compiled.NUMBER for n, s in zip(self.order, signature, strict=True)}
            try:
                self.functions_by_kind[signature] = compiled.compile_tree(self.tree, self.order, kinds)
            except compiled.NotCompiled:
                self.functions_by_kind[signature] = None
        return self.functions_by_kind[signature]


def compile_formula(text: str, allowed_names: Iterable[str], functions: Iterable[str] = FUNCTIONS) -> Formula:
    """Check a formula once; raise FormulaError (with an LK3xx code) if it cannot be accepted."""
    allowed = set(allowed_names)
    known_functions = set(functions)
    source = _checked_text(text)
    tree = _parse(source)
    count = 0
    names: set[str] = set()
    called: set[str] = set()
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        _check_size(count, depth)
        col = getattr(node, "col_offset", None)
        col = col + 1 if col is not None else None
        _check_allowed(node, col)
        if isinstance(node, ast.Constant):
            _check_constant(node, col)
        elif isinstance(node, ast.Name):
            _check_name(node, col, allowed, known_functions)
            names.add(node.id)
        elif isinstance(node, ast.Call):
            function = _check_call(node, col, known_functions)
            called.add(function)
            for arg in node.args:  # not node.func: a function's name is not an input
                stack.append((arg, depth + 1))
            continue
        for child in ast.iter_child_nodes(node):
            stack.append((child, depth + 1))
    return Formula(source, tree, frozenset(names), frozenset(called))


def _checked_text(text: str) -> str:
    """The formula without surrounding blanks: not empty, not too long, plain ASCII."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("LK301", M("formula is empty", "rumus kosong"))
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            "LK305",
            M(
                "formula is {n} characters long; the limit is {limit}",
                "rumus sepanjang {n} karakter; batasnya {limit}",
                n=len(text),
                limit=MAX_LENGTH,
            ),
            SPLIT,
        )
    source = text.strip()
    stray = next((c for c in source if not c.isascii() or (not c.isprintable() and c not in " \t")), None)
    if stray is not None:
        raise FormulaError(
            "LK304",
            M(
                "character U+{code} not allowed in formulas",
                "karakter U+{code} tidak boleh ada dalam rumus",
                code=f"{ord(stray):04X}",
            ),
            M(
                "formulas use plain ASCII: input names, numbers, operators and brackets",
                "rumus memakai ASCII biasa: nama input, bilangan, operator dan kurung",
            ),
            source.index(stray) + 1,
        )
    return source


def _parse(source: str) -> ast.Expression:
    """The expression tree; LK301 for a syntax error, LK305 when Python cannot parse it at all."""
    try:
        return ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(
            "LK301",
            M("formula syntax error: {why}", "kesalahan sintaks rumus: {why}", why=exc.msg),
            M("check brackets and operators", "periksa kurung dan operator"),
            exc.offset,
        ) from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise FormulaError(
            "LK305", M("formula cannot be parsed: {why}", "rumus tidak dapat diurai: {why}", why=type(exc).__name__)
        ) from None


def _check_size(count: int, depth: int) -> None:
    """At most MAX_NODES syntax nodes, nested at most MAX_DEPTH deep."""
    if count > MAX_NODES:
        raise FormulaError(
            "LK305",
            M(
                "formula has more than {n} syntax nodes",
                "rumus memiliki lebih dari {n} simpul sintaks",
                n=MAX_NODES,
            ),
            SPLIT,
        )
    if depth > MAX_DEPTH:
        raise FormulaError(
            "LK305",
            M("formula is nested more than {n} levels deep", "rumus bersarang lebih dari {n} tingkat", n=MAX_DEPTH),
            SPLIT,
        )


def _check_allowed(node: ast.AST, col: int | None) -> None:
    """Only the syntax formulas may use (_ALLOWED)."""
    if not isinstance(node, _ALLOWED):
        what = _FRIENDLY.get(type(node), type(node).__name__)
        raise FormulaError(
            "LK304",
            M("{what} not allowed in formulas", "{what} tidak boleh ada dalam rumus", what=what),
            M(
                "use input names, numbers, arithmetic and the listed functions",
                "pakai nama input, bilangan, aritmetika dan fungsi yang tersedia",
            ),
            col,
        )


def _check_constant(node: ast.Constant, col: int | None) -> None:
    """Numbers only, and of a computable size."""
    if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
        raise FormulaError(
            "LK304",
            M(
                "constant {value} not allowed in formulas: only numbers",
                "konstanta {value} tidak boleh ada dalam rumus: hanya bilangan",
                value=repr(node.value)[:40],
            ),
            None,
            col,
        )
    if not (isinstance(node.value, int) and abs(node.value) <= MAX_NUMBER) and not (
        isinstance(node.value, float) and computable(node.value)
    ):
        raise FormulaError(
            "LK305",
            Message(
                "a number in the formula is larger than 10^18 in size",
                "sebuah bilangan dalam rumus lebih besar dari 10^18",
            ),
            Message("write a number up to 10^18 in size", "tulis bilangan yang besarnya paling banyak 10^18"),
            col,
        )


def _check_name(node: ast.Name, col: int | None, allowed: set[str], known_functions: set[str]) -> None:
    """A declared input: not private, not a function used as a value."""
    if node.id.startswith("_"):
        raise FormulaError(
            "LK304",
            M("name '{name}' not allowed", "nama '{name}' tidak boleh dipakai", name=node.id),
            None,
            col,
        )
    if node.id in known_functions and node.id not in allowed:
        raise FormulaError(
            "LK304",
            M("function '{name}' used as a value", "fungsi '{name}' dipakai sebagai nilai", name=node.id),
            M("call it: {name}(...)", "panggil: {name}(...)", name=node.id),
            col,
        )
    if node.id not in allowed:
        raise FormulaError(
            "LK302",
            M(
                "formula names '{name}', not a declared input",
                "rumus menyebut '{name}', yang bukan input yang dideklarasikan",
                name=node.id,
            ),
            did_you_mean(node.id, allowed)
            or (
                M("declared inputs: {names}", "input yang dideklarasikan: {names}", names=sorted(allowed))
                if allowed
                else M("declare it under `inputs:`", "deklarasikan di bawah `inputs:`")
            ),
            col,
        )


def _check_call(node: ast.Call, col: int | None, known_functions: set[str]) -> str:
    """A known function called by name with positional arguments; its name."""
    if not isinstance(node.func, ast.Name):
        raise FormulaError(
            "LK304",
            M(
                "only functions called by name are allowed",
                "hanya fungsi yang dipanggil dengan namanya yang boleh",
            ),
            None,
            col,
        )
    if node.func.id not in known_functions:
        raise FormulaError(
            "LK303",
            M("unknown function '{name}'", "fungsi '{name}' tidak dikenal", name=node.func.id),
            did_you_mean(node.func.id, known_functions)
            or M("available: {names}", "yang tersedia: {names}", names=sorted(known_functions)),
            col,
        )
    if node.keywords:
        raise FormulaError(
            "LK304",
            M(
                "keyword arguments not allowed in formulas",
                "argumen bernama (keyword) tidak boleh ada dalam rumus",
            ),
            None,
            col,
        )
    return node.func.id


def _number_only(name: str, op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def apply(a: Any, b: Any) -> Any:
        for value in (a, b):
            if isinstance(value, (Series, list, tuple)):
                raise FormulaValueError(
                    M(
                        "'{op}' works on numbers; use ratio(), percent() or sum() for series",
                        "'{op}' hanya untuk bilangan; pakai ratio(), percent() atau sum() untuk deret",
                        op=name,
                    )
                )
        return op(a, b)

    return apply


def _safe_pow(a: Any, b: Any) -> float:
    for value in (a, b):
        if isinstance(value, (Series, list, tuple)):
            raise FormulaValueError(M("'**' works on numbers only", "'**' hanya untuk bilangan"))
    a, b = float(a), float(b)
    if a == 0 or abs(a) == 1 or b == 0:
        return a**b
    estimate = b * math.log10(abs(a))
    if estimate > MAX_POWER_DIGITS:
        raise FormulaValueError(
            M("power too large (about 10**{e})", "pangkat terlalu besar (sekitar 10**{e})", e=f"{estimate:.3g}")
        )
    result = a**b
    if isinstance(result, complex):
        raise FormulaValueError(
            M(
                "power of a negative number gives no real result",
                "pangkat dari bilangan negatif tidak menghasilkan bilangan real",
            )
        )
    return result


_OPERATORS = {
    ast.Add: _number_only("+", operator.add),
    ast.Sub: _number_only("-", operator.sub),
    ast.Mult: _number_only("*", operator.mul),
    ast.Div: _number_only("/", operator.truediv),
    ast.FloorDiv: _number_only("//", operator.floordiv),
    ast.Mod: _number_only("%", operator.mod),
    ast.Pow: _safe_pow,
    ast.USub: lambda a: -_scalar(a),
    ast.UAdd: lambda a: +_scalar(a),
    ast.Not: operator.not_,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: _number_only("<", operator.lt),
    ast.LtE: _number_only("<=", operator.le),
    ast.Gt: _number_only(">", operator.gt),
    ast.GtE: _number_only(">=", operator.ge),
}


def _scalar(value: Any) -> Any:
    if isinstance(value, (Series, list, tuple)):
        raise FormulaValueError(M("unary minus works on numbers only", "tanda minus hanya untuk bilangan"))
    return value


class _Evaluator(simpleeval.SimpleEval):
    """simpleeval with lkip's functions and operators, no attributes, a time budget and an optional trace."""

    def __init__(self, names: dict[str, Any], text: str, trace: bool) -> None:
        super().__init__(operators=dict(_OPERATORS), functions=dict(FUNCTIONS), names=names)
        self.nodes[ast.List] = self._eval_sequence
        self.nodes[ast.Tuple] = self._eval_sequence
        for banned in (ast.Attribute, ast.Subscript, ast.JoinedStr, ast.FormattedValue, ast.Index, ast.Slice):
            self.nodes.pop(banned, None)
        self.text = text
        self.trace = trace
        self.steps: list[Step] = []
        self.deadline = time.process_time() + TIME_BUDGET_S

    def _eval(self, node: ast.AST) -> Any:
        if time.process_time() > self.deadline:
            raise FormulaValueError(
                M(
                    "formula used more than {s} s of CPU time",
                    "rumus memakai lebih dari {s} detik waktu CPU",
                    s=TIME_BUDGET_S,
                )
            )
        result = super()._eval(node)
        if isinstance(result, float):
            if not math.isfinite(result):  # 1e308 * 10 gives inf without an error: stop at the first one
                raise OverflowError(result)
        elif isinstance(result, Series) and not all(map(math.isfinite, result.values)):
            raise OverflowError("series")
        if self.trace and isinstance(node, (ast.Call, ast.BinOp)):
            segment = ast.get_source_segment(self.text, node)
            if segment:
                self.steps.append(Step(segment, result))
        return result

    def _eval_constant(self, node: ast.Constant) -> float:
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise FormulaValueError(
                M("only numbers are allowed as constants", "hanya bilangan yang boleh menjadi konstanta")
            )
        return float(node.value)

    def _eval_sequence(self, node: ast.List | ast.Tuple) -> Series:
        if len(node.elts) > 1000:
            raise FormulaValueError(M("list literal too long", "daftar terlalu panjang"))
        return Series(tuple(float(_scalar(self._eval(e))) for e in node.elts))
