"""translation-capacity: the pages of pre-session documents every body's sessions need
translated between submission and issuance, within the weekly capacity they share."""

from __future__ import annotations

from datetime import date

from conftest import model_of_bodies, small_model_dict, timetable
from constraints import evaluate
from oracle import cpsat_verdict
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement
from schedule_planner.solver import solve

D = date.fromisoformat


def two_bodies(
    capacity: int | None, pages: int = 90, optional: bool = False, window: str = "2023-06-30"
) -> Problem:
    """Sessions A and B (two bodies), one week each in May or June 2023, in rooms of their
    own; documents submitted 4 weeks ahead and issued 1 week ahead (3 weeks of
    translation, 30 pages a week each)."""
    data = small_model_dict()
    data["meetings"] = []
    data["documents"] = {**data["documents"], "submission_weeks": 4, "issuance_weeks": 1, "pages": pages}
    if capacity is not None:
        data["translation_capacity"] = capacity
    may = {"start": "2023-05-08", "end": window}
    data["sessions"] = [
        {"id": "A", "name": "A", "length": {"weeks": 1}, "window": may, "room": {"seats": 400}},
        {
            "id": "B",
            "name": "B",
            "length": {"weeks": 1},
            "window": may,
            "room": {"seats": 50},
            "preferred": {"start": "2023-05-08", "end": "2023-05-12"},
            "optional": optional,
        },
    ]
    return Problem(model_of_bodies(data, [["A"], ["B"]]))


def same_week():
    return timetable(
        Placement("A", "vic", "big", D("2023-05-08"), D("2023-05-12")),
        Placement("B", "vic", "small", D("2023-05-08"), D("2023-05-12")),
    )


def test_without_a_capacity_translation_is_unlimited():
    problem = two_bodies(None)
    assert not [f for f in evaluate(problem, same_week()) if f.hard]


def test_check_names_the_week_the_resource_and_the_competing_session():
    problem = two_bodies(50)
    found = {f.session: f for f in evaluate(problem, same_week()) if f.hard}
    assert set(found) == {"A", "B"} and {f.rule for f in found.values()} == {"translation-capacity"}
    assert found["A"].message == (
        "translation takes 30 pages a week of the session's documents, and B (30) the week of "
        "Mon 10 Apr 2023: more than the 50 pages a week translators handle, in 3 weeks from "
        "Mon 10 Apr 2023"
    )
    assert found["A"].amount == 3
    assert cpsat_verdict(problem, same_week()) == (False, None)


def test_the_solver_keeps_translation_within_capacity_and_check_agrees():
    problem = two_bodies(50)
    result = solve(problem)
    a, b = result.timetable.get("A"), result.timetable.get("B")
    assert abs((a.start - b.start).days) >= 21  # three weeks of translation apart
    assert not [f for f in evaluate(problem, result.timetable) if f.hard]
    assert solve(two_bodies(60)).timetable.get("B").start == D("2023-05-08")


def test_overloaded_translation_leaves_the_optional_session_out():
    problem = two_bodies(50, optional=True, window="2023-05-12")
    result = solve(problem)
    assert result.timetable.dropped == frozenset({"B"})
    assert not [f for f in evaluate(problem, result.timetable) if f.hard]
