"""What the commands do, between the command line and the library: load a model with
the registry's rule names, solve it and diagnose when no timetable exists, read a
timetable someone wrote. The solver never diagnoses; this layer decides to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from constraints import LEVELS

from .domain.findings import Finding
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


GIVEN = "GIVEN"   # the status of a timetable read with --from whose recorded one no longer holds


@dataclass
class Given:
    """A timetable read with --from, shaped as the solver's result for the renderers:
    the soft findings and their cost as the rules judge them now, and a status."""

    status: str
    timetable: Timetable
    objective: int
    findings: list[Finding] = field(default_factory=list)   # soft, as the solver's
    hard: list[Finding] = field(default_factory=list)       # hard rules the timetable breaks


def read_given(source: str, problem: Problem) -> tuple[Given, list[str], list[str]]:
    """A timetable someone wrote (or a solve's JSON) to render without solving, with
    notes and the ids of the sessions it leaves out.

    Its status is the one the file records (OPTIMAL, FEASIBLE) while that still holds:
    the file was made from this very model (the same digest), the timetable places every
    session, breaks no hard rule and costs what the file says. Otherwise it is GIVEN: a
    timetable given, not solved. So a solve's JSON renders as the solve did.
    """
    from constraints import evaluate

    from .proposal import missing, read_document
    from .render import provenance

    timetable, notes, doc = read_document(source, problem)
    gone = missing(problem, timetable)
    findings = evaluate(problem, timetable)
    hard = [f for f in findings if f.breach]
    soft = [f for f in findings if not f.hard and not f.history]
    objective = sum(f.cost for f in soft)
    made = doc.produced_by if isinstance(doc.produced_by, dict) else {}
    holds = (doc.status in ("OPTIMAL", "FEASIBLE") and not hard and not gone
             and str(doc.objective) == str(objective)
             and made.get("model_digest") == provenance(problem)["model_digest"])
    return Given(doc.status if holds else GIVEN, timetable, objective, soft, hard), notes, gone
