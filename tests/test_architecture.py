"""The layout keeps one direction of flow: YAML -> model -> rules -> encoding -> solver
-> timetable rows -> renderers. Each module has a rank; a module imports only modules
of its own rank or below, never one above, and the imports form no cycle. A new module
must be given its rank here."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

RANK = {  # by module prefix, the flow's order
    "schedule_planner.domain": 0,  # the typed model, calendars, timetables, findings
    "schedule_planner.errors": 0,
    "schedule_planner.domain.time_budget": 0,  # the time limit of a whole command
    "schedule_planner.yamlio": 1,  # YAML with lines
    "schedule_planner.includes": 2,  # YAML files merged
    "schedule_planner.conferences": 2,  # other meetings in a CSV file, read and written
    "schedule_planner.loading": 2,  # YAML -> model
    "schedule_planner.holidays_gen": 2,
    "schedule_planner.regular": 2,  # regular bodies' meetings projected
    "schedule_planner.assembly": 2,  # the General Assembly for any session, and its occupancy
    "constraints": 3,  # the rules
    "schedule_planner.encoding": 4,  # the rules in CP-SAT
    "schedule_planner.solver": 5,
    "schedule_planner.greedy": 5,  # first-fit by hand, the benchmark's baseline
    "schedule_planner.mip": 4.5,  # the CP-SAT model as a MIP for HiGHS
    "schedule_planner.presolve": 6,  # what the rules say of a model or timetable
    "schedule_planner.diagnose": 6,
    "schedule_planner.explain": 6,
    "schedule_planner.proposal": 6,
    "schedule_planner.rows": 7,  # timetable rows
    "schedule_planner.occupancy": 7,  # what a timetable takes of the centre, day by day
    "schedule_planner.diff": 7.5,  # two timetables compared, from their rows and the rules
    "schedule_planner.outcome": 7.8,  # what a command's library call returns, for the renderers
    "schedule_planner.render": 8,  # renderers
    "schedule_planner.app": 9,  # what a command does
    "schedule_planner.progress": 9,  # the search shown live on a terminal
    "schedule_planner.output": 9,  # writing a command's output whole, or nothing
    "schedule_planner.authoring": 9,  # help for writing a model
    "schedule_planner.generate": 9,  # conference-centre models for the benchmark
    "schedule_planner.options": 10,  # the command line's options
    "schedule_planner.cli": 10,
}
PACKAGES = {"schedule_planner": 0}  # the package itself (empty), by exact name only
OURS = ("schedule_planner", "constraints")


def modules() -> dict[str, Path]:
    out = {}
    for package in OURS:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def rank(module: str) -> int:
    if module in PACKAGES:
        return PACKAGES[module]
    prefix = max((p for p in RANK if module == p or module.startswith(p + ".")), key=len, default=None)
    assert prefix is not None, f"{module} has no rank in tests/test_architecture.py"
    return RANK[prefix]


def imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ours that `module` imports, anywhere in it (deferred imports too)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def test_every_import_runs_down_the_flow():
    mods = modules()
    graph = {m: imports(m, p, set(mods)) for m, p in mods.items()}
    back = [
        f"{m} (rank {rank(m)}) imports {d} (rank {rank(d)})"
        for m, deps in graph.items()
        for d in sorted(deps)
        if rank(d) > rank(m)
    ]
    assert not back, back


def test_imports_form_no_cycle():
    mods = modules()
    graph = {m: imports(m, p, set(mods)) for m, p in mods.items()}
    state: dict[str, int] = {}

    def visit(m, path):
        if state.get(m) == 1:
            raise AssertionError("import cycle: " + " -> ".join(path + [m]))
        if state.get(m) == 2:
            return
        state[m] = 1
        for d in sorted(graph[m]):
            visit(d, path + [m])
        state[m] = 2

    for m in sorted(graph):
        visit(m, [])


def test_domain_and_rules_import_no_solver():
    """The domain layer and the rules stay free of OR-Tools (check stays fast) and the
    domain never reaches the rules."""
    for module, path in modules().items():
        if rank(module) > RANK["constraints"]:
            continue
        tree = ast.parse(path.read_text())
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not any(n.startswith("ortools") for n in names), module
