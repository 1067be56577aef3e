"""`--today`, whole (issue 19, point 9): no document deadline of a session not yet held
falls before today, in both faces, and `check` says which and by how many days; a pinned
session's breaches are history and never abort; `--not-before` leaves pinned sessions alone."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner

from conftest import LIMIT, model_from, small_model_dict, write_model
from constraints import evaluate
from oracle import cpsat_verdict
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement, Timetable
from schedule_planner.presolve import obvious_conflicts
from schedule_planner.solver import solve

D = date.fromisoformat


def ga_rhythm() -> dict:
    """The small model in 2026-27 with the General Assembly's document rhythm (2 weeks of
    contributions, 2 of consolidation, submission 10 weeks and issuance 6 weeks ahead)."""
    data = small_model_dict()
    data["window"] = {"start": "2026-06-01", "end": "2027-12-31"}
    del data["documents"]
    data["sessions"] = data["sessions"][:2]
    del data["sessions"][1]["preferred"]
    return data


def test_a_submission_deadline_before_today_is_a_breach_with_its_days(tmp_path):
    """The issue's case: A opens on 11 January 2027, so its draft is due at conference
    services on 2 November 2026, 30 days before --today 2 December 2026."""
    problem = Problem(model_from(ga_rhythm()), today=D("2026-12-02"))
    tt = Timetable(
        {
            "A": Placement("A", "vic", "big", D("2027-01-11"), D("2027-01-15")),
            "B": Placement("B", "vic", "big", D("2027-06-07"), D("2027-06-18")),
        }
    )
    found = [f for f in evaluate(problem, tt) if f.rule == "after-today"]
    assert [(f.session, f.breach, f.amount) for f in found] == [("A", True, 30)]
    assert "submission deadline Mon 2 Nov 2026 (30 days before)" in found[0].message
    assert cpsat_verdict(problem, tt)[0] is False
    # check says it in words, and exits 1
    model = write_model(tmp_path, ga_rhythm())
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(
        "sessions:\n  - {id: A, start: 2027-01-11, end: 2027-01-15}\n"
        "  - {id: B, start: 2027-06-07, end: 2027-06-18}\n"
    )
    out = CliRunner().invoke(main, ["check", str(proposal), "-m", str(model), "--today", "2026-12-02"])
    assert out.exit_code == 1, out.output
    assert "after-today" in out.output and "30 days before" in out.output


def test_the_solver_keeps_every_deadline_of_a_session_not_held_after_today():
    problem = Problem(model_from(ga_rhythm()), today=D("2026-12-02"))
    result = solve(problem, time_limit=LIMIT)
    a = result.timetable.get("A")
    assert a.start >= D("2026-12-02") + (D("2027-01-11") - D("2026-11-02"))  # submission 10 weeks ahead
    assert not [f for f in result.findings if f.rule == "after-today"]


def test_deadlines_counted_from_a_pinned_session_are_history(tmp_path):
    """B follows A, held in June 2026: its contributions closed two weeks after A, long
    before --today; only B's own deadlines (counted from its opening) are judged."""
    data = ga_rhythm()
    data["sessions"][0]["fixed"] = {"start": "2026-06-08", "end": "2026-06-12"}
    problem = Problem(model_from(data), today=D("2026-12-02"))
    assert set(problem.pinned) == {"A"}
    result = solve(problem, time_limit=LIMIT)
    b = result.timetable.get("B")
    assert b.start - D("2026-12-02") >= D("2027-01-11") - D("2026-11-02")
    assert not [f for f in evaluate(problem, result.timetable) if f.rule == "after-today"]


def test_a_consultation_not_held_opens_after_today(tmp_path):
    """A consultation has no documents of its own; it opens on or after today."""
    data = ga_rhythm()
    data["sessions"].insert(
        1,
        {
            "id": "K",
            "name": "Consultations",
            "kind": "consultation",
            "after": "A",
            "length": {"days": 2},
            "room": {"seats": 50},
        },
    )
    problem = Problem(model_from(data), today=D("2026-12-02"))
    tt = Timetable(
        {
            "A": Placement("A", "vic", "big", D("2027-03-01"), D("2027-03-05")),
            "K": Placement("K", "vic", "big", D("2026-11-30"), D("2026-12-01")),
        }
    )
    found = [(f.rule, f.session) for f in evaluate(problem, tt) if f.breach]
    assert ("after-today", "K") in found


