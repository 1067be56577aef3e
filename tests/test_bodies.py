"""Several bodies in one model: each body's sessions keep their own order and pipeline,
and the bodies compete for the same rooms and interpreters (resource rules)."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import LIMIT, model_of_bodies, small_model_dict, timetable
from constraints import evaluate
from oracle import cpsat_verdict
from schedule_planner.diagnose import Budget, minimal_conflict
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement
from schedule_planner.errors import Infeasible
from schedule_planner.explain import explain
from schedule_planner.render.json import solve_document
from schedule_planner.rows import timetable_rows
from schedule_planner.solver import solve

D = date.fromisoformat


def two_bodies(**room) -> Problem:
    """Sessions A (body 1) and B (body 2), one week each in the week of 17 April, the
    Big Room the only room that seats them both."""
    data = small_model_dict()
    data["meetings"] = []
    week = {"start": "2023-04-17", "end": "2023-04-21"}
    data["sessions"] = [
        {"id": "A", "name": "A", "length": {"weeks": 1}, "window": week, "room": {"seats": 200, **room}},
        {"id": "B", "name": "B", "length": {"weeks": 1}, "window": week, "room": {"seats": 200, **room}},
    ]
    return Problem(model_of_bodies(data, [["A"], ["B"]]))


def test_two_bodies_cannot_share_one_room_on_the_same_days():
    problem = two_bodies()
    a = Placement("A", "vic", "big", D("2023-04-17"), D("2023-04-21"))
    b = Placement("B", "vic", "big", D("2023-04-17"), D("2023-04-21"))
    findings = evaluate(problem, timetable(a, b))
    clashes = {(f.rule, f.session): f.message for f in findings if f.hard}
    assert set(clashes) == {("room-free", "A"), ("room-free", "B")}
    assert clashes[("room-free", "A")] == (
        "Big Room is booked on 5 days of the session: B (Mon 17 - Fri 21 Apr 2023) from Mon 17 Apr 2023"
    )
    assert cpsat_verdict(problem, timetable(a, b)) == (False, None)
    with pytest.raises(Infeasible):
        solve(problem)


def test_the_conflict_names_both_bodies_sessions():
    conflict, minimal = minimal_conflict(two_bodies(), Budget(LIMIT))
    assert minimal and ("room-free", "A") in conflict and ("room-free", "B") in conflict


def test_two_rooms_need_two_interpretation_teams():
    """A second room of the right size lets both meet, until the venue has one team."""
    problem = two_bodies(seats=100)
    result = solve(problem)
    rooms = {p.room for p in result.timetable}
    assert rooms == {"big", "small"}
    assert not [f for f in evaluate(problem, result.timetable) if f.hard]

    data = small_model_dict()
    data["meetings"] = []
    data["venues"][0]["interpretation_capacity"] = 1
    week = {"start": "2023-04-17", "end": "2023-04-21"}
    data["sessions"] = [
        {"id": s, "name": s, "length": {"weeks": 1}, "window": week, "room": {"seats": 100}}
        for s in ("A", "B")
    ]
    one_team = Problem(model_of_bodies(data, [["A"], ["B"]]))
    tt = timetable(
        Placement("A", "vic", "big", D("2023-04-17"), D("2023-04-21")),
        Placement("B", "vic", "small", D("2023-04-17"), D("2023-04-21")),
    )
    hard = {(f.rule, f.session) for f in evaluate(one_team, tt) if f.hard}
    assert hard == {("interpretation-capacity", "A"), ("interpretation-capacity", "B")}
    assert cpsat_verdict(one_team, tt) == (False, None)


def test_each_body_keeps_its_own_order_and_pipeline():
    """Body 1 holds A then C, body 2 holds B: B may meet before A, and C's pipeline runs
    from A, not from B."""
    data = small_model_dict()
    data["meetings"] = []
    problem = Problem(model_of_bodies(data, [["A", "C"], ["B"]]))
    assert [[s.id for s in c] for c in problem.chains] == [["A", "C"], ["B"]]
    assert problem.previous(problem.by_id["C"]).id == "A"
    assert problem.previous(problem.by_id["B"]) is None
    tt = timetable(
        Placement("B", "vic", "big", D("2023-03-06"), D("2023-03-17")),
        Placement("A", "vic", "big", D("2023-04-17"), D("2023-04-21")),
        Placement("C", "vic", "big", D("2023-06-12"), D("2023-06-14")),
    )
    assert not [f for f in evaluate(problem, tt) if f.hard]
    assert cpsat_verdict(problem, tt)[0]
    rows = {r.id: r for r in timetable_rows(problem, tt)}
    assert rows["C"].previous.id == "A" and rows["B"].previous is None
    assert "contributions-close" not in rows["B"].deadlines


def test_a_solved_two_body_timetable_passes_check_and_renders():
    data = small_model_dict()
    problem = Problem(model_of_bodies(data, [["A", "C"], ["B"]]))
    result = solve(problem)
    assert not [f for f in evaluate(problem, result.timetable) if f.hard]
    doc = solve_document(problem, result, timetable_rows(problem, result.timetable))
    assert doc["bodies"] == ["test1", "test2"] and len(doc["sessions"]) == 3
    assert len(explain(problem, result.timetable)) == 3


def test_a_conflict_over_a_room_names_only_the_sessions_in_it():
    """A and B (two bodies) both need the Big Room in one week; B's body also meets in
    June, apart from it all: that session is no part of the conflict."""
    data = small_model_dict()
    data["meetings"] = []
    week = {"start": "2023-04-17", "end": "2023-04-21"}
    data["sessions"] = [
        {"id": "A", "name": "A", "length": {"weeks": 1}, "window": week, "room": {"seats": 200}},
        {"id": "B", "name": "B", "length": {"weeks": 1}, "window": week, "room": {"seats": 200}},
        {
            "id": "D",
            "name": "D",
            "length": {"weeks": 1},
            "room": {"seats": 200},
            "window": {"start": "2023-06-19", "end": "2023-06-23"},
        },
    ]
    conflict, minimal = minimal_conflict(Problem(model_of_bodies(data, [["A"], ["B", "D"]])), Budget(LIMIT))
    assert minimal and ("room-free", "A") in conflict and ("room-free", "B") in conflict
    assert not [c for c in conflict if c[1] == "D"]


def test_other_bodies_overbooking_a_day_does_not_hide_the_real_conflict():
    """A fixed meeting takes three interpretation teams of two one day: the options on
    that day are out by the judgment alone, and the conflict stays the pipeline's."""
    data = small_model_dict()
    data["documents"] = {
        "contributions_weeks": 0,
        "consolidation_weeks": 0,
        "submission_weeks": 6,
        "issuance_weeks": 0,
    }
    data["meetings"] = [
        {
            "body": "X",
            "venue": "vic",
            "start": "2023-05-22",
            "end": "2023-05-22",
            "rooms": [],
            "interpretation": 3,
        }
    ]
    may = {"start": "2023-05-01", "end": "2023-05-31"}
    data["sessions"] = [
        {"id": "A", "name": "A", "length": {"weeks": 1}, "window": may, "room": {"seats": 50}},
        {
            "id": "C",
            "name": "C",
            "length": {"weeks": 1},
            "room": {"seats": 50},
            "window": {"start": "2023-05-01", "end": "2023-06-09"},
        },
        {"id": "B", "name": "B", "length": {"weeks": 1}, "window": may, "room": {"seats": 50}},
    ]
    conflict, _ = minimal_conflict(Problem(model_of_bodies(data, [["A", "C"], ["B"]])), Budget(LIMIT))
    assert conflict == [("session-window", "A"), ("session-window", "C"), ("document-lead-time", "C")]


