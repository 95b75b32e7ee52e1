"""Formulas compiled once to Python code, from the syntax tree the whitelist in formula.py has already checked.

simpleeval (formula._Evaluator) stays the reference: it validates nothing more, but it walks the tree on every
evaluation, 10–20× slower than Python's own evaluation of the same expression. Here the checked tree is rewritten
into a new one and compiled to a function of the inputs, run with no builtins and only the whitelisted functions.

The rewrite knows, from the inputs given, which values are numbers and which are series, and keeps every guard
of the reference path:
- arithmetic on two numbers is Python's own; anything that may involve a series goes through the reference path's
  own operator functions (which refuse sequence arithmetic) and `**` always through its bounded power;
- a value that is not finite (1e308 * 10) stops the evaluation as in the reference, wherever it could otherwise
  be hidden (a denominator, a comparison, a function's argument, a condition, `//`, `%`, `**`); elsewhere it
  propagates to the result, which is checked;
- list literals become series through the same conversion; the CPU budget is checked after the call (a compiled
  formula has no loops: at most formula.MAX_NODES operations, each on a bounded series).
A construct the rewrite does not handle (a chained comparison involving a series) is not compiled: that formula
keeps the reference path, which gives the same results.

Only names the rewrite itself makes start with an underscore (inputs cannot: formula.py rejects them), so a
formula cannot reach the helpers, and an input named like a function (`mean`) cannot shadow it.
"""

from __future__ import annotations

import ast
import itertools
import math
import time
import types
from collections.abc import Callable
from typing import Any

from .functions import FUNCTIONS, FormulaValueError, Series
from .messages import Message as M

NUMBER, SERIES, ANY = "number", "series", "any"

# Functions whose result is a number whatever their arguments; the others are element-wise (a series in, a series out).
_REDUCING = frozenset({"sum", "mean", "min", "max", "len", "round", "sqrt", "stdev", "cv"})

_NATIVE = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod)
# Operands where a non-finite value could vanish from the result (x / inf == 0, 5 % inf == 5).
_GUARD_RIGHT = (ast.Div, ast.FloorDiv, ast.Mod)
_GUARD_LEFT = (ast.FloorDiv, ast.Mod)


class NotCompiled(Exception):
    """The rewrite does not handle this construct; the formula keeps the reference path."""


class _Overflow(OverflowError):
    pass


def _overflow() -> Any:
    raise _Overflow("not finite")


