"""The solver face of the rules, asked about one given timetable: CP-SAT with every
session fixed to the given placement. Tests compare it with the check face."""

from __future__ import annotations

from ortools.sat.python import cp_model

from schedule_planner.solver import Encoding


def cpsat_verdict(problem, timetable) -> tuple[bool, int | None]:
    """(feasible, objective) of the full encoding with each session pinned to the
    timetable's placement; a placement that is not even a candidate is infeasible."""
    enc = Encoding(problem).build()
    for session in problem.sessions:
        placement = timetable.get(session.id)
        if placement is None:
            continue
        lits = [lit for option, lit in enc.options[session.id] if option == placement]
        if not lits:
            return False, None
        enc.cp.add(lits[0] == 1)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(enc.cp)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False, None
    return True, int(round(solver.objective_value)) if enc.terms else 0