def test_two_bodies_pinned_in_one_room_are_history_in_both_faces():
    """A and B (two bodies) were held in the one room the same week: check reports it as
    history and the solver accepts it; a session not pinned still cannot join them."""
    from schedule_planner.domain.problem import Problem as P

    data = small_model_dict()
    data["meetings"] = []
    data["venues"][0]["rooms"] = data["venues"][0]["rooms"][:1]
    held = {"start": "2023-04-17", "end": "2023-04-21"}
    data["sessions"] = [
        {"id": "A", "name": "A", "length": {"weeks": 1}, "status": "held", "fixed": held},
        {"id": "B", "name": "B", "length": {"weeks": 1}, "status": "held", "fixed": held},
        {
            "id": "C",
            "name": "C",
            "length": {"weeks": 1},
            "window": {"start": "2023-05-01", "end": "2023-07-31"},
        },
    ]
    problem = P(model_of_bodies(data, [["A"], ["B", "C"]]), today=D("2023-05-01"))
    result = solve(problem, time_limit=LIMIT)
    findings = evaluate(problem, result.timetable)
    assert {(f.rule, f.session) for f in findings if f.hard} == {("room-free", "A"), ("room-free", "B")}
    assert all(f.history for f in findings if f.hard) and not [f for f in findings if f.breach]
    assert cpsat_verdict(problem, result.timetable) == (True, result.objective)
    joined = result.timetable.moved(Placement("C", "vic", "big", D("2023-04-17"), D("2023-04-21")))
    assert ("room-free", "C") in {(f.rule, f.session) for f in evaluate(problem, joined) if f.breach}
    assert cpsat_verdict(problem, joined)[0] is False


