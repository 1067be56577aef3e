"""The solver driver: the rules' encoding -> CP-SAT -> a timetable, checked again.

`solve` raises `Infeasible` when no timetable exists and knows nothing of diagnosis:
deciding to diagnose is the caller's business (`schedule_planner.app`).

Determinism: one search worker by default with a fixed seed, so the same model and
options give the same timetable; `--workers` trades that for speed on large models.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from constraints import Finding, evaluate

from .domain.problem import Problem
from .domain.timetable import Timetable
from .encoding import Encoding
from .errors import Infeasible, PlannerError


@dataclass
class Result:
    status: str                      # OPTIMAL or FEASIBLE
    timetable: Timetable
    objective: int
    bound: int
    findings: list[Finding] = field(default_factory=list)   # soft findings: the breakdown
    wall_time: float = 0.0


def solve(problem: Problem, time_limit: float = 30.0, seed: int = 0, workers: int = 1,
          log: bool = False) -> Result:
    """Date every session; raise Infeasible (status INFEASIBLE or UNKNOWN) when none is found."""
    began = time.perf_counter()
    enc = Encoding(problem).build()
    solver = make_solver(time_limit, seed, workers, log)
    status = solver.solve(enc.cp)
    if status == cp_model.INFEASIBLE:
        raise Infeasible("no timetable satisfies the hard rules")
    if status == cp_model.UNKNOWN:
        raise Infeasible(f"no timetable found within the time limit of {time_limit:g} s, and none "
                         "proven impossible either; try a longer --time-limit", status="UNKNOWN")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # MODEL_INVALID: a bug
        raise PlannerError(f"internal error: CP-SAT answered {solver.status_name(status)}: "
                           f"{enc.cp.validate()}")
    timetable = enc.decode(solver)
    findings = evaluate(problem, timetable)
    hard = [f for f in findings if f.hard]
    if hard:  # the two faces of a rule disagree: a bug, never the user's fault
        raise PlannerError("internal error: the solved timetable breaks "
                           + "; ".join(f.line() for f in hard))
    objective = int(round(solver.objective_value)) if enc.terms else 0
    return Result(solver.status_name(status), timetable, objective,
                  int(round(solver.best_objective_bound)) if enc.terms else 0,
                  findings, time.perf_counter() - began)


def make_solver(time_limit: float, seed: int, workers: int, log: bool) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    if log:
        solver.parameters.log_search_progress = True
        solver.parameters.log_to_stdout = False
        solver.log_callback = lambda line: print(line, file=sys.stderr)
    return solver
