"""Lengths as committees count them (issue 19, point 3): `weeks: N` is 5N working days
from any weekday, with a Monday start the soft preference (monday-start); a length may
be a range, the solver preferring its longest (short-session); a lost day is counted
only inside the session's own weeks. Each rule through both faces (tests/verifier.py)."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from conftest import LIMIT, model_from, small_model_dict, write_model
from constraints.lost_meeting_day import LostMeetingDay
from constraints.monday_start import MondayStart
from constraints.session_length import SessionLength
from constraints.short_session import ShortSession
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement
from schedule_planner.solver import solve
from verifier import verify

D = date.fromisoformat


def P(session, start, end, room="big"):
    return Placement(session, "vic", room, D(start), D(end))


def small(**lengths) -> Problem:
    """The small model (Good Friday 7 Apr, Easter Monday 10 Apr and 1 May closed), its
    sessions' lengths changed."""
    data = small_model_dict()
    for s in data["sessions"]:
        if s["id"] in lengths:
            s["length"] = lengths[s["id"]]
    return Problem(model_from(data))


# ------------------------------------------------------------ weeks from any weekday


def test_two_weeks_from_a_tuesday_close_on_the_monday_after():
    problem = small()
    tuesday = P("B", "2023-06-13", "2023-06-26")  # 10 working days
    verify(SessionLength).given(problem, tuesday).holds()
    verify(LostMeetingDay).given(problem, tuesday).holds()
    verify(MondayStart).given(problem, tuesday).costs(20).says("opens on Tue 13 Jun 2023, a Tuesday")
    verify(MondayStart).given(problem, P("B", "2023-06-12", "2023-06-23")).holds()
    # nine or eleven working days are no two weeks
    verify(SessionLength).given(problem, P("B", "2023-06-13", "2023-06-23")).breaks("B").says(
        "a 2-week session opening on Tue 13 Jun 2023 closes on Mon 26 Jun 2023, not on Fri 23 Jun 2023"
    )
    verify(SessionLength).given(problem, P("B", "2023-06-13", "2023-06-27")).breaks("B")


def test_a_lost_day_is_counted_only_inside_the_sessions_own_weeks():
    """After Easter Monday, two weeks from the Tuesday lose nothing (a Tuesday start);
    two weeks counted from the Monday open on the Tuesday, close on the Friday and lose
    the Monday (a Monday start)."""
    problem = small()
    from_tuesday = P("B", "2023-04-11", "2023-04-24")
    verify(SessionLength).given(problem, from_tuesday).holds()
    verify(LostMeetingDay).given(problem, from_tuesday).holds()
    verify(MondayStart).given(problem, from_tuesday).costs(20)
    from_monday = P("B", "2023-04-11", "2023-04-21")
    verify(SessionLength).given(problem, from_monday).holds()
    verify(LostMeetingDay).given(problem, from_monday).costs(10).says("Easter Monday, Mon 10 Apr 2023")
    verify(MondayStart).given(problem, from_monday).holds()
    # two weeks from the Wednesday before Good Friday lose it and Easter Monday
    verify(LostMeetingDay).given(problem, P("B", "2023-04-05", "2023-04-18")).costs(20)


def test_the_solver_opens_on_a_tuesday_when_only_a_tuesday_fits():
    """B's window runs Tuesday 13 to Monday 26 June: whole Monday-Friday weeks cannot
    fit, two weeks from the Tuesday do (before: no option at all)."""
    data = small_model_dict()
    data["sessions"][1]["window"] = {"start": "2023-06-13", "end": "2023-06-26"}
    result = solve(Problem(model_from(data)), time_limit=LIMIT)
    p = result.timetable.get("B")
    assert (p.start, p.end) == (D("2023-06-13"), D("2023-06-26"))
    assert "monday-start" in [f.rule for f in result.findings if f.session == "B"]
    assert not [f for f in result.findings if f.breach]


def test_a_monday_start_is_preferred():
    """Unconstrained, every session of weeks of the small model opens on a Monday."""
    result = solve(small(), time_limit=LIMIT)
    for sid in ("A", "B"):
        assert result.timetable.get(sid).start.weekday() == 0
    assert not [f for f in result.findings if f.rule == "monday-start"]


# ------------------------------------------------------------ ranges


def test_any_length_of_a_range_holds_and_each_day_short_costs():
    problem = small(C={"days": {"min": 2, "max": 4}})
    for end, short in (("2023-06-13", 2), ("2023-06-14", 1), ("2023-06-15", 0)):
        p = P("C", "2023-06-12", end, room="small")
        verify(SessionLength).given(problem, p).holds()
        if short:
            verify(ShortSession).given(problem, p).costs(10 * short).says(f"{short} short of its longest")
        else:
            verify(ShortSession).given(problem, p).holds()
    verify(SessionLength).given(problem, P("C", "2023-06-12", "2023-06-16", room="small")).breaks("C").says(
        "a 2-to-4-day session opening on Mon 12 Jun 2023 closes between Tue 13 Jun 2023 and "
        "Thu 15 Jun 2023, not on Fri 16 Jun 2023"
    )
    verify(SessionLength).given(problem, P("C", "2023-06-12", "2023-06-12", room="small")).breaks("C")


def test_a_range_of_weeks_counts_each_week_short_in_working_days():
    problem = small(B={"weeks": {"min": 1, "max": 2}})
    one = P("B", "2023-06-12", "2023-06-16")
    verify(SessionLength).given(problem, one).holds()
    verify(ShortSession).given(problem, one).costs(50)
    verify(ShortSession).given(problem, P("B", "2023-06-12", "2023-06-23")).holds()


def test_the_solver_meets_the_longest_length_that_fits():
    data = small_model_dict()
    data["sessions"][2]["length"] = {"days": {"min": 2, "max": 4}}
    result = solve(Problem(model_from(data)), time_limit=LIMIT)
    c = result.timetable.get("C")
    assert len(Problem(model_from(data)).meeting_days("vic", c.start, c.end)) == 4
    # within a window of three meeting days, three: one day short
    data["sessions"][2]["window"] = {"start": "2023-06-14", "end": "2023-06-16"}
    result = solve(Problem(model_from(data)), time_limit=LIMIT)
    c = result.timetable.get("C")
    assert (c.start, c.end) == (D("2023-06-14"), D("2023-06-16"))
    assert [(f.rule, f.cost) for f in result.findings if f.session == "C"] == [("short-session", 10)]


def test_a_range_reads_in_words():
    model = model_from({**small_model_dict()})
    length = model.sessions[0].length.model_validate({"days": {"min": 8, "max": 10}})
    assert (str(length), length.adjective) == ("8 to 10 meeting days", "8-to-10-day")


@pytest.mark.parametrize(
    "length, message",
    [
        ({"days": {"min": 10, "max": 8}}, "sessions[2].length.days: min 10 is more than max 8"),
        ({"weeks": {"min": 1, "max": 13}}, "sessions[2].length.weeks: a length of weeks is from 1 to 12"),
        ({"days": {"min": 8}}, "sessions[2].length.days: max: Field required"),
        ({"days": 0}, "sessions[2].length.days: a length of days is from 1 to 60 (got 0)"),
    ],
)
def test_a_bad_range_is_one_message_with_file_and_line(tmp_path, length, message):
    data = small_model_dict()
    data["sessions"][2]["length"] = length
    path = write_model(tmp_path, data)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and f"{path}:" in lines[0] and message in lines[0], result.output