BODIES_FILE = """\
include: [planner:ahc-cybercrime.yaml]
translation_capacity: 400
bodies:
  - id: cnd
    name: Commission on Narcotic Drugs
    priority: 3
    documents: {pages: 120}
    sessions:
      - {id: CND1, name: Sixty-fifth session, length: {weeks: 1}, venues: [vic],
         window: {start: 2022-03-01, end: 2022-04-30}}
"""


def test_a_model_file_declares_other_bodies_beside_its_committee(tmp_path):
    from conftest import load_model

    path = tmp_path / "centre.yaml"
    path.write_text(BODIES_FILE)
    model = load_model(path)
    assert [b.id for b in model.bodies][1:] == ["cnd"] and model.bodies[1].priority == 3
    result = solve(Problem(model))
    assert result.timetable.get("CND1").start.month in (3, 4)
    assert not [f for f in evaluate(Problem(model), result.timetable) if f.hard]


def test_other_bodies_are_checked_at_their_file_and_line(tmp_path):
    from conftest import load_model
    from schedule_planner.errors import InputError

    path = tmp_path / "centre.yaml"
    path.write_text(
        BODIES_FILE + "      - {id: S1, name: again, length: {weeks: 1}, venues: [mars]}\n"
        "  - {id: cnd, name: twice, sessions: [{id: X, name: X, length: {weeks: 1}}]}\n"
    )
    with pytest.raises(InputError) as err:
        load_model(path)
    text = str(err.value)
    assert f"{path}:11: bodies[0].sessions[1].id: duplicate session id 'S1'" in text
    assert f"{path}:11: bodies[0].sessions[1].venues[0]: unknown venue 'mars'" in text
    assert f"{path}:12: bodies[1].id: duplicate body id 'cnd'" in text


def test_scenarios_and_advice_reach_the_sessions_of_other_bodies(tmp_path):
    """--not-before postpones another body's sessions too; what a scenario sets on one is
    firm; and advice on one names its `bodies[ID].sessions[ID]` path, which --set takes."""
    from click.testing import CliRunner

    from schedule_planner.app import load
    from schedule_planner.cli import main
    from schedule_planner.diagnose import diagnose
    from schedule_planner.loading import ModelSource

    path = tmp_path / "centre.yaml"
    path.write_text(BODIES_FILE)
    later = load(ModelSource(str(path), not_before="2022-04-01"))
    cnd1 = later.model.session("CND1")
    assert str(cnd1.window.start) == "2022-04-01"
    assert later.is_firm("session-window", "CND1") and not later.is_firm("session-window", "S8")
    # CND1 held to March by a scenario that is not firm (written into the file itself),
    # with a week's session that cannot fit: the advice widens its window, by its path
    path.write_text(
        BODIES_FILE.replace(
            "window: {start: 2022-03-01, end: 2022-04-30}", "window: {start: 2022-03-07, end: 2022-03-09}"
        )
    )
    problem = load(str(path))
    advice = diagnose(problem, 300)
    sets = [s for r in advice.relaxations for s in r.sets]
    assert sets and all(s.startswith("bodies[cnd].sessions[CND1].window.") for s in sets)
    assert all(line.startswith(f"{path}:") for r in advice.relaxations for line in r.lines)
    fixed = CliRunner().invoke(
        main, ["solve", str(path), "-f", "json", *[a for s in sets for a in ("--set", s)]]
    )
    assert fixed.exit_code == 0, fixed.output


def test_a_centres_documents_list_every_bodys_meetings_in_date_order(centre, tmp_path):
    """A conference-services planner reads a centre's timetable by date, not body by
    body: solve's and check's JSON `sessions`, and the table, list every meeting in date
    order, whichever body it belongs to."""
    import json

    from click.testing import CliRunner

    from schedule_planner.cli import main

    solved = tmp_path / "tt.json"
    result = CliRunner().invoke(main, ["solve", centre, "-f", "json", "-o", str(solved)])
    assert result.exit_code == 0, result.output
    checked = CliRunner().invoke(main, ["check", "-m", centre, "-f", "json", str(solved)])
    for doc in (json.loads(solved.read_text()), json.loads(checked.stdout)):
        spans = [(s["start"], s["end"]) for s in doc["sessions"]]
        assert spans == sorted(spans)
        # several bodies, interleaved: the order is not theirs, one after another
        bodies = [s["id"].split("-")[0] for s in doc["sessions"]]
        assert len(set(bodies)) > 1 and bodies != sorted(bodies, key=bodies.index)
