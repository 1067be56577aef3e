"""The solver driver: rules -> CP-SAT -> timetable.

Formulation (time-indexed): every candidate placement of a session (venue, room,
opening, closing) is a Boolean; exactly one per session is chosen. Start and end days
are linear in those Booleans, so rules between sessions are linear constraints, and a
rule on a single placement either forbids its Boolean or puts a price on it.

Determinism: one search worker by default with a fixed seed, so the same model and
options give the same timetable; `--workers` trades that for speed on large models.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from constraints import REGISTRY, RULES, Finding, evaluate

from .errors import Infeasible, PlannerError
from .plan import Placement, Problem, Timetable, fmt_range


class Encoding:
    """A thin facade over CP-SAT that knows each session's options and records every
    constraint and price under its rule and session name, never a solver variable."""

    def __init__(self, problem: Problem, diagnose: bool = False):
        self.problem = problem
        self.cp = cp_model.CpModel()
        self.diagnose = diagnose
        self.guards: dict[tuple[str, str], cp_model.IntVar] = {}
        self.forbidden: list[cp_model.IntVar] = []        # normal mode: fixed false in one go
        self._live: dict[str, dict[int, tuple[Placement, cp_model.IntVar]]] = {}
        self.terms: list[tuple[str, str, cp_model.IntVar, int]] = []
        self.options: dict[str, list[tuple[Placement, cp_model.IntVar]]] = {}
        self.start: dict[str, cp_model.LinearExpr] = {}
        self.end: dict[str, cp_model.LinearExpr] = {}
        for session in problem.sessions:
            opts = [(p, self.cp.new_bool_var(f"{p.session}@{p.venue}/{p.room}/{p.start}"))
                    for p in problem.candidates(session)]
            self.options[session.id] = opts
            self._live[session.id] = {lit.index: (p, lit) for p, lit in opts}
            lits = [lit for _, lit in opts]
            self.cp.add_exactly_one(lits)
            self.start[session.id] = cp_model.LinearExpr.weighted_sum(
                lits, [p.start.toordinal() for p, _ in opts])
            self.end[session.id] = cp_model.LinearExpr.weighted_sum(
                lits, [p.end.toordinal() for p, _ in opts])

    def live(self, session: str):
        """The session's options no hard rule has forbidden yet (all of them when
        diagnosing, where every rule must state its own part)."""
        if self.diagnose:
            return self.options[session]
        return list(self._live[session].values())

    def _enforce(self, constraint, rule: str, session: str) -> None:
        if self.diagnose:
            key = (rule, session)
            if key not in self.guards:
                self.guards[key] = self.cp.new_bool_var(f"{rule}[{session}]")
            constraint.only_enforce_if(self.guards[key])

    def forbid(self, rule: str, session: str, lit) -> None:
        """A hard rule excludes this option."""
        if self.diagnose:
            self._enforce(self.cp.add(lit == 0), rule, session)
        else:
            self._live[session].pop(lit.index, None)
            self.forbidden.append(lit)

    def require(self, rule: str, session: str, expr) -> None:
        """A hard rule requires expr >= 0 (days of slack)."""
        self._enforce(self.cp.add(expr >= 0), rule, session)

    def penalize(self, rule: str, session: str, lit, cost: int) -> None:
        """A soft rule prices this option."""
        if cost:
            self.terms.append((rule, session, lit, cost))

    def build(self) -> "Encoding":
        for rule in REGISTRY:
            if self.diagnose and rule.soft:
                continue
            rule.encode(self)
        if self.forbidden:
            self.cp.add_bool_and([lit.Not() for lit in self.forbidden])
        if self.diagnose:
            self.cp.add_assumptions(list(self.guards.values()))
        elif self.terms:
            self.cp.minimize(cp_model.LinearExpr.weighted_sum(
                [lit for _, _, lit, _ in self.terms], [cost for _, _, _, cost in self.terms]))
        return self

    def decode(self, solver: cp_model.CpSolver) -> Timetable:
        tt = Timetable()
        for session in self.problem.sessions:
            for p, lit in self.options[session.id]:
                if solver.boolean_value(lit):
                    tt.placements[session.id] = p
                    break
        return tt


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
    began = time.perf_counter()
    for session in problem.sessions:
        if not problem.candidates(session):
            raise Infeasible(
                f"no timetable: {session.id} ({session.length}) cannot be placed at all within the "
                f"planning window {fmt_range(problem.model.window.start, problem.model.window.end)} "
                f"at its venues (rules: session-length, session-window)")
    enc = Encoding(problem).build()
    solver = _solver(time_limit, seed, workers, log)
    status = solver.solve(enc.cp)
    if status == cp_model.INFEASIBLE:
        raise Infeasible(_diagnose(problem, time_limit, seed, log))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise Infeasible(f"no timetable found within the time limit of {time_limit:g} s "
                         f"(solver status {solver.status_name(status)}); try a longer --time-limit")
    timetable = enc.decode(solver)
    findings = evaluate(problem, timetable)
    hard = [f for f in findings if f.level == "hard"]
    if hard:  # the two faces of a rule disagree: a bug, never the user's fault
        raise PlannerError("internal error: the solved timetable breaks "
                           + "; ".join(f.line() for f in hard))
    objective = int(round(solver.objective_value)) if enc.terms else 0
    return Result(solver.status_name(status), timetable, objective,
                  int(round(solver.best_objective_bound)) if enc.terms else 0,
                  findings, time.perf_counter() - began)


def _solver(time_limit: float, seed: int, workers: int, log: bool) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    if log:
        solver.parameters.log_search_progress = True
        solver.parameters.log_to_stdout = False
        solver.log_callback = lambda line: print(line, file=sys.stderr)
    return solver


def _diagnose(problem: Problem, time_limit: float, seed: int, log: bool) -> str:
    """Name a set of (rule, session) pairs that cannot hold together, from CP-SAT's
    assumptions core. Every hard constraint is guarded by one literal per rule and session."""
    enc = Encoding(problem, diagnose=True).build()
    solver = _solver(time_limit, seed, 1, log)
    if solver.solve(enc.cp) != cp_model.INFEASIBLE:
        return "no timetable satisfies the hard rules (the solver could not isolate which ones)"
    names = {lit.index: key for key, lit in enc.guards.items()}
    core = sorted({names[i] for i in solver.sufficient_assumptions_for_infeasibility()},
                  key=lambda k: ([r.name for r in REGISTRY].index(k[0]), k[1]))
    lines = [f"  - {rule} for {session}: {RULES[rule].summary}" for rule, session in core]
    return "no timetable satisfies these hard rules together:\n" + "\n".join(lines)
