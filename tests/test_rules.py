"""Each rule through both faces on small cases (tests/verifier.py): `check` finds a hard
breach exactly when the rule's encoding, with the dates fixed, rejects the timetable; a
soft rule costs the same in both. Each test asserts its own rule's verdict and cost,
never a whole timetable's."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from conftest import GOOD, NYC, P, load_model, small_model_dict, timetable, write_model
from constraints import REGISTRY, RULES, evaluate
from constraints.after_today import AfterToday
from constraints.approval_in_time import ApprovalInTime
from constraints.consultation_distance import ConsultationDistance
from constraints.days_moved import DaysMoved
from constraints.document_lead_time import DocumentLeadTime
from constraints.dropped_session import DroppedSession
from constraints.fixed_dates import FixedDates
from constraints.interpretation_capacity import InterpretationCapacity
from constraints.keep_apart import KeepApart
from constraints.lost_meeting_day import LostMeetingDay
from constraints.moved_session import MovedSession
from constraints.national_holiday import NationalHoliday
from constraints.no_meeting_on_holiday import NoMeetingOnHoliday
from constraints.observance_day import ObservanceDay
from constraints.organizational_first import OrganizationalFirst
from constraints.planning_window import PlanningWindow
from constraints.preferred_room import PreferredRoom
from constraints.preferred_venue import PreferredVenue
from constraints.preferred_window import PreferredWindow
from constraints.progress_report import ProgressReport
from constraints.required_venue import RequiredVenue
from constraints.room_fits import RoomFits
from constraints.room_free import RoomFree
from constraints.session_count import SessionCount
from constraints.session_length import SessionLength
from constraints.session_order import SessionOrder
from constraints.session_window import SessionWindow
from constraints.sessions_per_year import SessionsPerYear
from constraints.translation_capacity import TranslationCapacity
from oracle import cpsat_verdict
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement
from verifier import verify

D = date.fromisoformat


def rule_id(value):
    """A case's id names its rule (`pytest -k session-order` runs that rule's cases)."""
    return value.name if isinstance(value, type) else None


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


@pytest.mark.parametrize("rule", [type(r) for r in REGISTRY], ids=[r.name for r in REGISTRY])
def test_the_good_timetable_breaks_and_costs_nothing(small_problem, rule):
    verify(rule).given(small_problem, *GOOD).holds()


@pytest.mark.parametrize(
    "rule, placement, breaks",
    [
        # a 2-week session cut to 9 days
        (SessionLength, P("B", "2023-04-17", "2023-04-27"), "B"),
        # a 1-week session that opens on a Tuesday of a full week
        (SessionLength, P("A", "2023-03-07", "2023-03-10"), "A"),
        # 3 meeting days that are 4
        (SessionLength, P("C", "2023-06-12", "2023-06-15"), "C"),
        # opens on Easter Monday
        (NoMeetingOnHoliday, P("B", "2023-04-10", "2023-04-21"), "B"),
        # closes on a Saturday
        (NoMeetingOnHoliday, P("C", "2023-06-14", "2023-06-17"), "C"),
        # ends after the planning window
        (PlanningWindow, P("C", "2023-07-31", "2023-08-02"), "C"),
        # the Big Room is CND's that week
        (RoomFree, P("A", "2023-03-13", "2023-03-17"), "A"),
        # the small room seats 100, B needs 200
        (RoomFits, P("B", "2023-04-17", "2023-04-28", room="small"), "B"),
        # the IAEA takes every interpreter
        (InterpretationCapacity, P("C", "2023-06-05", "2023-06-07", room="small"), "C"),
        # B opens before A closes
        (SessionOrder, P("B", "2023-03-06", "2023-03-17"), "B"),
        # B ten days after A: no time for the document pipeline (3 weeks)
        (DocumentLeadTime, P("B", "2023-03-20", "2023-03-31"), "B"),
    ],
    ids=rule_id,
)
def test_each_hard_rule_breaks_in_both_faces(small_problem, rule, placement, breaks):
    verify(rule).given(small_problem, *with_(placement)).breaks(breaks)
    assert (RULES[rule.name].name, placement.session) in both_faces(small_problem, with_(placement))[0]


def changed(tmp_path, change) -> Problem:
    """The small model with `change` made to its data."""
    data = small_model_dict()
    change(data)
    return Problem(load_model(write_model(tmp_path, data)))


def test_fixed_dates(tmp_path):
    problem = changed(
        tmp_path, lambda d: d["sessions"][0].update(fixed={"start": "2023-03-06", "end": "2023-03-10"})
    )
    verify(FixedDates).given(problem, *GOOD).holds()
    verify(FixedDates).given(problem, *with_(P("A", "2023-03-20", "2023-03-24"))).breaks("A")


def test_after_today(small_problem):
    problem = Problem(small_problem.model, today=D("2023-04-03"))
    verify(AfterToday).given(problem, *GOOD).breaks("A").says("before --today")
    verify(AfterToday).given(problem, *GOOD[1:]).holds()


def test_after_today_judges_the_document_deadlines(small_problem):
    """B (17 April) has its draft due at conference services 2 weeks ahead, on 3 April,
    and issued 1 week ahead, on 10 April: --today 11 April finds both in the past, and
    the breach counts from the earliest; A is pinned at its dates from the baseline."""
    problem = Problem(small_problem.model, baseline=timetable(*GOOD), today=D("2023-04-11"))
    assert set(problem.pinned) == {"A"}
    verify(AfterToday).given(problem, *GOOD).breaks("B").says(
        "submission deadline Mon 3 Apr 2023 (8 days before)"
    )
    verify(AfterToday).given(problem, GOOD[0], P("B", "2023-05-02", "2023-05-12"), GOOD[2]).holds()


def test_session_window_of_its_own(tmp_path):
    problem = changed(
        tmp_path, lambda d: d["sessions"][2].update(window={"start": "2023-06-19", "end": "2023-07-31"})
    )
    verify(SessionWindow).given(problem, *GOOD).breaks("C").says("before its window")


def test_min_gap_between_sessions(tmp_path):
    problem = changed(tmp_path, lambda d: d["documents"].update(min_gap_weeks=11))
    verify(SessionOrder).given(problem, *GOOD).breaks("B", "C")


def test_session_count(tmp_path):
    def at_most_two(data):
        data["committee"]["max_sessions"] = 2
        data["sessions"][2]["optional"] = True

    problem = changed(tmp_path, at_most_two)
    verify(SessionCount).given(problem, *GOOD).breaks("test").says("holds 3 sessions, at most 2")
    verify(SessionCount).given(problem, *GOOD[:2], dropped=("C",)).holds()


def test_translation_capacity():
    from test_translation import same_week, two_bodies

    # 30 pages a week each, 50 a week for both
    verify(TranslationCapacity).given(two_bodies(50), *same_week()).breaks("A", "B")
    verify(TranslationCapacity).given(two_bodies(60), *same_week()).holds()


@pytest.mark.parametrize(
    "rule, placement, breaks",
    [
        # C1 must open at least 3 days after S1 closes (Fri 13 Aug 2021)
        (ConsultationDistance, P("C1", "2021-08-14", "2021-08-15", "board-d"), "C1"),
        # the organizational session closes after the first session opens
        (OrganizationalFirst, P("OS", "2021-08-02", "2021-08-04", "ga-hall", "unhq"), "OS"),
        # the organizational session, the 76th session's report's basis, closes too late
        (ProgressReport, P("OS", "2021-07-26", "2021-07-28", "ga-hall", "unhq"), "R76"),
        # the last session closes after the text is due for the 79th session
        (ApprovalInTime, P("S8", "2024-08-19", "2024-08-30", "plenary-m"), "S8"),
    ],
    ids=rule_id,
)
def test_the_calendars_rules_on_the_default_timetable(
    default_problem, default_result, rule, placement, breaks
):
    problem, placements = default_problem, list(default_result.timetable)
    verify(rule).given(problem, *placements).holds()
    moved = [placement if p.session == placement.session else p for p in placements]
    verify(rule).given(problem, *moved).breaks(breaks)


@pytest.mark.parametrize(
    "rule, placement, cost",
    [
        # loses Good Friday and Easter Monday: 2 x 10, meets on Orthodox Good Friday: 5
        (LostMeetingDay, P("B", "2023-04-03", "2023-04-14"), 20),
        (ObservanceDay, P("B", "2023-04-03", "2023-04-14"), 5),
        # 2 weeks from 2 May (Labour Day lost): 14 days after its preferred window
        (PreferredWindow, P("B", "2023-05-02", "2023-05-12"), 14),
        # meets on a national holiday
        (NationalHoliday, P("C", "2023-07-03", "2023-07-05"), 2),
        # the big room is the venue's first suitable room for C: small costs one step
        (PreferredRoom, P("C", "2023-06-12", "2023-06-14", room="small"), 3),
    ],
    ids=rule_id,
)
def test_soft_rules_cost_the_same_in_both_faces(small_problem, rule, placement, cost):
    verify(rule).given(small_problem, *with_(placement)).costs(cost)


def test_weights_come_from_the_model(tmp_path):
    problem = changed(tmp_path, lambda d: d.update(weights={"lost-meeting-day": 7}))
    verify(LostMeetingDay).given(problem, *with_(P("B", "2023-04-03", "2023-04-14"))).costs(14)
    assert RULES["lost-meeting-day"].weight(problem) == 7


def test_moves_from_a_baseline(small_problem):
    """B three weeks later than in the baseline: one move, 21 days; announced, ten times."""
    problem = Problem(small_problem.model, baseline=timetable(*GOOD))
    later = with_(P("B", "2023-05-08", "2023-05-19"))
    verify(MovedSession).given(problem, *GOOD).holds()
    verify(MovedSession).given(problem, *later).costs(RULES["moved-session"].weight(problem))
    verify(DaysMoved).given(problem, *later).costs(21 * RULES["days-moved"].weight(problem))


def test_an_optional_session_left_out(tmp_path):
    problem = changed(tmp_path, lambda d: d["sessions"][2].update(optional=True))
    verify(DroppedSession).given(problem, *GOOD[:2], dropped=("C",)).costs(
        RULES["dropped-session"].weight(problem)
    )
    verify(DroppedSession).given(problem, *GOOD).holds()


def test_session_order_holds_across_sessions_left_out(small_problem):
    """A proposal without B still may not put C before A."""
    tt = [P("A", "2023-05-22", "2023-05-26"), P("C", "2023-03-06", "2023-03-08")]
    verify(SessionOrder).given(small_problem, *tt).breaks("C")
    assert (
        not verify(DocumentLeadTime).given(small_problem, *tt).findings
    )  # the pipeline into C starts after B


def test_preferred_venue(tmp_path):
    data = small_model_dict()
    data["venues"].append(copy.deepcopy(NYC))
    data["sessions"][2]["venues"] = ["nyc", "vic"]
    problem = Problem(load_model(write_model(tmp_path, data)))
    verify(PreferredVenue).given(problem, *GOOD).costs(5)  # C at the VIC: its second venue
    verify(PreferredVenue).given(
        problem, *with_(P("C", "2023-06-12", "2023-06-14", room="cr4", venue="nyc"))
    ).holds()


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


def test_sessions_per_year(tmp_path):
    def one_or_two(data):
        data["committee"]["sessions_per_year"] = {"min": 1, "max": 2}
        data["sessions"][2]["optional"] = True

    problem = changed(tmp_path, one_or_two)
    verify(SessionsPerYear).given(problem, *GOOD).breaks("test").says(
        "holds 3 sessions opening in 2023, at most 2 (sessions_per_year.max): 1 too many"
    )
    verify(SessionsPerYear).given(problem, *GOOD[:2], dropped=("C",)).holds()
    problem = changed(tmp_path, lambda d: d["committee"].update(sessions_per_year={"min": 4}))
    verify(SessionsPerYear).given(problem, *GOOD).breaks("test").says("at least 4")


def test_required_venue(tmp_path):
    def at_unhq(data):
        data["venues"].append(NYC)
        data["committee"]["required_venues"] = ["nyc"]

    problem = changed(tmp_path, at_unhq)
    verify(RequiredVenue).given(problem, *GOOD).breaks("test").says(
        "none of Test Committee's 3 sessions meets at UNHQ (required_venues): 1 short"
    )
    verify(RequiredVenue).given(problem, *with_(P("C", "2023-06-12", "2023-06-14", "cr4", "nyc"))).holds()


def test_keep_apart(tmp_path):
    """A body that avoids CND meets on none of CND's days, in another room as well: the
    finding names the meeting, its id beside the words."""
    problem = changed(tmp_path, lambda d: d["committee"].update(avoid=["cnd"]))
    verify(KeepApart).given(problem, *GOOD).holds()
    overlapping = with_(P("A", "2023-03-15", "2023-03-21", room="small"))
    verify(KeepApart).given(problem, *overlapping).breaks("A").says(
        "meets 3 days alongside CND (cnd-2023-03-13, Mon 13 - Fri 17 Mar 2023), which Test Committee avoids"
    )
    verify(RoomFree).given(problem, *overlapping).holds()  # another room: only the dates clash
    [f] = [f for f in evaluate(problem, overlapping) if f.rule == "keep-apart"]
    assert f.amount == 3 and f.competing == ("cnd-2023-03-13",)


def test_keep_apart_of_one_session(tmp_path):
    """A session's `avoid` adds to its body's: only that session keeps apart."""
    problem = changed(tmp_path, lambda d: d["sessions"][1].update(avoid=["CND"]))
    verify(KeepApart).given(problem, *with_(P("A", "2023-03-13", "2023-03-17", room="small"))).holds()
    verify(KeepApart).given(problem, *with_(P("B", "2023-03-06", "2023-03-17", room="small"))).breaks(
        "B"
    ).says("meets 5 days alongside CND (cnd-2023-03-13, Mon 13 - Fri 17 Mar 2023), which the session avoids")
