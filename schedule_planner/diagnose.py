"""Why no timetable exists, and the smallest relaxations that would give one.

1. Every hard rule's constraints for one session sit behind one assumption literal;
   CP-SAT (one worker, no objective) returns a core of (rule, session) pairs that
   cannot hold together, which is then shrunk by deletion to a minimal one: dropping
   any pair from it makes the rest satisfiable.
2. A relaxed model lets every rule that the model can relax (windows, document
   periods, gaps, fixed dates not yet held) break, and minimizes first the number of
   distinct changes of the model this takes (a value several sessions share, such as a
   body's minimum gap, is one change, at what the neediest session needs), then the
   days of breach (`fewest_changes=False`: the days alone). The relaxations are
   computed, not guessed.
3. Each change is put in words, with the model line that holds the value now and the
   `--set` that makes it; the changes are applied together and the model solved again
   to prove they work.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from constraints import HARD, REGISTRY, RULES, Finding, evaluate

from .domain import time_budget
from .domain.problem import Problem
from .domain.schema import Span
from .domain.text import fmt_range
from .domain.timetable import Timetable
from .encoding import Encoding, Guard, Relax
from .errors import Infeasible
from .solver import make_solver, solve

ORDER = {rule.name: i for i, rule in enumerate(REGISTRY)}


@dataclass
class Relaxation:
    finding: Finding  # the breach in the least-breaching timetable, in check's words
    advice: str  # what to change in the model
    applicable: bool  # whether planner can apply it to prove it works
    sets: list[str] = field(default_factory=list)  # the --set PATH=VALUE that make it
    lines: list[str] = field(default_factory=list)  # where the values are written now
    also: list[str] = field(default_factory=list)  # other sessions the same change serves

    def as_dict(self) -> dict:
        return {
            "advice": self.advice,
            "applicable": self.applicable,
            "set": self.sets,
            "where": self.lines,
            "also_for": self.also,
            **self.finding.as_dict(),
        }


@dataclass
class Diagnosis:
    conflict: list[tuple[str, str]]  # minimal set of (rule, session)
    relaxations: list[Relaxation] = field(default_factory=list)
    timetable: Timetable | None = None  # the least-breaching timetable
    verified: bool | None = None  # True: the changed model solves; None: untested
    verified_objective: int | None = None
    complete: bool = True  # False: the time limit cut a step short
    window_after: Span | None = None  # the planning window the changes make
    minimal: bool = True  # False: the conflict may hold more than needed
    fewest_changes: bool = True  # what the relaxation minimised first

    def as_dict(self) -> dict:
        return {
            "conflict": [{"rule": r, "session": s} for r, s in self.conflict],
            "minimal": self.minimal,
            "relaxations": [r.as_dict() for r in self.relaxations],
            "minimised": "changes, then days" if self.fewest_changes else "days",
            "verified": self.verified,
            "verified_objective": self.verified_objective,
            "complete": self.complete,
            "window_after": None
            if self.window_after is None
            else {"start": self.window_after.start.isoformat(), "end": self.window_after.end.isoformat()},
        }

    def text(self) -> str:
        if not self.conflict:
            return (
                "no timetable satisfies the hard rules, and the diagnosis ran out of time "
                "before it could say which: try a longer --time-limit"
            )
        what = (
            "a minimal conflict: relaxing any one of them removes it, though the model may hold others"
            if self.minimal
            else "not yet shrunk to a minimal set: the time limit ran out"
        )
        lines = [f"no timetable satisfies these hard rules together ({what}):"]
        lines += [f"  - {rule} for {session}: {RULES[rule].summary}" for rule, session in self.conflict]
        if self.relaxations:
            n = len(self.relaxations)
            what = "change that restores" if n == 1 else f"{n} changes that restore"
            lines.append(
                f"The {what} a timetable "
                + (
                    "(the fewest changes of windows, document periods, gaps and fixed dates, "
                    "then the fewest days of breach):"
                    if self.fewest_changes
                    else "(the fewest days of breach over windows, document periods, gaps and fixed dates):"
                )
            )
            for r in self.relaxations:
                lines.append(f"  - {r.advice}")
                for i, s in enumerate(r.sets):
                    now = f"  (written now at {r.lines[i]})" if i < len(r.lines) else ""
                    lines.append(f"    --set {s}{now}")
                also = f"; also for {', '.join(r.also)}" if r.also else ""
                lines.append(
                    f"    ({r.finding.session} {r.finding.date}: {r.finding.rule}: {r.finding.message}{also})"
                )
            if self.window_after is not None:
                lines.append(
                    f"  The planning window becomes {fmt_range(self.window_after.start, self.window_after.end)}."
                )
            if not self.complete:
                lines.append("  (The time limit ran out before this was proven the smallest.)")
            if self.verified:
                lines.append(
                    f"Verified: with these changes the model has a timetable "
                    f"(soft-rule cost {self.verified_objective})."
                )
            elif self.verified is False:
                lines.append("These changes together still leave no timetable: relax further.")
            else:
                lines.append(
                    "planner could not verify these changes"
                    + (" within the time limit." if not self.complete else ".")
                )
        elif self.complete:
            lines.append(
                "No change to windows, document periods, gaps or fixed dates (of sessions "
                "not yet held) of up to 8 weeks each restores a timetable: the conflict "
                "lies in rules planner cannot relax (rooms, interpretation, lengths, "
                "holidays) or needs a larger change."
            )
        else:
            lines.append("The time limit ran out before a relaxation was found: try a longer --time-limit.")
        return "\n".join(lines)


class Budget:
    """One time limit for the whole diagnosis, however many solver calls it takes."""

    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + min(seconds, time_budget.left())

    def solver(self) -> cp_model.CpSolver:
        return make_solver(max(0.05, self.deadline - time.monotonic()), 0, 1, False)


def diagnose(problem: Problem, time_limit: float = 30.0, fewest_changes: bool = True) -> Diagnosis:
    budget = Budget(time_limit)
    whole, problem = problem, problem.essential()  # what can always be left out is
    conflict, minimal = minimal_conflict(problem, budget)
    diagnosis = Diagnosis(conflict, minimal=minimal, complete=minimal, fewest_changes=fewest_changes)
    if not conflict:
        diagnosis.complete = False
        return diagnosis
    relaxable = frozenset(
        (rule.name, s.id)
        for rule in REGISTRY
        for s in problem.sessions
        if rule.level_for(problem, s.id) == HARD
        # a pinned session's dates are history, a firm rule holds: never advice
        if s.id not in problem.pinned
        and not problem.is_firm(rule.name, s.id)
        and rule.relaxable_for(problem, s)
    )
    timetable, status = least_breach(problem, relaxable, budget, fewest_changes)
    diagnosis.complete = diagnosis.complete and status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
    if timetable is None:
        return diagnosis
    diagnosis.timetable = timetable
    model, applicable = problem.model, True
    # the breaches by the model value that gives way: one change each, at what the
    # neediest of the sessions that share the value needs
    by_value: dict[tuple, list[Finding]] = {}
    for f in evaluate(problem, timetable):
        if f.breach:
            key = (
                RULES[f.rule].parameter(problem, problem.by_id[f.session])
                if fewest_changes
                else (f.rule, f.session)
            )
            by_value.setdefault(key, []).append(f)
    for found in by_value.values():
        f = max(found, key=lambda f: f.amount)
        also = [g.session for g in found if g is not f]
        session = problem.by_id[f.session]
        change = RULES[f.rule].relaxation(
            problem, session, timetable.get(session.id), f.amount, fewest_changes
        )
        if change is None:
            applicable = False
            diagnosis.relaxations.append(
                Relaxation(
                    f,
                    f"{f.session}: {f.rule} would have to give way by {f.amount}: {f.message}",
                    False,
                    also=also,
                )
            )
            continue
        model = change.apply(model)
        sets = [set_text(problem, session, scope, path, value) for scope, path, value in change.settings]
        # a body's document field is found through a session of it
        lines = (
            [
                problem.origin(scope or (session.id if path.startswith("documents.") else None), path)
                for scope, path, _ in change.settings
            ]
            if problem.origin is not None
            else []
        )
        diagnosis.relaxations.append(Relaxation(f, change.advice, True, sets, lines, also))
    if model.window != problem.model.window:
        diagnosis.window_after = model.window
    if applicable and diagnosis.relaxations:
        remaining = budget.deadline - time.monotonic()
        try:
            # verified on the whole model, with the meetings the diagnosis left aside
            result = solve(
                Problem(_with_free(model, whole.model), problem.baseline, problem.today),
                time_limit=max(0.1, remaining),
            )
            diagnosis.verified, diagnosis.verified_objective = True, result.objective
        except Infeasible as exc:
            if exc.status == "INFEASIBLE":
                diagnosis.verified = False
            else:
                diagnosis.complete = False
    return diagnosis


def _with_free(model, whole):
    """The changed model with the meetings `Problem.essential` left aside put back."""
    bodies = []
    for body, full in zip(model.bodies, whole.bodies):
        kept = {s.id for s in body.sessions}
        bodies.append(
            body.model_copy(
                update={"sessions": body.sessions + [s for s in full.sessions if s.id not in kept]}
            )
        )
    return model.model_copy(update={"bodies": bodies})


def minimal_conflict(problem: Problem, budget: Budget) -> tuple[list[tuple[str, str]], bool]:
    """A set of (rule, session) pairs that cannot hold together: an assumptions core from
    CP-SAT, shrunk by deletion; and whether the shrinking finished (the set is minimal)."""
    guard = Guard()
    enc = Encoding(problem, guard).build()
    solver = budget.solver()
    # with assumptions, presolve and probing cost seconds and find nothing more here
    solver.parameters.cp_model_presolve = False
    solver.parameters.cp_model_probing_level = 0
    # the full LP of the options' start and end days proves the gaps and windows
    # infeasible at once (measured on the default model with a late S2: 0.6 s against
    # 18.5 s at the default level, sessions of weeks opening on any weekday)
    solver.parameters.linearization_level = 2
    if solver.solve(enc.cp) != cp_model.INFEASIBLE:
        return [], False
    names = {lit.index: key for key, lit in guard.guards.items()}
    core = sorted(
        {names[i] for i in solver.sufficient_assumptions_for_infeasibility()},
        key=lambda k: (ORDER[k[0]], k[1]),
    )

    def status_of(keys) -> cp_model.CpSolverStatus:
        """Whether these pairs alone hold: the guards fixed, so that presolve can work
        (measured: tens of milliseconds a test, against seconds under assumptions)."""
        trial = enc.cp.clone()
        trial.clear_assumptions()
        for key, lit in guard.guards.items():
            trial.add(lit == int(key in keys))
        return budget.solver().solve(trial)

    minimal = True
    for key in list(core):
        trial = [k for k in core if k != key]
        status = status_of(set(trial))
        if status == cp_model.INFEASIBLE:
            core = trial
        elif status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # out of time: keep it, say so
            minimal = False
    return core, minimal


def set_text(problem: Problem, session, scope: str | None, path: str, value) -> str:
    """A change as `--set` takes it: sessions[S7].window.end=2024-01-05, or for a body
    planned beside the committee bodies[CND].documents.min_gap_weeks=4; the planning
    window is the model's own."""
    body = problem.body(session)
    prefix = "" if body is problem.model.bodies[0] else f"bodies[{body.id}]."
    if scope:
        return f"{prefix}sessions[{scope}].{path}={value}"
    return f"{prefix if path.startswith('documents.') else ''}{path}={value}"


def least_breach(
    problem: Problem, relax: frozenset, budget: Budget, fewest_changes: bool = True
) -> tuple[Timetable | None, cp_model.CpSolverStatus]:
    """The timetable that breaks the relaxable rules least (fewest changes, then days;
    or days alone), and among those the one of least soft cost; with the solver's status."""
    enc = Encoding(problem, Relax(relax, fewest_changes)).build()
    solver = budget.solver()
    solver.parameters.linearization_level = 2  # measured: a third faster on this objective
    status = solver.solve(enc.cp)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, status
    enc.cp.add(enc.relaxed <= round(solver.objective_value))
    enc.cp.minimize(enc.soft)
    first = enc.decode(solver.boolean_value)
    solver = budget.solver()
    if solver.solve(enc.cp) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return first, status
    return enc.decode(solver.boolean_value), status
