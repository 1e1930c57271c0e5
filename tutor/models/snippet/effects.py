"""What a block of code could change, read once from its syntax.

Used to decide whether a loop must be unrolled (it builds something) or can be skipped (a
training loop), and what to mark unknown when a block cannot be followed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

# Methods that change the object they are called on: a model's layers, a list of layers.
MUTATING = frozenset({"add", "pop", "build", "append", "extend", "insert"})


@dataclass(frozen=True)
class Effects:
    names: frozenset[str]  # names it assigns, defines or imports
    loop_targets: frozenset[str]  # names assigned only as `for` targets inside it
    mutated: tuple[str, ...]  # names whose .add(), .append(), ... it calls
    stored: tuple[str, ...]  # names whose attributes or items it sets
    called: tuple[ast.Call, ...]  # calls of plain names (perhaps the snippet's own functions)
    callees: tuple[ast.expr, ...]  # what every call calls: `layers.Dense`, `model.add`, `f`
    generator: bool  # it contains `yield`
    declares_global: bool


def effects(node: ast.AST, cache: dict[int, Effects]) -> Effects:
    key = id(node)  # nodes live as long as the reading, so ids are not reused meanwhile
    if key not in cache:
        cache[key] = _effects(node)
    return cache[key]


def _effects(root: ast.AST) -> Effects:
    nodes = list(ast.walk(root))
    target_ids = {id(n) for node in nodes if isinstance(node, ast.For | ast.AsyncFor
                                                          | ast.comprehension)
                  for n in ast.walk(node.target)}
    names: set[str] = set()
    targets: set[str] = set()
    other_stores: set[str] = set()
    mutated: list[str] = []
    stored: list[str] = []
    called: list[ast.Call] = []
    callees: list[ast.expr] = []
    generator = declares_global = False
    for node in nodes:
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
            (targets if id(node) in target_ids else other_stores).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.Attribute | ast.Subscript) and isinstance(
                node.ctx, ast.Store | ast.Del):
            stored.extend(_base_name(node))
        elif isinstance(node, ast.Call):
            callees.append(node.func)
            if isinstance(node.func, ast.Attribute) and node.func.attr in MUTATING:
                mutated.extend(_base_name(node.func))
            elif isinstance(node.func, ast.Name):
                called.append(node)
        elif isinstance(node, ast.Yield | ast.YieldFrom):
            generator = True
        elif isinstance(node, ast.Global):
            declares_global = True
    # A name the block also assigns otherwise is not only a loop target.
    return Effects(frozenset(names), frozenset(targets - other_stores), tuple(mutated),
                   tuple(stored), tuple(called), tuple(callees), generator, declares_global)


def _base_name(node: ast.AST) -> list[str]:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Starred):
        node = node.value
    return [node.id] if isinstance(node, ast.Name) else []
