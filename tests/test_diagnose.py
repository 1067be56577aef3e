"""No timetable: pre-solve checks, the minimal conflict, and relaxations that work."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from conftest import LIMIT, NYC, small_model_dict, write_model
from schedule_planner.app import solve
from schedule_planner.cli import main
from schedule_planner.diagnose import Budget, diagnose, minimal_conflict
from schedule_planner.domain.problem import Problem
from schedule_planner.errors import Infeasible
from schedule_planner.presolve import obvious_conflicts


def problem_of(tmp_path, data) -> Problem:
    """The model as the CLI loads it, with where each value is written."""
    from schedule_planner.app import load

    return load(str(write_model(tmp_path, data)))


def too_close(data):
    """B must close by 31 March, but the documents after A (closing 10 March at the
    earliest the planning window allows) need 3 weeks: the planning window (for A),
    B's window and document-lead-time cannot all hold."""
    data["sessions"][1]["window"] = {"start": "2023-03-13", "end": "2023-03-31"}
    return data


def both_fixed(data):
    """A and B fixed 11 days apart: the 3-week document pipeline cannot fit. Either
    session free could move, so both fixed dates belong to the conflict."""
    data["sessions"][0]["fixed"] = {"start": "2023-04-17", "end": "2023-04-21"}
    data["sessions"][1]["fixed"] = {"start": "2023-05-02", "end": "2023-05-12"}
    return data


def room_taken(data):
    """C (3 days, 50 seats) fixed in a week when another body holds both rooms."""
    data["meetings"].append(
        {
            "body": "UNIDO",
            "venue": "vic",
            "start": "2023-07-10",
            "end": "2023-07-14",
            "rooms": ["big", "small"],
            "interpretation": 1,
        }
    )
    data["sessions"][2]["fixed"] = {"start": "2023-07-10", "end": "2023-07-12"}
    return data


@pytest.mark.parametrize(
    "make, conflict",
    [
        (too_close, [("planning-window", "A"), ("session-window", "B"), ("document-lead-time", "B")]),
        (both_fixed, [("fixed-dates", "A"), ("fixed-dates", "B"), ("document-lead-time", "B")]),
        (room_taken, [("fixed-dates", "C"), ("room-free", "C")]),
    ],
)
def test_minimal_conflict_is_exactly_the_known_set(tmp_path, make, conflict):
    problem = problem_of(tmp_path, make(small_model_dict()))
    assert minimal_conflict(problem, Budget(LIMIT)) == (conflict, True)


@pytest.mark.parametrize("make", [too_close, both_fixed])
def test_relaxations_applied_make_the_model_solvable(tmp_path, make):
    problem = problem_of(tmp_path, make(small_model_dict()))
    diagnosis = diagnose(problem, LIMIT)
    assert diagnosis.relaxations and diagnosis.verified is True
    # apply them again here, independently of the diagnosis's own check
    from constraints import RULES

    model = problem.model
    for r in diagnosis.relaxations:
        session = problem.by_id[r.finding.session]
        change = RULES[r.finding.rule].relaxation(
            problem, session, diagnosis.timetable.get(session.id), r.finding.amount
        )
        model = change.apply(model)
    assert solve(Problem(model)).status == "OPTIMAL"


def test_the_fewest_changes_come_first_then_the_fewest_days(tmp_path):
    # B within its window, 13-31 March, is short of the pipeline after A's 1-7 March (a
    # week from the planning window's first day, a Wednesday). One change does it: B's
    # window ends 6 days later, so that B meets two weeks from Tuesday 28 March, to
    # Thursday 6 April (Good Friday and Easter Monday lost): 6 days of breach
    diagnosis = diagnose(problem_of(tmp_path, too_close(small_model_dict())), LIMIT)
    [r] = diagnosis.relaxations
    assert (r.finding.rule, r.finding.session, r.finding.amount) == ("session-window", "B", 6)
    assert r.sets == ["sessions[B].window.end=2023-04-06"]
    assert diagnosis.verified is True


def test_relaxation_is_the_least_breach_and_says_how_much(tmp_path):
    # B within its window, 20-31 March, is 11 days short of the pipeline after A's
    # 6-10 March. Starting the planning window 2 days earlier lets A meet 27 Feb-3 Mar,
    # which leaves B only 4 days short: 6 days in all, the least breach
    diagnosis = diagnose(problem_of(tmp_path, too_close(small_model_dict())), LIMIT, fewest_changes=False)
    found = {(r.finding.rule, r.finding.session): r for r in diagnosis.relaxations}
    assert {k: r.finding.amount for k, r in found.items()} == {
        ("planning-window", "A"): 2,
        ("document-lead-time", "B"): 4,
    }
    assert found[("planning-window", "A")].advice.startswith(
        "move the start of the planning window by 2 days so that A can meet Mon 27 Feb - Fri 3 Mar 2023"
    )
    assert diagnosis.window_after.start.isoformat() == "2023-02-27"
    assert found[("document-lead-time", "B")].advice.startswith(
        "shorten the contributions period after A from 1 to 0 weeks"
    )
    assert diagnosis.verified is True


