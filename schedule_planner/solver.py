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

from constraints import REGISTRY, Finding, evaluate

from .errors import Infeasible, PlannerError
from .plan import Placement, Problem, Timetable


# A relaxation considers no breach of a rule by more than this many weeks (a larger one
# is a new plan, not a relaxation; measured: it keeps the relaxed model of the default's
# infeasible variant under 1 s); it also looks this far beyond the planning window.
RELAX_WEEKS = 8
# Looking for a conflict, sessions may take dates this far beyond the planning window,
# so that a conflict it finds holds even if the window moved by up to a year (measured:
# 1.5 s for the default's infeasible variant, 2.2 s with two years).
CONFLICT_MARGIN_WEEKS = 52


class Encoding:
    """A thin facade over CP-SAT that knows each session's options and records every
    constraint and price under its rule and session name, never a solver variable.

    Modes: `solve` (hard rules enforced, soft rules priced); `diagnose` (hard rules only,
    each (rule, session) behind an assumption literal, for an infeasibility core);
    `relax` (the (rule, session) pairs in `relax` may be broken at a price equal to the
    amount of the breach, which the objective minimizes before any soft cost).
    """

    def __init__(self, problem: Problem, mode: str = "solve", relax: frozenset = frozenset()):
        self.problem = problem
        self.cp = cp_model.CpModel()
        self.mode = mode
        self.relax = relax
        self.guards: dict[tuple[str, str], cp_model.IntVar] = {}
        self.forbidden: list[cp_model.IntVar] = []        # fixed false in one go at build
        self.guarded: dict[tuple[str, str], list[cp_model.IntVar]] = {}   # diagnose: forbidden per guard
        self.violations: list[tuple[cp_model.LinearExpr, int]] = []   # relax mode: (expr, coefficient)
        self.shared: dict[tuple[str, str], cp_model.IntVar] = {}      # relax mode: one breach for all
        self._live: dict[str, dict[int, tuple[Placement, cp_model.IntVar]]] = {}
        self.terms: list[tuple[str, str, cp_model.IntVar, int]] = []
        self.options: dict[str, list[tuple[Placement, cp_model.IntVar]]] = {}
        self.start: dict[str, cp_model.LinearExpr] = {}
        self.end: dict[str, cp_model.LinearExpr] = {}
        # diagnosing, the session may also take dates beyond the planning window, so that
        # the window can show up in a conflict and be priced in a relaxation
        margin = {"solve": 0, "diagnose": CONFLICT_MARGIN_WEEKS, "relax": RELAX_WEEKS}[mode]
        for session in problem.sessions:
            opts = [(p, self.cp.new_bool_var(f"{p.session}@{p.venue}/{p.room}/{p.start}"))
                    for p in problem.candidates(session, margin)]
            self.options[session.id] = opts
            self._live[session.id] = {lit.index: (p, lit) for p, lit in opts}
            self.cp.add_exactly_one([lit for _, lit in opts])
            # start and end days as integers over the options' days (date.toordinal()),
            # equal to the options' weighted sum: rules between sessions propagate on small
            # domains, and the model keeps one equality per session instead of one
            # conditional constraint per option (measured: 0.16 s for the default solve
            # against 0.25 s)
            for name, day in (("start", lambda p: p.start), ("end", lambda p: p.end)):
                values = sorted({day(p).toordinal() for p, _ in opts}) or [0]
                var = self.cp.new_int_var_from_domain(cp_model.Domain.from_values(values),
                                                      f"{session.id}.{name}")
                self.cp.add(var == cp_model.LinearExpr.weighted_sum(
                    [lit for _, lit in opts], [day(p).toordinal() for p, _ in opts]))
                getattr(self, name)[session.id] = var

    def live(self, session: str):
        """The session's options no hard rule has ruled out yet (all of them unless
        solving, where every rule must state its own part)."""
        if self.mode != "solve":
            return self.options[session]
        return list(self._live[session].values())

    def _guard(self, rule: str, session: str):
        key = (rule, session)
        if key not in self.guards:
            self.guards[key] = self.cp.new_bool_var(f"{rule}[{session}]")
        return self.guards[key]

    def forbid(self, rule: str, session: str, lit, amount: int = 1, shared: dict | None = None) -> None:
        """A hard rule excludes this option; `amount` is the size of the breach, `shared`
        its parts that one change for all sessions relaxes (priced once, by side)."""
        if self.mode == "diagnose":
            self.guarded.setdefault((rule, session), []).append(lit)
        elif (rule, session) in self.relax and amount <= 7 * RELAX_WEEKS:
            if shared is None:
                self.violations.append((lit, max(1, amount)))
            for side, days in (shared or {}).items():
                if days:
                    self.cp.add(self._shared(rule, side) >= days).only_enforce_if(lit)
        else:
            self._live[session].pop(lit.index, None)
            self.forbidden.append(lit)

    def _shared(self, rule: str, side: str):
        key = (rule, side)
        if key not in self.shared:
            self.shared[key] = self.cp.new_int_var(0, 7 * RELAX_WEEKS, f"{rule}.{side}")
            self.violations.append((self.shared[key], 1))
        return self.shared[key]

    def require(self, rule: str, session: str, expr, most_relaxable: int = 0) -> None:
        """A hard rule requires expr >= 0 (days of slack); in relax mode a breach of up to
        `most_relaxable` days (and never more than RELAX_WEEKS) is allowed at a price."""
        limit = min(most_relaxable, 7 * RELAX_WEEKS)
        if self.mode == "diagnose":
            self.cp.add(expr >= 0).only_enforce_if(self._guard(rule, session))
        elif (rule, session) in self.relax and limit > 0:
            short = self.cp.new_int_var(0, limit, f"short:{rule}[{session}]")
            self.cp.add(expr + short >= 0)
            self.violations.append((short, 1))
        else:
            self.cp.add(expr >= 0)

    def penalize(self, rule: str, session: str, lit, cost: int) -> None:
        """A soft rule prices this option."""
        if cost:
            self.terms.append((rule, session, lit, cost))

    def build(self) -> "Encoding":
        for rule in REGISTRY:
            if self.mode == "diagnose" and rule.soft:
                continue
            rule.encode(self)
        if self.forbidden:
            self.cp.add_bool_and([lit.Not() for lit in self.forbidden])
        for (rule, session), lits in self.guarded.items():
            self.cp.add_bool_and([lit.Not() for lit in lits]).only_enforce_if(self._guard(rule, session))
        self.soft = cp_model.LinearExpr.weighted_sum([t[2] for t in self.terms], [t[3] for t in self.terms])
        self.breach = cp_model.LinearExpr.weighted_sum([v for v, _ in self.violations],
                                                       [c for _, c in self.violations])
        if self.mode == "diagnose":
            self.cp.add_assumptions(list(self.guards.values()))
        elif self.mode == "relax":
            self.cp.minimize(self.breach)   # then, with the breach fixed, the soft cost
        elif self.terms:
            self.cp.minimize(self.soft)
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
          log: bool = False, diagnose_on_failure: bool = True) -> Result:
    """Date every session; raise Infeasible with a diagnosis when no timetable exists."""
    from .presolve import obvious_conflicts

    began = time.perf_counter()
    problems = obvious_conflicts(problem)
    if problems:
        raise Infeasible("the model cannot be solved as written:\n"
                         + "\n".join(f"  - {p}" for p in problems))
    enc = Encoding(problem).build()
    solver = make_solver(time_limit, seed, workers, log)
    status = solver.solve(enc.cp)
    if status == cp_model.INFEASIBLE:
        if not diagnose_on_failure:
            raise Infeasible("no timetable satisfies the hard rules")
        from .diagnose import diagnose

        diagnosis = diagnose(problem, time_limit)
        raise Infeasible(diagnosis.text(), diagnosis)
    if status == cp_model.UNKNOWN:
        raise Infeasible(f"no timetable found within the time limit of {time_limit:g} s, and none "
                         "proven impossible either; try a longer --time-limit", status="UNKNOWN")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # MODEL_INVALID: a bug
        raise PlannerError(f"internal error: CP-SAT answered {solver.status_name(status)}: "
                           f"{enc.cp.validate()}")
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
