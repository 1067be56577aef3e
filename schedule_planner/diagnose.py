"""Why no timetable exists, and the smallest relaxations that would give one.

1. Every hard rule's constraints for one session sit behind one assumption literal;
   CP-SAT (one worker, no objective) returns a core of (rule, session) pairs that
   cannot hold together, which is then shrunk by deletion to a minimal one: dropping
   any pair from it makes the rest satisfiable.
2. A relaxed model lets every rule that the model can relax (windows, document
   periods, gaps, fixed dates not yet held) break, each at a price equal to the size of
   its breach in days, and minimizes the total: the relaxations are computed, not
   guessed, and they are the smallest that restore a timetable.
3. Each broken rule turns its breach into a change of the model (widen a window,
   shorten a period), the changes are applied together and the model solved again to
   prove they work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from constraints import REGISTRY, RULES, Finding, evaluate

from .plan import Problem, Timetable
from .solver import Encoding, make_solver

ORDER = {rule.name: i for i, rule in enumerate(REGISTRY)}


@dataclass
class Relaxation:
    finding: Finding               # the breach in the least-breaching timetable, in check's words
    advice: str                    # what to change in the model
    applicable: bool               # whether planner can apply it to prove it works


@dataclass
class Diagnosis:
    conflict: list[tuple[str, str]]                 # minimal set of (rule, session)
    relaxations: list[Relaxation] = field(default_factory=list)
    timetable: Timetable | None = None              # the least-breaching timetable
    verified: bool | None = None                    # the relaxed model solved: True; None: not all applicable
    verified_objective: int | None = None

    def as_dict(self) -> dict:
        return {
            "conflict": [{"rule": r, "session": s} for r, s in self.conflict],
            "relaxations": [{"advice": r.advice, "applicable": r.applicable, **r.finding.as_dict()}
                            for r in self.relaxations],
            "verified": self.verified,
            "verified_objective": self.verified_objective,
        }

    def text(self) -> str:
        lines = ["no timetable satisfies these hard rules together (a minimal conflict: "
                 "relaxing any one of them removes it, though the model may hold others):"]
        lines += [f"  - {rule} for {session}: {RULES[rule].summary}" for rule, session in self.conflict]
        if self.relaxations:
            lines.append("The smallest relaxation that restores a timetable (fewest days of breach "
                         "over windows, document periods, gaps and fixed dates):")
            for r in self.relaxations:
                lines.append(f"  - {r.advice}")
                lines.append(f"    ({r.finding.session} {r.finding.date}: {r.finding.rule}: {r.finding.message})")
            if self.verified:
                lines.append(f"Verified: with these changes the model has a timetable "
                             f"(soft-rule cost {self.verified_objective}).")
            elif self.verified is False:
                lines.append("These changes together still leave no timetable: relax further.")
            else:
                lines.append("Some of these changes are outside the model (rooms, other bodies' "
                             "meetings); planner could not test them.")
        return "\n".join(lines)


def diagnose(problem: Problem, time_limit: float = 30.0) -> Diagnosis:
    conflict = minimal_conflict(problem, time_limit)
    if not conflict:
        return Diagnosis([])
    diagnosis = Diagnosis(conflict)
    relaxable = frozenset((rule.name, s.id) for rule in REGISTRY if not rule.soft
                          for s in problem.sessions if rule.relaxable_for(s))
    timetable = least_breach(problem, relaxable, time_limit)
    if timetable is None:
        return diagnosis
    diagnosis.timetable = timetable
    model, applicable = problem.model, True
    for f in evaluate(problem, timetable):
        if f.level != "hard":
            continue
        session = problem.by_id[f.session]
        change = RULES[f.rule].relaxation(problem, session, timetable.get(session.id), f.amount)
        if change is None:
            applicable = False
            diagnosis.relaxations.append(Relaxation(f, f"{f.session}: {f.rule} would have to give "
                                                       f"way by {f.amount}: {f.message}", False))
            continue
        advice, apply = change
        model = apply(model)
        diagnosis.relaxations.append(Relaxation(f, advice, True))
    if applicable and diagnosis.relaxations:
        from .solver import solve

        try:
            result = solve(Problem(model), time_limit=time_limit, diagnose_on_failure=False)
            diagnosis.verified, diagnosis.verified_objective = True, result.objective
        except Exception:  # noqa: BLE001 - any failure means the relaxation did not work
            diagnosis.verified = False
    return diagnosis


def minimal_conflict(problem: Problem, time_limit: float) -> list[tuple[str, str]]:
    """A minimal set of (rule, session) pairs that cannot hold together: an assumptions
    core from CP-SAT, shrunk by deletion."""
    enc = Encoding(problem, mode="diagnose").build()

    def infeasible(keys) -> tuple[bool, cp_model.CpSolver]:
        enc.cp.clear_assumptions()
        enc.cp.add_assumptions([enc.guards[k] for k in keys])
        solver = make_solver(time_limit, 0, 1, False)
        # with assumptions, presolve and probing cost seconds and find nothing more here
        solver.parameters.cp_model_presolve = False
        solver.parameters.cp_model_probing_level = 0
        return solver.solve(enc.cp) == cp_model.INFEASIBLE, solver

    everything = sorted(enc.guards, key=lambda k: (ORDER[k[0]], k[1]))
    found, solver = infeasible(everything)
    if not found:
        return []
    names = {lit.index: key for key, lit in enc.guards.items()}
    core = sorted({names[i] for i in solver.sufficient_assumptions_for_infeasibility()},
                  key=lambda k: (ORDER[k[0]], k[1]))
    for key in list(core):
        trial = [k for k in core if k != key]
        if infeasible(trial)[0]:
            core = trial
    return core


def least_breach(problem: Problem, relax: frozenset, time_limit: float) -> Timetable | None:
    """The timetable that breaks the relaxable rules least (total days), and among those
    the one of least soft cost."""
    enc = Encoding(problem, mode="relax", relax=relax).build()
    solver = make_solver(time_limit, 0, 1, False)
    solver.parameters.linearization_level = 2   # measured: a third faster on this objective
    if solver.solve(enc.cp) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    enc.cp.add(enc.breach <= int(round(solver.objective_value)))
    enc.cp.minimize(enc.soft)
    solver = make_solver(time_limit, 0, 1, False)
    if solver.solve(enc.cp) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return enc.decode(solver)
