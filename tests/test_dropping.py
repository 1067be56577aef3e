"""Optional sessions (issue 9, point 5): the one dropping mechanism. An optional session
may be left out at its price (dropped-session); a body holds between min_sessions and
max_sessions of its sessions (session-count); a session may be fixed first or last.
Left-out sessions are listed under `dropped` in JSON, named in the table, and the rules
between sessions then hold between those that meet."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from conftest import LIMIT, ROOT, model_from, small_model_dict, write_model
from constraints import RULES, evaluate, registered
from constraints.days_moved import DaysMoved
from constraints.dropped_session import EVENT_SHARE, DroppedSession
from constraints.moved_session import ANNOUNCED, MovedSession
from schedule_planner.cli import main
from schedule_planner.diagnose import diagnose
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement, Timetable
from schedule_planner.errors import Infeasible
from schedule_planner.solver import solve

D = date.fromisoformat
SCENARIO = ROOT / "data" / "scenarios" / "six-and-concluding.yaml"
# its sessions of weeks opening on Mondays only (a Monday start as dear as a session left
# out): at monday-start's own price, weeks from other weekdays fit a seventh session
MONDAYS = ("--weight", "monday-start=100000")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def small(**changes) -> dict:
    data = small_model_dict()
    for sid, fields in changes.items():
        if sid == "committee":
            data["committee"].update(fields)
        else:
            next(s for s in data["sessions"] if s["id"] == sid).update(fields)
    return data


def test_the_cheapest_optional_session_is_left_out_when_fewer_may_meet():
    data = small(
        committee={"max_sessions": 2}, B={"optional": True, "price": 50}, C={"optional": True, "price": 5}
    )
    result = solve(Problem(model_from(data)), time_limit=LIMIT)
    assert result.timetable.dropped == {"C"}
    assert result.timetable.get("C") is None and result.timetable.get("B") is not None
    assert [f.cost for f in result.findings if f.rule == "dropped-session"] == [5]
    # without the cap every session meets: leaving one out is never free of its price
    result = solve(Problem(model_from(small(B={"optional": True}, C={"optional": True}))), time_limit=LIMIT)
    assert not result.timetable.dropped and len(result.timetable.placements) == 3


def test_the_default_price_is_the_weight_times_the_bodys_priority():
    data = small(committee={"max_sessions": 2, "priority": 3}, C={"optional": True})
    problem = Problem(model_from(data))
    result = solve(problem, time_limit=LIMIT)
    assert result.timetable.dropped == {"C"}
    assert result.objective >= 3 * RULES["dropped-session"].default_weight
    assert sum(f.cost for f in result.findings) == result.objective


def test_leaving_out_outweighs_moving_far_and_a_consultation_gives_way_first():
    """What dropped-session's docstring promises at the default weights: leaving a session
    out costs ten times moving an announced one by a year; leaving out a consultation
    costs less than moving a session by two months."""
    dropped, moved, days = registered(DroppedSession), registered(MovedSession), registered(DaysMoved)
    assert dropped.default_weight >= 10 * (moved.default_weight * ANNOUNCED + days.default_weight * 365)
    assert dropped.default_weight // EVENT_SHARE < moved.default_weight + days.default_weight * 60


def test_min_sessions_keeps_optional_sessions_and_an_impossible_count_is_a_conflict():
    data = small(
        committee={"min_sessions": 3},
        B={"optional": True},
        C={"optional": True},
        A={"window": {"start": "2023-07-03", "end": "2023-07-31"}},
    )
    # A must meet in July, so B and C (after it) cannot: min_sessions 3 is infeasible
    problem = Problem(model_from(data))
    with pytest.raises(Infeasible):
        solve(problem, time_limit=LIMIT)
    diagnosis = diagnose(problem, time_limit=LIMIT)
    assert ("session-count", "test") in diagnosis.conflict
    data["committee"]["min_sessions"] = 1
    result = solve(Problem(model_from(data)), time_limit=LIMIT)
    assert result.timetable.dropped == {"B", "C"}


def test_rules_between_sessions_hold_between_those_that_meet():
    # B left out: A and C meet one after the other, and the gap holds between them
    data = small(committee={"max_sessions": 2}, B={"optional": True, "price": 1})
    data["documents"]["min_gap_weeks"] = 4
    problem = Problem(model_from(data))
    result = solve(problem, time_limit=LIMIT)
    a, c = result.timetable.get("A"), result.timetable.get("C")
    assert result.timetable.dropped == {"B"}
    assert (c.start - a.end).days >= 28
    # check says the same of a proposal that leaves B out with C too close to A
    close = Timetable(
        {"A": a, "C": Placement("C", "vic", "big", D("2023-03-27"), D("2023-03-29"))}, frozenset({"B"})
    )
    close.placements["A"] = Placement("A", "vic", "big", D("2023-03-20"), D("2023-03-24"))
    broken = [f for f in evaluate(problem, close) if f.breach]
    assert [(f.rule, f.session) for f in broken if f.rule == "session-order"] == [("session-order", "C")]


def test_a_last_session_meets_after_all_others_wherever_it_is_listed():
    data = small(A={"position": "last"})
    result = solve(Problem(model_from(data)), time_limit=LIMIT)
    tt = result.timetable
    assert tt.get("A").start > tt.get("C").end and tt.get("C").start > tt.get("B").end
    data = small(C={"position": "first"})
    tt = solve(Problem(model_from(data)), time_limit=LIMIT).timetable
    assert tt.get("C").end < tt.get("A").start


@pytest.mark.parametrize(
    "change, field, words",
    [
        (
            {"A": {"position": "last"}, "B": {"position": "last"}},
            "sessions[1].position",
            "only one can be last",
        ),
        ({"A": {"price": 3}}, "sessions[0]", "not optional"),
        (
            {
                "A": {
                    "optional": True,
                    "status": "held",
                    "fixed": {"start": "2023-03-06", "end": "2023-03-10"},
                }
            },
            "sessions[0]",
            "held, so it cannot be optional",
        ),
        (
            {"committee": {"min_sessions": 3, "max_sessions": 2}},
            "committee.max_sessions",
            "less than min_sessions",
        ),
        ({"committee": {"min_sessions": 4}}, "committee.min_sessions", "the model lists 3"),
        (
            {"committee": {"max_sessions": 1}, "C": {"optional": True}},
            "committee.max_sessions",
            "less than the 2 sessions that are not optional",
        ),
    ],
)
def test_bad_optional_fields_are_input_errors_with_file_and_line(tmp_path, change, field, words):
    path = write_model(tmp_path, small(**change))
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    assert f"{path}:" in result.output and field in result.output and words in result.output


def test_the_general_assemblys_replan_six_sessions_and_a_concluding_one(tmp_path):
    """A/76/L.33/Rev.1 as a scenario: six sessions required, two optional, the concluding
    one last in New York; what does not fit is left out, exit 0, in every output."""
    out = tmp_path / "t.json"
    result = run("solve", "--scenario", SCENARIO, *MONDAYS, "-f", "json", "-o", out)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    # and the consultation after S7, which has no gap left to sit in, at a consultation's price
    assert [d["id"] for d in doc["dropped"]] == ["S7", "S8", "C7"]
    weight = RULES["dropped-session"].default_weight
    assert [d["price"] for d in doc["dropped"]] == [weight, weight, weight // 100]
    sessions = [s for s in doc["sessions"] if s["kind"] == "session"]
    assert [s["id"] for s in sessions] == ["S1", "S2", "S3", "S4", "S5", "S6", "CS"]
    concluding = sessions[-1]
    assert concluding["city"] == "New York"
    # the pipeline into the concluding session runs from the sixth, the last that meets
    assert concluding["deadlines"]["contributions-close"] > sessions[-2]["end"]
    # the sixth's consultation sits in the gap before the concluding session
    c6 = next(s for s in doc["sessions"] if s["id"] == "C6")
    assert sessions[-2]["end"] < c6["start"] and c6["end"] < concluding["start"]
    md = run("export", "markdown", "--from", out, "--scenario", SCENARIO)
    assert "## Left out" in md.output and "Seventh session is left out" in md.output
    table = run("check", out, "--scenario", SCENARIO, *MONDAYS)
    assert (
        table.exit_code == 0 and "Left out (optional, priced by dropped-session): S7, S8, C7" in table.output
    )
    # check reproduces the objective of the timetable, dropped sessions and all
    checked = run("check", out, "--scenario", SCENARIO, *MONDAYS, "-f", "json")
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.output)["cost"] == doc["objective"]
    assert json.loads(checked.output)["dropped"] == doc["dropped"]
    # and explain says why each one is left out
    why = run("explain", "--from", out, "--scenario", SCENARIO, *MONDAYS, "--time-limit", LIMIT)
    # (one that keeps it opens six sessions on other weekdays than Monday, each at 100,000)
    assert (
        "S7 Seventh session: left out (optional; price 100,000): the best timetable that keeps it costs 600,"
        in why.output
    )
    assert (
        "C7 Seventh intersessional consultation: left out (optional; price 1,000): S7, the "
        "session it follows, is left out, and it with it"
    ) in why.output


def test_a_proposal_cannot_leave_out_a_session_that_is_not_optional(tmp_path):
    out = tmp_path / "t.json"
    run("solve", "--scenario", SCENARIO, *MONDAYS, "-f", "json", "-o", out)
    doc = json.loads(out.read_text())
    doc["sessions"] = [s for s in doc["sessions"] if s["id"] != "S3"]
    doc["dropped"].append("S3")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, indent=1))
    result = run("check", bad, "--scenario", SCENARIO, *MONDAYS)
    assert result.exit_code == 2
    assert f"{bad}:" in result.output and "dropped[3]" in result.output and "not optional" in result.output


def test_a_baseline_that_left_a_session_out_is_kept_as_it_is(tmp_path):
    out = tmp_path / "t.json"
    run("solve", "--scenario", SCENARIO, *MONDAYS, "-f", "json", "-o", out)
    again = run("solve", "--scenario", SCENARIO, *MONDAYS, "--baseline", out, "-f", "json")
    assert again.exit_code == 0, again.output
    doc = json.loads(again.output)
    assert doc["moves"] == [] and [d["id"] for d in doc["dropped"]] == ["S7", "S8", "C7"]


def test_leaving_a_session_out_or_keeping_it_makes_alternatives_distinct():
    """Alternatives with an optional session: the first leaves it out (cheap price), the
    second keeps it, with the rest where it was: distinct by that session alone."""
    from schedule_planner.solver import alternatives

    data = small(C={"optional": True, "price": 0})
    data["sessions"] = data["sessions"][2:]  # C alone: the only choice is C's
    data["sessions"][0]["window"] = {"start": "2023-05-08", "end": "2023-05-12"}
    problem = Problem(model_from(data))
    found = alternatives(problem, 3, time_limit=LIMIT).results
    first, second = found[0].timetable, found[1].timetable
    assert first.dropped == {"C"} or second.dropped == {"C"}
    assert {bool(first.dropped), bool(second.dropped)} == {True, False}
    # no third timetable leaves C out again, or keeps it within a week of the second's
    assert all(not r.timetable.dropped for r in found[2:])


def test_why_sessions_are_left_out_is_bounded_by_one_time_limit():
    from schedule_planner.app import left_out

    data = small(committee={"max_sessions": 1}, B={"optional": True}, C={"optional": True})
    problem = Problem(model_from(data))
    timetable = solve(problem, time_limit=LIMIT).timetable
    assert timetable.dropped == {"B", "C"}
    found = left_out(problem, timetable, LIMIT)
    assert [(f.session, why.startswith("no timetable keeps it")) for f, why in found] == [
        ("B", True),
        ("C", True),
    ]
    assert all(why.startswith("not examined: the time limit") for _, why in left_out(problem, timetable, 0))


def test_the_greedy_start_never_stands_for_a_timetable_leaving_out_a_session_that_must_meet(monkeypatch):
    """Bodies sharing a centre start from the greedy timetable, which stands when the
    search finds nothing in time: only if every session it leaves out is optional."""

    from conftest import model_of_bodies
    from schedule_planner import solver as module

    problem = Problem(model_of_bodies(small_model_dict(), [["A"], ["B", "C"]]))
    monkeypatch.setattr(module, "greedy", lambda problem, priced=None: Timetable(dropped=frozenset({"B"})))
    from schedule_planner import mip

    # neither search finds anything in time
    monkeypatch.setattr(module, "_with_cpsat", lambda *args: module.Found("UNKNOWN"))
    monkeypatch.setattr(mip, "search", lambda *args, **kwargs: mip.Answer("UNKNOWN"))
    with pytest.raises(Infeasible) as exc:
        solve(problem, time_limit=LIMIT)
    assert exc.value.status == "UNKNOWN"
