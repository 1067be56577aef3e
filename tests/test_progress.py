"""The live progress of a long solve: fed by CP-SAT's solution callback, shown only on a
terminal."""

from __future__ import annotations

from conftest import model_from, small_model_dict
from schedule_planner.domain.problem import Problem
from schedule_planner.progress import Progress, progress_on_terminal
from schedule_planner.solver import solve


def test_the_solver_tells_progress_of_each_timetable_it_finds():
    progress = Progress()
    result = solve(Problem(model_from(small_model_dict())), progress=progress)
    assert progress.solutions >= 1 and progress.objective == result.objective
    assert "(proven)" in progress.__rich__() and f"best {result.objective:,}" in progress.__rich__()


def test_nothing_is_shown_when_stderr_is_not_a_terminal():
    with progress_on_terminal() as progress:
        assert progress is None