def held_ones() -> dict:
    """The small model where A met on 6-8 March (3 days of a 1-week session) and B on
    13-24 March (in the Big Room CND had booked, too soon after A for its documents)."""
    data = small_model_dict()
    data["sessions"][0].update(status="held", fixed={"start": "2023-03-06", "end": "2023-03-08"})
    data["sessions"][1].update(status="held", fixed={"start": "2023-03-13", "end": "2023-03-24"})
    return data


def test_a_held_session_that_broke_rules_is_history_and_never_aborts(tmp_path):
    problem = Problem(model_from(held_ones()), today=D("2023-04-12"))
    assert set(problem.pinned) == {"A", "B"}
    result = solve(problem, time_limit=LIMIT)
    history = {(f.rule, f.session) for f in result.findings if f.hard and f.history}
    assert {("session-length", "A"), ("document-lead-time", "B")} <= history
    assert not [f for f in result.findings if f.breach]
    # a re-plan that cannot be solved blames what is still to plan, never the history
    data = held_ones()
    data["sessions"][2]["window"] = {"start": "2023-04-13", "end": "2023-04-14"}
    problem = Problem(model_from(data), today=D("2023-04-12"))
    assert [c.split(" ")[0] for c in obvious_conflicts(problem)] == ["C"]
    out = CliRunner().invoke(main, ["solve", str(write_model(tmp_path, data)), "--today", "2023-04-12"])
    assert out.exit_code == 1 and "A's fixed dates" not in out.output and "C (3 meeting days)" in out.output


def test_not_before_leaves_the_sessions_today_pinned_alone(tmp_path):
    """A met on 6-10 March within its own window (March), B on 17-28 April: on 1 May,
    postponing what is left to June moves C only, and neither refuses A's window (which
    ends before June) nor finds A or B outside the postponed windows."""
    runner = CliRunner()
    data = small_model_dict()
    data["sessions"][0]["window"] = {"start": "2023-03-01", "end": "2023-03-31"}
    model, base = write_model(tmp_path, data), tmp_path / "base.json"
    assert runner.invoke(main, ["solve", str(model), "-f", "json", "-o", str(base)]).exit_code == 0
    planned = {s["id"]: s["start"] for s in json.loads(base.read_text())["sessions"]}
    assert planned["A"] < "2023-05-01" and planned["B"] < "2023-05-01" < planned["C"] < "2023-06-01"
    args = [
        "solve",
        str(model),
        "--baseline",
        str(base),
        "--today",
        "2023-05-01",
        "--not-before",
        "2023-06-01",
    ]
    out = runner.invoke(main, [*args, "-f", "json"])
    assert out.exit_code == 0, out.output
    solved = json.loads(out.stdout)
    starts = {s["id"]: s["start"] for s in solved["sessions"]}
    assert (starts["A"], starts["B"]) == (planned["A"], planned["B"]) and starts["C"] >= "2023-06-01"
    assert "session-window" not in solved["cost_by_rule"]
    lines = runner.invoke(main, args).output.splitlines()
    assert not [line for line in lines if "history" in line and "session-window" in line]
    # without --today, A cannot be postponed to June: that stays an error
    out = runner.invoke(main, ["solve", str(model), "--not-before", "2023-06-01"])
    assert out.exit_code == 2 and "cannot be postponed" in out.output


def test_a_held_session_is_history_without_today_even_outside_the_planning_window(tmp_path):
    """A session the model says was held keeps its dates and what they break is history,
    --today or not: one held before the planning window, even wholly, neither is refused
    at loading nor makes the model infeasible."""
    data = small_model_dict()
    data["sessions"][0].update(status="held", fixed={"start": "2022-12-05", "end": "2022-12-09"})
    path = write_model(tmp_path, data)
    result = CliRunner().invoke(main, ["solve", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    a = next(s for s in doc["sessions"] if s["id"] == "A")
    assert (a["start"], a["end"]) == ("2022-12-05", "2022-12-09")
    history = [(f["rule"], f["session"], f["history"]) for f in doc["costs"] if f.get("history")]
    assert history == [("planning-window", "A", "held")]
