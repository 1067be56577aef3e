"""One rule at a time, in the style of Timefold's ConstraintVerifier: given a small model
and a few placements, what one rule says of them, through both of its faces.

    verify(LostMeetingDay).given(problem, P("B", ...)).costs(20)
    verify(RoomFree).given(problem, *placements).breaks("A")
    verify(SessionOrder).given(problem, *placements).holds()

The check face is the rule's own `check` on the timetable of the placements. The encode
face is the rule's `encode` alone in CP-SAT, every placement fixed (and every session
in `dropped` left out): a hard rule holds there exactly when the model is feasible, and
a soft rule costs the prices it put on the options chosen. Sessions neither placed nor
dropped are left to the solver (at their cheapest for the rule), and to check unseen.
Other rules never enter: a test of one rule pins that rule's cost, never a total."""

from __future__ import annotations

from ortools.sat.python import cp_model

from constraints import Finding, Rule, registered
from oracle import EveryCandidate
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement, Timetable
from schedule_planner.encoding import Encoding


def verify(kind: type[Rule]) -> Verifier:
    return Verifier(registered(kind))


class Verifier:
    def __init__(self, rule: Rule):
        self.rule = rule

    def given(self, problem: Problem, *placements: Placement, dropped: tuple[str, ...] = ()) -> Given:
        timetable = Timetable({p.session: p for p in placements}, frozenset(dropped))
        return Given(self.rule, problem, timetable)


class Given:
    def __init__(self, rule: Rule, problem: Problem, timetable: Timetable):
        self.rule, self.problem, self.timetable = rule, problem, timetable
        # at the levels the problem's model sets (`rules:`)
        self.findings: list[Finding] = list(rule.findings(problem, timetable))

    def encoded(self) -> tuple[bool, int | None]:
        """(feasible, the rule's cost) of the rule's encoding alone, the placements fixed."""
        # a fresh problem (its candidates are added to below), with the same baseline and today
        problem = Problem(self.problem.model, self.problem.baseline, self.problem.today)
        for p in self.timetable:
            if p not in problem.candidates(problem.by_id[p.session]):
                problem.candidates(problem.by_id[p.session]).append(p)
        enc = Encoding(problem, EveryCandidate())
        self.rule.encode(enc)
        if enc.forbidden:
            enc.cp.add_bool_and([lit.Not() for lit in enc.forbidden])
        for p in self.timetable:
            [lit] = [lit for option, lit in enc.options[p.session] if option == p]
            enc.cp.add(lit == 1)
        for sid in self.timetable.dropped:
            enc.cp.add(enc.dropped[sid] == 1)
        cost = cp_model.LinearExpr.weighted_sum([t[2] for t in enc.terms], [t[3] for t in enc.terms])
        enc.cp.minimize(cost)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        if solver.solve(enc.cp) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False, None
        return True, round(solver.objective_value) if enc.terms else 0

    def breaks(self, *sessions: str) -> Given:
        """The rule, hard (as the model sets it), breaks for exactly these sessions (or
        bodies, or reports), and its encoding rejects the placements."""
        assert sessions
        assert sorted({f.session for f in self.findings if f.breach}) == sorted(sessions), self.findings
        assert self.encoded() == (False, None)
        return self

    def costs(self, cost: int) -> Given:
        """The rule, soft (as the model sets it), costs this much in both faces."""
        assert all(not f.hard for f in self.findings), self.findings
        assert sum(f.cost for f in self.findings) == cost, self.findings
        assert self.encoded() == (True, cost)
        return self

    def holds(self) -> Given:
        """The rule finds nothing, costs nothing, and its encoding accepts the placements."""
        assert not self.findings, self.findings
        assert self.encoded() == (True, 0)
        return self

    def says(self, *words: str) -> Given:
        """Its findings' messages say these words."""
        text = " ".join(f.message for f in self.findings)
        assert all(w in text for w in words), text
        return self