def test_document_relaxation_takes_from_each_period_in_turn(tmp_path):
    problem = problem_of(tmp_path, both_fixed(small_model_dict()))
    [r] = diagnose(problem, LIMIT, fewest_changes=False).relaxations
    assert (r.finding.rule, r.finding.session, r.finding.amount) == ("document-lead-time", "B", 10)
    assert r.advice == (
        "shorten the contributions period after A from 1 to 0 weeks and shorten "
        "the submission lead time before B from 2 to 1 weeks (10 days short)"
    )
    assert r.sets == [
        "sessions[B].documents.contributions_weeks=0",
        "sessions[B].documents.submission_weeks=1",
    ]
    # fewest changes: the committee's own periods, one change for every session
    [r] = diagnose(problem, LIMIT).relaxations
    assert r.advice == (
        "shorten the contributions period after each session from 1 to 0 weeks and "
        "shorten the submission lead time from 2 to 1 weeks (10 days short; one "
        "change, for every session of Test Committee)"
    )
    assert r.sets == ["documents.contributions_weeks=0", "documents.submission_weeks=1"]
    text = (tmp_path / "model.yaml").read_text().splitlines()
    assert r.lines == [
        f"{tmp_path / 'model.yaml'}:{text.index(f'  {key}: {value}') + 1}"
        for key, value in (("contributions_weeks", 1), ("submission_weeks", 2))
    ]


def test_a_window_relaxation_names_the_new_end(tmp_path):
    data = small_model_dict()
    data["documents"] = {
        "contributions_weeks": 0,
        "consolidation_weeks": 0,
        "submission_weeks": 0,
        "issuance_weeks": 0,
    }
    data["sessions"][0]["fixed"] = {"start": "2023-03-06", "end": "2023-03-10"}
    data["sessions"][1]["window"] = {"start": "2023-03-01", "end": "2023-03-17"}
    # A was held and cannot move; CND holds the only room B fits in the week of 13 March,
    # so B's window must widen by two weeks to take 20-31 March
    data["sessions"][0]["status"] = "held"
    diagnosis = diagnose(problem_of(tmp_path, data), LIMIT)
    [r] = diagnosis.relaxations
    assert r.finding.rule == "session-window" and r.finding.amount == 14
    assert "widen B's window to Wed 1 - Fri 31 Mar 2023 (14 days)" in r.advice
    assert diagnosis.verified is True


