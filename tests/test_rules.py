"""Each rule through both faces on small cases: `check` finds a hard breach exactly when
CP-SAT, with the dates fixed, rejects the timetable; soft costs equal the objective."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from constraints import REGISTRY, RULES, evaluate
from conftest import load_model
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement

from conftest import NYC, small_model_dict, timetable, write_model
from oracle import cpsat_verdict

D = date.fromisoformat


def P(session, start, end, room="big", venue="vic"):
    return Placement(session, venue, room, D(start), D(end))


# A timetable of the small model that breaks nothing and costs nothing.
GOOD = [
    P("A", "2023-03-06", "2023-03-10"),
    P("B", "2023-04-17", "2023-04-28"),
    P("C", "2023-06-12", "2023-06-14"),
]


def both_faces(problem, tt):
    findings = evaluate(problem, tt)
    hard = {(f.rule, f.session) for f in findings if f.level == "hard"}
    cost = sum(f.cost for f in findings)
    feasible, objective = cpsat_verdict(problem, tt)
    assert feasible == (not hard), (hard, feasible)
    if feasible:
        assert objective == cost
    return hard, findings


def with_(replacement: Placement):
    return timetable(*[replacement if p.session == replacement.session else p for p in GOOD])


def test_registry_names_are_unique_kebab_case_and_levelled():
    names = [r.name for r in REGISTRY]
    assert len(names) == len(set(names))
    for rule in REGISTRY:
        assert rule.name == rule.name.lower() and " " not in rule.name
        assert rule.level in ("hard", "soft")
        assert rule.summary
        assert (rule.default_weight > 0) == rule.soft


def test_good_timetable_passes_both_faces(small_problem):
    hard, findings = both_faces(small_problem, timetable(*GOOD))
    assert not hard and not findings


@pytest.mark.parametrize(
    "placement, rule",
    [
        # a 2-week session cut to 9 days
        (P("B", "2023-04-17", "2023-04-27"), "session-length"),
        # a 1-week session that opens on a Tuesday of a full week
        (P("A", "2023-03-07", "2023-03-10"), "session-length"),
        # 3 meeting days that are 4
        (P("C", "2023-06-12", "2023-06-15"), "session-length"),
        # opens on Easter Monday
        (P("B", "2023-04-10", "2023-04-21"), "no-meeting-on-holiday"),
        # closes on a Saturday
        (P("C", "2023-06-14", "2023-06-17"), "no-meeting-on-holiday"),
        # ends after the planning window
        (P("C", "2023-07-31", "2023-08-02"), "planning-window"),
        # the Big Room is CND's that week
        (P("A", "2023-03-13", "2023-03-17"), "room-free"),
        # the small room seats 100, B needs 200
        (P("B", "2023-04-17", "2023-04-28", room="small"), "room-fits"),
        # the IAEA takes every interpreter
        (P("C", "2023-06-05", "2023-06-07", room="small"), "interpretation-capacity"),
        # B opens before A closes
        (P("B", "2023-03-06", "2023-03-17"), "session-order"),
        # B ten days after A: no time for the document pipeline (3 weeks)
        (P("B", "2023-03-20", "2023-03-31"), "document-lead-time"),
    ],
)
def test_each_hard_rule_is_found_and_rejected_by_the_solver(small_problem, placement, rule):
    hard, _ = both_faces(small_problem, with_(placement))
    assert (rule, placement.session) in hard


def test_fixed_dates(tmp_path):
    data = small_model_dict()
    data["sessions"][0]["fixed"] = {"start": "2023-03-06", "end": "2023-03-10"}
    problem = Problem(load_model(write_model(tmp_path, data)))
    assert not both_faces(problem, timetable(*GOOD))[0]
    hard, _ = both_faces(problem, with_(P("A", "2023-03-20", "2023-03-24")))
    assert ("fixed-dates", "A") in hard


def test_session_window_of_its_own(tmp_path):
    data = small_model_dict()
    data["sessions"][2]["window"] = {"start": "2023-06-19", "end": "2023-07-31"}
    problem = Problem(load_model(write_model(tmp_path, data)))
    hard, findings = both_faces(problem, timetable(*GOOD))
    assert ("session-window", "C") in hard
    assert "before its window" in next(f.message for f in findings if f.rule == "session-window")


def test_min_gap_between_sessions(tmp_path):
    data = small_model_dict()
    data["documents"]["min_gap_weeks"] = 11
    problem = Problem(load_model(write_model(tmp_path, data)))
    hard, _ = both_faces(problem, timetable(*GOOD))
    assert ("session-order", "B") in hard


@pytest.mark.parametrize(
    "placement, rule, cost",
    [
        # loses Good Friday and Easter Monday: 2 x 10, meets on Orthodox Good Friday: 5
        (P("B", "2023-04-03", "2023-04-14"), "lost-meeting-day", 20),
        (P("B", "2023-04-03", "2023-04-14"), "observance-day", 5),
        # 2 weeks from 1 May: loses Labour Day, and is 3 days late for April (ends 12 May)
        (P("B", "2023-05-02", "2023-05-12"), "preferred-window", 14),
        # meets on a national holiday
        (P("C", "2023-07-03", "2023-07-05"), "national-holiday", 2),
        # the big room is the venue's first suitable room for C: small costs one step
        (P("C", "2023-06-12", "2023-06-14", room="small"), "preferred-room", 3),
    ],
)
def test_soft_rules_cost_the_same_in_both_faces(small_problem, placement, rule, cost):
    hard, findings = both_faces(small_problem, with_(placement))
    assert not hard
    assert sum(f.cost for f in findings if f.rule == rule) == cost


def test_weights_come_from_the_model(tmp_path):
    data = small_model_dict()
    data["weights"] = {"lost-meeting-day": 7}
    problem = Problem(load_model(write_model(tmp_path, data)))
    _, findings = both_faces(problem, with_(P("B", "2023-04-03", "2023-04-14")))
    assert sum(f.cost for f in findings if f.rule == "lost-meeting-day") == 14
    assert RULES["lost-meeting-day"].weight(problem) == 7


def test_session_order_holds_across_sessions_left_out(small_problem):
    """A proposal without B still may not put C before A."""
    tt = timetable(P("A", "2023-05-22", "2023-05-26"), P("C", "2023-03-06", "2023-03-08"))
    hard = {(f.rule, f.session) for f in evaluate(small_problem, tt) if f.level == "hard"}
    assert ("session-order", "C") in hard
    assert ("document-lead-time", "C") not in hard  # the pipeline into C starts after B


def test_preferred_venue(tmp_path):
    data = small_model_dict()
    data["venues"].append(copy.deepcopy(NYC))
    data["sessions"][2]["venues"] = ["nyc", "vic"]
    problem = Problem(load_model(write_model(tmp_path, data)))
    _, findings = both_faces(problem, timetable(*GOOD))  # C at the VIC: its second venue
    assert [(f.rule, f.cost) for f in findings] == [("preferred-venue", 5)]
    hard, findings = both_faces(problem, with_(P("C", "2023-06-12", "2023-06-14", room="cr4", venue="nyc")))
    assert not hard and not findings


def test_resource_findings_name_who_else_takes_the_resource(small_problem):
    """A finding carries its data beside its words: who else takes the room or the
    interpreters, for outputs to read without parsing the message."""
    findings = evaluate(small_problem, with_(P("A", "2023-03-13", "2023-03-17")))
    [f] = [f for f in findings if f.rule == "room-free"]
    assert f.competing == ("CND",) and "CND" in f.message and not f.short
    findings = evaluate(small_problem, with_(P("C", "2023-06-05", "2023-06-07", room="small")))
    [f] = [f for f in findings if f.rule == "interpretation-capacity"]
    assert f.competing == ("IAEA",)
    assert "competing" not in f.as_dict()  # JSON keeps its shape
