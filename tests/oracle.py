"""The solver face of the rules, asked about one given timetable: CP-SAT with every
session fixed to the given placement. Tests compare it with the check face.

A placement that is not among the solver's candidates (a length the session does not
have, a holiday opening, dates outside the window) is added as a candidate of its own,
so that only the rules' encodings, never the candidate generator, can reject it."""

from __future__ import annotations

from ortools.sat.python import cp_model

from schedule_planner.domain.problem import Problem
from schedule_planner.encoding import Encoding, Enforce


class EveryCandidate(Enforce):
    """Solving, with options outside each session's own window too: so that the
    session-window rule's encoding, not the pruned candidates, rejects them."""

    in_window = False


def cpsat_verdict(problem, timetable) -> tuple[bool, int | None]:
    """(feasible, objective) of the full encoding with each session pinned to the
    timetable's placement."""
    # a fresh one (its candidates are changed below), with the same baseline and pins
    problem = Problem(problem.model, problem.baseline, problem.today)
    for session in problem.sessions:
        placement = timetable.get(session.id)
        if placement is not None and placement not in problem.candidates(session):
            problem.candidates(session).append(placement)
    enc = Encoding(problem, EveryCandidate()).build()
    for session in problem.sessions:
        placement = timetable.get(session.id)
        if placement is None:
            continue
        [lit] = [lit for option, lit in enc.options[session.id] if option == placement]
        enc.cp.add(lit == 1)
    for sid in timetable.dropped - set(timetable.placements):  # left out, as check reads it
        if sid in enc.dropped:
            enc.cp.add(enc.dropped[sid] == 1)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(enc.cp)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False, None
    return True, round(solver.objective_value) if enc.terms else 0
