"""No import circle between the apps, including through modules the layers contract does not name.

The layers contract in pyproject.toml (run by `make lint`) orders the modules
that exist today; a module added later is in no layer, so it could close a
circle the contract never sees. This walks the whole import graph instead.
"""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

APPS = ("workbench", "review", "translations")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    built = grimp.build_graph(*APPS, include_external_packages=False)
    modules = {m for m in built.modules if ".migrations" not in m}
    return {m: {d for d in built.find_modules_directly_imported_by(m) if d in modules} for m in modules}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_circle_through_two_apps():
    edges = {"a.x": {"b.y"}, "b.y": {"b.z"}, "b.z": {"a.x"}, "a.w": {"a.x"}}
    assert circles(edges) == [["a.x", "b.y", "b.z"]]


def test_no_import_circle_runs_through_two_apps(graph):
    spanning = [c for c in circles(graph) if len({m.split(".")[0] for m in c}) > 1]
    assert spanning == []


def test_inside_an_app_the_only_circle_is_the_qa_registry(graph):
    # The QA checks register themselves on import (Weblate's pattern): the
    # registry imports the check modules, which import the registry's decorator.
    others = [c for c in circles(graph) if not all(m.startswith("translations.qa.") for m in c)]
    assert others == []


def test_every_app_module_is_in_a_layer_of_the_contract_or_below_one(graph):
    # A new top-level module of an app must be placed in the layers contract.
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    named = {part.strip() for layer in layers for part in layer.replace("|", ":").split(":")}
    unplaced = sorted(
        m
        for m in graph
        if m.count(".") >= 1
        and not any(m == n or m.startswith(n + ".") for n in named)
        and m.rsplit(".", 1)[-1] not in {"apps", "settings", "celery", "wsgi", "asgi", "db_rules", "db_backends"}
        and not m.startswith(("workbench.db_backends", "workbench.management", "workbench.static"))
    )
    assert unplaced == []
