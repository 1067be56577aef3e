"""What the commands do, between the command line and the library: load a model with
the registry's rule names, solve it and diagnose when no timetable exists, read a
timetable someone wrote. The solver never diagnoses; this layer decides to.
"""

from __future__ import annotations

from constraints import LEVELS

from .domain.problem import Problem
from .domain.timetable import Timetable
from .errors import Infeasible
from .loading import load_model


def load(path=None, weights: dict[str, int] | None = None) -> Problem:
    """The model at `path` (None: the default one), ready for the rules."""
    return Problem(load_model(path, LEVELS, weights))


def solve(problem: Problem, time_limit: float = 30.0, seed: int = 0, workers: int = 1,
          log: bool = False):
    """Date every session. When no timetable exists, raise Infeasible with the obvious
    reasons (pre-solve checks: a session that cannot meet anywhere, sessions that cannot
    follow one another) or, if there are none, with a diagnosis: a minimal conflict and
    the smallest relaxation that restores a timetable."""
    from .presolve import obvious_conflicts
    from .solver import solve as run

    try:
        return run(problem, time_limit=time_limit, seed=seed, workers=workers, log=log)
    except Infeasible as exc:
        if exc.status != "INFEASIBLE":
            raise
    # CP-SAT proves such models infeasible at once; the checks then say why in words
    problems = obvious_conflicts(problem)
    if problems:
        raise Infeasible("the model cannot be solved as written:\n"
                         + "\n".join(f"  - {p}" for p in problems))
    from .diagnose import diagnose

    diagnosis = diagnose(problem, time_limit)
    raise Infeasible(diagnosis.text(), diagnosis)


def read_timetable(source: str, problem: Problem) -> tuple[Timetable, list[str], list[str]]:
    """A proposal or an earlier solve's JSON as a timetable, with notes on what was
    assumed, and the ids of the model's sessions it leaves out."""
    from .proposal import missing, read_proposal

    timetable, notes = read_proposal(source, problem)
    return timetable, notes, missing(problem, timetable)