def test_solve_cli_prints_conflict_and_relaxation(tmp_path):
    path = write_model(tmp_path, both_fixed(small_model_dict()))
    result = CliRunner().invoke(main, ["solve", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "fixed-dates for A" in result.output and "document-lead-time for B" in result.output
    assert "Verified: with these changes the model has a timetable" in result.output
    doc = json.loads(CliRunner().invoke(main, ["explain", str(path), "-f", "json"]).stdout)
    assert doc["status"] == "INFEASIBLE" and doc["verified"] is True
    assert {"rule": "document-lead-time", "session": "B"} in doc["conflict"]


@pytest.mark.parametrize(
    "change, words",
    [
        (
            lambda d: d["sessions"][1].update(window={"start": "2023-04-03", "end": "2023-04-10"}),
            "B (2 weeks) cannot meet anywhere: session-window rules out every date and room at Vienna "
            "International Centre; the nearest option, Fri 31 Mar - Thu 13 Apr 2023 in Big Room: opens on "
            "Fri 31 Mar 2023, 3 days before its window (Mon 3 - Mon 10 Apr 2023) begins",
        ),
        (
            lambda d: (
                d["sessions"][0].update(window={"start": "2023-06-01", "end": "2023-06-30"}),
                d["sessions"][1].update(window={"start": "2023-03-01", "end": "2023-05-31"}),
            ),
            "B cannot follow A in any dates they may take: A closes at the earliest on Fri 16 Jun 2023 and "
            "B opens at the latest on Thu 18 May 2023 (session-order: ",
        ),
        (
            lambda d: d["sessions"][0].update(fixed={"start": "2023-04-10", "end": "2023-04-14"}),
            "A's fixed dates Mon 10 - Fri 14 Apr 2023 break no-meeting-on-holiday: would open on "
            "Mon 10 Apr 2023, Easter Monday, a UN holiday",
        ),
        (
            lambda d: d["sessions"][0].update(fixed={"start": "2023-03-06", "end": "2023-03-17"}),
            "A's fixed dates Mon 6 - Fri 17 Mar 2023 break session-length",
        ),
    ],
)
def test_presolve_catches_the_obvious(tmp_path, change, words):
    data = small_model_dict()
    change(data)
    problem = problem_of(tmp_path, data)
    found = obvious_conflicts(problem)
    assert any(words in line for line in found), found
    with pytest.raises(Infeasible, match="cannot be solved as written"):
        solve(problem)


def test_feasible_models_pass_presolve(default_problem):
    assert obvious_conflicts(default_problem) == []


def test_presolve_judges_fixed_dates_at_every_venue_the_session_may_use(tmp_path):
    """Easter Monday closes the VIC, not UNHQ: fixed dates there are no obvious conflict."""
    data = small_model_dict()
    data["venues"].append(copy.deepcopy(NYC))
    data["sessions"][0].update(venues=["vic", "nyc"], fixed={"start": "2023-04-10", "end": "2023-04-14"})
    problem = problem_of(tmp_path, data)
    assert obvious_conflicts(problem) == []
    result = solve(problem)
    assert result.timetable.get("A").venue == "nyc"


def test_relaxations_of_one_session_compose(tmp_path):
    """Two sessions whose windows hold them three weeks apart under a 10-week gap and an
    8-week pipeline: both the gap and the pipeline of B must give way, and applied
    together they work. (Held sessions would be history, never to give way.)"""
    data = small_model_dict()
    data["documents"] = {
        "contributions_weeks": 2,
        "consolidation_weeks": 2,
        "submission_weeks": 4,
        "issuance_weeks": 2,
        "min_gap_weeks": 10,
    }
    data["sessions"][0].update(window={"start": "2023-03-06", "end": "2023-03-10"})
    data["sessions"][1].update(window={"start": "2023-04-03", "end": "2023-04-14"})
    data["sessions"] = data["sessions"][:2]
    given = problem_of(tmp_path, data)
    # the windows are firm, as a scenario that sets them makes them
    problem = Problem(
        given.model, given.baseline, given.today, frozenset({("session-window", None)}), given.origin
    )
    diagnosis = diagnose(problem, LIMIT)
    assert {r.finding.rule for r in diagnosis.relaxations} == {"session-order", "document-lead-time"}
    assert diagnosis.verified is True


def test_relaxations_of_the_planning_window_compose(tmp_path):
    """A and B both pushed before the planning window: one extension, priced once, covers
    both, and the changes applied together work."""
    data = small_model_dict()
    data["meetings"].append(
        {"body": "X", "venue": "vic", "start": "2023-03-01", "end": "2023-07-31", "rooms": ["big"]}
    )
    diagnosis = diagnose(problem_of(tmp_path, data), LIMIT)
    moved = [r.finding for r in diagnosis.relaxations if r.finding.rule == "planning-window"]
    assert [f.session for f in moved] == ["A", "B"]
    assert (diagnosis.window_after.start - diagnosis.timetable.get("A").start).days == 0
    assert diagnosis.verified is True


def test_sessions_never_overlap_in_a_relaxation(tmp_path):
    """With no gap and no pipeline, A (2 weeks) must close before B, held on 6-10 March:
    the only cure is an earlier planning window, never an overlap of A and B."""
    data = small_model_dict()
    data["documents"] = {
        "contributions_weeks": 0,
        "consolidation_weeks": 0,
        "submission_weeks": 0,
        "issuance_weeks": 0,
    }
    data["sessions"][0]["length"] = {"weeks": 2}
    data["sessions"][1].update(
        status="held", fixed={"start": "2023-03-06", "end": "2023-03-10"}, length={"weeks": 1}
    )
    data["sessions"] = data["sessions"][:2]
    diagnosis = diagnose(problem_of(tmp_path, data), LIMIT)
    assert [r.finding.rule for r in diagnosis.relaxations] == ["planning-window"]
    assert diagnosis.relaxations[0].advice.startswith("move the start of the planning window by 9 days")
    assert diagnosis.window_after.start.isoformat() == "2023-02-20"
    assert diagnosis.verified is True


def test_no_relaxation_is_said_when_none_exists(tmp_path):
    data = small_model_dict()
    # the only room A and B fit in is taken for the whole window and 8 weeks either side
    data["meetings"].append(
        {"body": "X", "venue": "vic", "start": "2022-12-01", "end": "2023-10-31", "rooms": ["big"]}
    )
    diagnosis = diagnose(problem_of(tmp_path, data), LIMIT)
    assert diagnosis.conflict and not diagnosis.relaxations and diagnosis.complete
    assert "No change to windows, document periods, gaps or fixed dates" in diagnosis.text()


def test_presolve_names_a_session_no_room_suits(tmp_path):
    data = small_model_dict()
    data["sessions"][1]["room"] = {"seats": 5000}
    found = obvious_conflicts(problem_of(tmp_path, data))
    assert found == [
        "B (2 weeks) cannot meet anywhere: room-fits rules out every date and room at "
        "Vienna International Centre; the nearest option, Wed 1 - Tue 14 Mar 2023 in Big "
        "Room: Big Room seats 500, the session needs 5000"
    ]


def test_a_firm_rule_is_never_relaxed(tmp_path):
    """Without --firm the way out of `too_close` shortens the pipeline or widens B's
    window; with document-lead-time firm, the diagnosis finds a way without it, and with
    every relaxable rule of B firm it says none is left."""
    from schedule_planner.app import firm_pairs

    base = problem_of(tmp_path, too_close(small_model_dict()))
    rules = {r.finding.rule for r in diagnose(base, LIMIT, fewest_changes=False).relaxations}
    assert "document-lead-time" in rules
    firm = Problem(base.model, firm=firm_pairs(base, ["document-lead-time"]))
    diagnosis = diagnose(firm, LIMIT, fewest_changes=False)
    assert diagnosis.relaxations and all(
        r.finding.rule != "document-lead-time" for r in diagnosis.relaxations
    )
    assert diagnosis.verified
    stuck = Problem(
        base.model,
        firm=firm_pairs(base, ["document-lead-time", "session-window", "planning-window", "session-order"]),
    )
    assert diagnose(stuck, LIMIT).relaxations == []


@pytest.mark.parametrize(
    "spec, words", [("room-fits:S9", "no session 'S9'"), ("preferred-window", "is not a hard rule")]
)
def test_a_bad_firm_is_an_input_error(spec, words):
    result = CliRunner().invoke(main, ["solve", "--firm", spec])
    assert result.exit_code == 2 and words in result.output and "--firm" in result.output


def test_a_global_gap_too_large_is_one_change_named_by_its_line_and_its_set(tmp_path):
    """Issue 9: with one model-wide minimum gap too large for every pair of sessions, the
    advice is one change (the gap, at the value that suffices for all), not one per
    pair; it names the line that writes the gap and the --set that changes it, and that
    --set, applied, gives a timetable."""
    from schedule_planner.app import firm_pairs

    data = small_model_dict()
    data["documents"]["min_gap_weeks"] = 12  # A, B, C in 22 weeks: 12-week gaps cannot fit
    path = write_model(tmp_path, data)

    def problem():  # the planning window is the mandate's: the gap must give way
        base = problem_of(tmp_path, data)
        base.firm = firm_pairs(base, ["planning-window"])
        return base

    diagnosis = diagnose(problem(), LIMIT)
    [r] = diagnosis.relaxations
    assert r.finding.rule == "session-order" and r.finding.session in ("B", "C")
    [setting] = r.sets
    assert setting.startswith("documents.min_gap_weeks=")
    gap = int(setting.split("=")[1])
    assert 0 < gap < 12 and r.advice.startswith(
        f"reduce the minimum gap between sessions from 12 to {gap} weeks"
    )
    line = path.read_text().splitlines().index("  min_gap_weeks: 12") + 1
    assert r.lines == [f"{path}:{line}"]
    assert diagnosis.verified is True
    # the day-minimal advice changes the gap before each session instead
    days = diagnose(problem(), LIMIT, fewest_changes=False)
    assert days.relaxations and all(s.startswith("sessions[") for r in days.relaxations for s in r.sets)
    # what the CLI says, and the --set it names, applied, solves
    result = CliRunner().invoke(main, ["solve", "-m", str(path), "--firm", "planning-window"])
    assert result.exit_code == 1
    assert f"--set {setting}  (written now at {path}:{line})" in result.output
    assert "The change that restores a timetable" in result.output
    assert CliRunner().invoke(main, ["solve", "-m", str(path), "--set", setting]).exit_code == 0
    # one more week than advised does not
    assert (
        CliRunner()
        .invoke(main, ["solve", "-m", str(path), "--set", f"documents.min_gap_weeks={gap + 1}"])
        .exit_code
        == 1
    )
