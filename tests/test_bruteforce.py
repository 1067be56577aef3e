"""The solver against an oracle that knows nothing of the encoding: on tiny models,
every possible placement of every session is judged by `check` alone, and the best
timetable found by exhaustive search must cost exactly what CP-SAT's optimum costs
(and exist exactly when CP-SAT finds one), and every placement no rule on one session
objects to must be among the solver's candidates. This catches candidate generation
that is too strict and objectives that do not add up."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import LIMIT, model_of_bodies, small_model_dict
from constraints import REGISTRY
from constraints.base import ResourceRule, SessionRule
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement, Timetable
from schedule_planner.errors import Infeasible
from schedule_planner.solver import solve
from test_agreement import working_weeks

START, DAYS = date(2023, 4, 3), 26  # Mon 3 Apr - Fri 28 Apr 2023: Easter inside


def day(i: int) -> str:
    return (START + timedelta(days=i)).isoformat()


@st.composite
def tiny_models(draw) -> Problem:
    data = small_model_dict()
    data["window"] = {"start": day(0), "end": day(DAYS - 1)}
    if (week := draw(working_weeks())) is not None:
        data["venues"][0]["working_days"] = week
    data["documents"] = {
        "contributions_weeks": 0,
        "consolidation_weeks": 0,
        "submission_weeks": draw(st.integers(0, 3)),
        "issuance_weeks": 0,
    }
    data["meetings"] = [
        {
            "body": "X",
            "venue": "vic",
            "start": day(a),
            "end": day(a + draw(st.integers(0, 4))),
            "rooms": draw(st.lists(st.sampled_from(["big", "small"]), max_size=2, unique=True)),
            "interpretation": draw(st.integers(0, 2)),
        }
        for a in draw(st.lists(st.integers(0, DAYS - 1), max_size=2))
    ]
    data["sessions"] = [
        {
            "id": sid,
            "name": sid,
            "room": {"seats": draw(st.sampled_from([50, 200]))},
            "length": draw(
                st.sampled_from(
                    [
                        {"weeks": 1},
                        {"days": 1},
                        {"days": 2},
                        {"days": 3},
                        {"calendar_days": 2},
                        {"calendar_days": 7},
                    ]
                )
            ),
            **(
                {"preferred": {"start": day(a), "end": day(a + 6)}}
                if (a := draw(st.integers(-1, DAYS - 7))) >= 0
                else {}
            ),
            # an optional session the solver may leave out, at its price or the default
            **(
                {
                    "optional": True,
                    **(
                        {"price": price}
                        if (price := draw(st.sampled_from([None, 0, 7, 40]))) is not None
                        else {}
                    ),
                }
                if draw(st.booleans())
                else {}
            ),
        }
        for sid in ("A", "B")
    ]
    if draw(st.booleans()):
        data["committee"]["max_sessions"] = 1
    # one committee, or two bodies competing for the rooms and interpreters
    return Problem(model_of_bodies(data, draw(st.sampled_from([[["A", "B"]], [["A"], ["B"]]]))))


HARD_UNARY = [r for r in REGISTRY if isinstance(r, SessionRule) and not r.soft]


def every_placement(problem: Problem, session) -> list[Placement]:
    """All dates and rooms at all, kept if no hard rule on one session objects."""
    out = []
    for a in range(DAYS):
        for b in range(a, DAYS):
            for room in ("big", "small"):
                p = Placement(session.id, "vic", room, START + timedelta(days=a), START + timedelta(days=b))
                if not any(rule.judge(problem, session, p) for rule in HARD_UNARY):
                    out.append(p)
    return out


# rules whose findings on a session depend on its placement alone: `check` on a timetable
# of that one session says what it says of the session in any timetable; the others
# (between sessions, on shared resources, on what is left out) only add to a timetable's
# cost, so the search need not check one whose sessions alone cannot beat the best
ALONE = [r for r in REGISTRY if isinstance(r, SessionRule) and not isinstance(r, ResourceRule)]
TOGETHER = [r for r in REGISTRY if r not in ALONE]


def exhaustive_best(problem: Problem, options: list[list[Placement | None]]) -> int | None:
    """The least cost of a timetable that takes one of each session's options (None:
    an optional session left out)."""
    best = None
    alone = {
        p: [f for r in ALONE for f in r.check(problem, Timetable({p.session: p}))]
        for opts in options
        for p in opts
        if p is not None
    }
    for combo in itertools.product(*options):
        findings = [f for p in combo if p is not None for f in alone[p]]
        cost = sum(f.cost for f in findings)
        if any(f.hard for f in findings) or (best is not None and cost >= best):
            continue
        tt = Timetable(
            {p.session: p for p in combo if p is not None},
            frozenset(s.id for s, p in zip(problem.sessions, combo) if p is None),
        )
        together = [f for r in TOGETHER for f in r.check(problem, tt)]
        cost += sum(f.cost for f in together)
        if any(f.hard for f in together) or (best is not None and cost >= best):
            continue
        best = cost
    return best


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tiny_models())
def test_cpsat_optimum_equals_the_exhaustive_optimum(problem):
    options = [every_placement(problem, s) for s in problem.sessions]
    for session, allowed in zip(problem.sessions, options):  # the solver may choose each of them
        assert set(allowed) <= set(problem.candidates(session)), session.length
    best = exhaustive_best(
        problem, [opts + [None] * s.optional for s, opts in zip(problem.sessions, options)]
    )
    try:
        result = solve(problem, time_limit=LIMIT)
    except Infeasible:
        assert best is None
        return
    assert result.status == "OPTIMAL" and result.objective == best