def _finite(value: Any) -> Any:
    """The value, if it is a finite number or a series of finite numbers; else the reference path's overflow."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Overflow(value)
    elif isinstance(value, Series) and not all(map(math.isfinite, value.values)):
        raise _Overflow("series")
    return value


def _sequence(*elements: Any) -> Series:
    for element in elements:
        if isinstance(element, (Series, list, tuple)):
            raise FormulaValueError(M("unary minus works on numbers only", "tanda minus hanya untuk bilangan"))
    return Series(tuple(float(e) for e in elements))


class _Rewrite:
    """Builds the compiled tree; `kinds` says which inputs are numbers and which series."""

    def __init__(self, kinds: dict[str, str]) -> None:
        self.kinds = kinds
        self.temporaries = (f"_t{i}" for i in itertools.count())

    def expression(self, node: ast.AST) -> tuple[ast.expr, str]:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise NotCompiled(type(node).__name__)
        return method(node)

    # -- leaves
    def _Constant(self, node: ast.Constant) -> tuple[ast.expr, str]:
        value = node.value
        assert isinstance(value, (int, float))  # formula.py accepts numbers only
        return ast.Constant(float(value)), NUMBER

    def _Name(self, node: ast.Name) -> tuple[ast.expr, str]:
        return ast.Name(node.id, ast.Load()), self.kinds[node.id]

    # -- guards
    def guarded(self, node: ast.AST) -> tuple[ast.expr, str]:
        """The expression, stopped if its value is not finite (inputs and constants always are)."""
        expr, kind = self.expression(node)
        if isinstance(node, (ast.Name, ast.Constant)):
            return expr, kind
        if kind != NUMBER:
            return _call("_finite", [expr]), kind
        # (t if (t := x) - t == 0 else _overflow()): inf - inf and nan - nan are nan, so only finite values pass
        name = next(self.temporaries)
        test = ast.Compare(
            ast.BinOp(ast.NamedExpr(ast.Name(name, ast.Store()), expr), ast.Sub(), ast.Name(name, ast.Load())),
            [ast.Eq()],
            [ast.Constant(0.0)],
        )
        return ast.IfExp(test, ast.Name(name, ast.Load()), _call("_overflow", [])), NUMBER

    # -- operations
    def _BinOp(self, node: ast.BinOp) -> tuple[ast.expr, str]:
        op = type(node.op)
        if op is ast.Pow:
            left, _ = self.guarded(node.left)
            right, _ = self.guarded(node.right)
            return _call("_op_Pow", [left, right]), NUMBER
        left, lkind = self.guarded(node.left) if op in _GUARD_LEFT else self.expression(node.left)
        right, rkind = self.guarded(node.right) if op in _GUARD_RIGHT else self.expression(node.right)
        if lkind == NUMBER and rkind == NUMBER and op in _NATIVE:
            return ast.BinOp(left, node.op, right), NUMBER
        return _call(f"_op_{op.__name__}", [left, right]), NUMBER

    def _UnaryOp(self, node: ast.UnaryOp) -> tuple[ast.expr, str]:
        if isinstance(node.op, ast.Not):
            operand, _ = self.guarded(node.operand)
            return ast.UnaryOp(ast.Not(), operand), NUMBER
        operand, kind = self.expression(node.operand)
        if kind == NUMBER:
            return ast.UnaryOp(node.op, operand), NUMBER
        return _call(f"_op_{type(node.op).__name__}", [operand]), NUMBER

    def _Compare(self, node: ast.Compare) -> tuple[ast.expr, str]:
        left, lkind = self.guarded(node.left)
        rights = [self.guarded(c) for c in node.comparators]
        if lkind == NUMBER and all(kind == NUMBER for _, kind in rights):
            return ast.Compare(left, node.ops, [r for r, _ in rights]), NUMBER
        if len(node.ops) > 1:
            raise NotCompiled("chained comparison of a series")
        return _call(f"_op_{type(node.ops[0]).__name__}", [left, rights[0][0]]), NUMBER

    def _BoolOp(self, node: ast.BoolOp) -> tuple[ast.expr, str]:
        values = [self.guarded(v) for v in node.values]
        kind = NUMBER if all(k == NUMBER for _, k in values) else ANY
        return ast.BoolOp(node.op, [v for v, _ in values]), kind

    def _IfExp(self, node: ast.IfExp) -> tuple[ast.expr, str]:
        test, _ = self.guarded(node.test)
        body, bkind = self.expression(node.body)
        orelse, okind = self.expression(node.orelse)
        return ast.IfExp(test, body, orelse), bkind if bkind == okind else ANY

    def _Call(self, node: ast.Call) -> tuple[ast.expr, str]:
        assert isinstance(node.func, ast.Name)  # formula.py accepts calls by name only
        name = node.func.id
        args = [self.guarded(a) for a in node.args]
        reduced = name in _REDUCING or all(kind == NUMBER for _, kind in args)
        return _call(f"_f_{name}", [a for a, _ in args]), NUMBER if reduced else ANY

    def _sequence(self, node: ast.List | ast.Tuple) -> tuple[ast.expr, str]:
        return _call("_sequence", [self.guarded(e)[0] for e in node.elts]), SERIES

    _List = _Tuple = _sequence


def _call(name: str, args: list[ast.expr]) -> ast.Call:
    return ast.Call(ast.Name(name, ast.Load()), args, [])


def _namespace() -> dict[str, Any]:
    from .formula import _OPERATORS  # the reference path's operators: one definition of every guard

    space: dict[str, Any] = {"__builtins__": {}, "_finite": _finite, "_overflow": _overflow, "_sequence": _sequence}
    space.update({f"_op_{op.__name__}": function for op, function in _OPERATORS.items()})
    space.update({f"_f_{name}": function for name, function in FUNCTIONS.items()})
    return space


_SPACE: dict[str, Any] | None = None


def compile_tree(tree: ast.Expression, names: tuple[str, ...], kinds: dict[str, str]) -> Callable[..., Any]:
    """A function of the inputs (in the order of `names`) computing the checked formula `tree`."""
    global _SPACE
    if _SPACE is None:
        _SPACE = _namespace()
    body, _ = _Rewrite(kinds).expression(tree.body)
    arguments = ast.arguments(
        posonlyargs=[], args=[ast.arg(n) for n in names], kwonlyargs=[], kw_defaults=[], defaults=[]
    )
    module = ast.Expression(ast.Lambda(arguments, body))
    ast.fix_missing_locations(module)
    code = compile(module, "<formula>", "eval", dont_inherit=True)
    # The lambda's own code, made a function over the helpers' namespace: nothing is executed to define it.
    (body_code,) = (c for c in code.co_consts if isinstance(c, types.CodeType))
    return types.FunctionType(body_code, _SPACE, "formula")


def within(deadline: float, seconds: float) -> None:
    """The reference path's CPU budget, checked once after a compiled evaluation."""
    if time.process_time() > deadline:
        raise FormulaValueError(
            M("formula used more than {s} s of CPU time", "rumus memakai lebih dari {s} detik waktu CPU", s=seconds)
        )
