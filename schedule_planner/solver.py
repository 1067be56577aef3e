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
    if problem.baseline is not None:
        enc.hint(problem.baseline)       # a re-solve starts from the timetable it changes
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
    objective = int(round(solver.objective_value)) if enc.terms else 0
    bound = int(round(solver.best_objective_bound)) if enc.terms else 0
    status_name = solver.status_name(status)
    remaining = time_limit - (time.perf_counter() - began)
    timetable = earliest(enc, timetable, objective, remaining, seed, workers)
    findings = evaluate(problem, timetable)
    hard = [f for f in findings if f.breach]
    if hard:  # the two faces of a rule disagree: a bug, never the user's fault
        raise PlannerError("internal error: the solved timetable breaks "
                           + "; ".join(f.line() for f in hard))
    return Result(status_name, timetable, objective, bound, findings, time.perf_counter() - began)


# the tie-break's objective stays below this (CP-SAT's integers are 64-bit)
LEXICOGRAPHIC_LIMIT = 2**60


def earliest(enc: Encoding, timetable: Timetable, objective: int, time_limit: float,
             seed: int, workers: int) -> Timetable:
    """Among the timetables of cost `objective` (or less), the lexicographically earliest
    in session order: the first session's earliest option (by opening, closing, venue
    and room order), then the second's, and so on. A second stage with the soft cost
    fixed, not part of the reported objective, so that an edit that changes no cost
    (a venue no session uses) moves no tied session. Sessions are taken in chunks whose
    ranks fit a weighted sum that is lexicographic (each weight exceeds every later
    rank's range); each chunk is solved, then fixed. If time runs out, the timetable
    found so far (of the same cost) stands."""
    began = time.perf_counter()
    if enc.terms:
        enc.cp.add(enc.soft <= objective)
    ranks = enc.ranks()
    chunks, chunk, size = [], [], 1
    for rank, n in ranks:
        if chunk and size * n >= LEXICOGRAPHIC_LIMIT:
            chunks.append(chunk)
            chunk, size = [], 1
        chunk.append((rank, n))
        size *= n
    if chunk:
        chunks.append(chunk)
    best = timetable
    for chunk in chunks:
        weights, w = [], 1
        for _, n in reversed(chunk):
            weights.append(w)
            w *= n
        weights.reverse()
        enc.hint(best)
        enc.cp.minimize(cp_model.LinearExpr.weighted_sum([r for r, _ in chunk], weights))
        left = time_limit - (time.perf_counter() - began)
        if left <= 0.01:
            break
        solver = make_solver(left, seed, workers, False)
        status = solver.solve(enc.cp)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        best = enc.decode(solver)
        if status != cp_model.OPTIMAL:
            break
        for rank, _ in chunk:
            enc.cp.add(rank == solver.value(rank))
    return best


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
