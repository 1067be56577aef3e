"""A venue's working week and a session's meeting days: sessions of whole weeks at a
venue whose week is not Monday-Friday, sessions of meeting days counted in its working
days, and sessions of calendar days that meet every day, weekends included. Each rule
that counts days is tried through both faces (check against CP-SAT with the dates
fixed, as in test_rules), and `planner check` accepts the plastics committee's real
weekend sessions."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import yaml
from click.testing import CliRunner

from conftest import load_model, small_model_dict, timetable, write_model
from constraints import evaluate
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement
from schedule_planner.errors import InputError
from schedule_planner.render import cost_by_rule
from schedule_planner.rows import timetable_rows
from schedule_planner.solver import solve
from test_rules import both_faces

D = date.fromisoformat
SUN_THU = ["Sun", "Mon", "Tue", "Wed", "Thu"]
MON_SAT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]


def one_session(tmp_path, length: dict, working_days=None, **fields) -> Problem:
    """The small model with one session S and, besides its holidays (Good Friday 7 Apr,
    Easter Monday 10 Apr, Labour Day 1 May closed; a national holiday on Tue 4 Jul;
    Orthodox Good Friday 14 Apr), a national holiday on Sat 8 Jul and another body
    holding the Big Room and both interpretation teams on Sat 24 - Sun 25 Jun 2023."""
    data = small_model_dict()
    if working_days is not None:
        data["venues"][0]["working_days"] = working_days
    data["holidays"][1]["days"].append({"date": "2023-07-08", "name": "Saturday Fair", "source": "test"})
    data["meetings"].append(
        {
            "body": "WKND",
            "venue": "vic",
            "start": "2023-06-24",
            "end": "2023-06-25",
            "rooms": ["big"],
            "interpretation": 2,
        }
    )
    data["sessions"] = [{"id": "S", "name": "Session", "length": length, "room": {"seats": 50}, **fields}]
    return Problem(load_model(write_model(tmp_path, data)))


def S(start, end, room="big"):
    return Placement("S", "vic", room, D(start), D(end))


CASES = [
    # --- calendar days at the Monday-Friday VIC: every day is a meeting day but a UN holiday
    ("mon-sun", None, {"calendar_days": 7}, S("2023-06-12", "2023-06-18"), set(), {}),
    ("opens on a Saturday", None, {"calendar_days": 7}, S("2023-06-17", "2023-06-23"), set(), {}),
    ("tue-mon", None, {"calendar_days": 7}, S("2023-06-13", "2023-06-19"), set(), {}),
    ("5 of 7 days", None, {"calendar_days": 7}, S("2023-06-12", "2023-06-16"), {"session-length"}, {}),
    ("8 of 7 days", None, {"calendar_days": 7}, S("2023-06-12", "2023-06-19"), {"session-length"}, {}),
    (
        "opens on Good Friday",
        None,
        {"calendar_days": 7},
        S("2023-04-07", "2023-04-13"),
        {"no-meeting-on-holiday"},
        {},
    ),
    (
        "closes on Easter Monday",
        None,
        {"calendar_days": 7},
        S("2023-04-04", "2023-04-10"),
        {"no-meeting-on-holiday"},
        {},
    ),
    (
        "loses Good Friday and Easter Monday",
        None,
        {"calendar_days": 7},
        S("2023-04-05", "2023-04-11"),
        set(),
        {"lost-meeting-day": 20},
    ),
    (
        "meets on Orthodox Good Friday",
        None,
        {"calendar_days": 5},
        S("2023-04-12", "2023-04-16"),
        set(),
        {"observance-day": 5},
    ),
    (
        "meets on a Saturday's national holiday",
        None,
        {"calendar_days": 3},
        S("2023-07-07", "2023-07-09"),
        set(),
        {"national-holiday": 2},
    ),
    (
        "the room and interpreters are taken at the weekend",
        None,
        {"calendar_days": 7},
        S("2023-06-21", "2023-06-27"),
        {"room-free", "interpretation-capacity"},
        {},
    ),
    (
        "in the small room, only the interpreters",
        None,
        {"calendar_days": 7},
        S("2023-06-21", "2023-06-27", room="small"),
        {"interpretation-capacity"},
        {"preferred-room": 3},
    ),
    # ... while sessions of weeks and of meeting days do not meet at the weekend
    ("weeks: not at the weekend", None, {"weeks": 1}, S("2023-06-19", "2023-06-23"), set(), {}),
    ("days: skip the weekend", None, {"days": 3}, S("2023-06-23", "2023-06-27"), set(), {}),
    ("days: skip the Saturday's holiday", None, {"days": 5}, S("2023-07-06", "2023-07-12"), set(), {}),
    (
        "weeks: may not open on a Saturday",
        None,
        {"weeks": 1},
        S("2023-06-17", "2023-06-23"),
        {"no-meeting-on-holiday"},
        {},
    ),
    # --- a Sunday-Thursday venue: its week begins on Sunday, Friday is no meeting day
    ("sun-thu week", SUN_THU, {"weeks": 1}, S("2023-03-05", "2023-03-09"), set(), {}),
    (
        "sun-thu: a Mon-Fri week",
        SUN_THU,
        {"weeks": 1},
        S("2023-03-06", "2023-03-10"),
        {"no-meeting-on-holiday", "session-length"},
        {},
    ),
    ("sun-thu: Sun-Wed", SUN_THU, {"weeks": 1}, S("2023-03-05", "2023-03-08"), {"session-length"}, {}),
    (
        "sun-thu: Good Friday is no working day, Easter Monday is lost",
        SUN_THU,
        {"weeks": 2},
        S("2023-04-02", "2023-04-13"),
        set(),
        {"lost-meeting-day": 10},
    ),
    ("sun-thu days over the weekend", SUN_THU, {"days": 3}, S("2023-06-14", "2023-06-18"), set(), {}),
    (
        "sun-thu days on the Sunday the room is taken",
        SUN_THU,
        {"days": 3},
        S("2023-06-22", "2023-06-26"),
        {"room-free", "interpretation-capacity"},
        {},
    ),
    (
        "sun-thu days closing on a Friday",
        SUN_THU,
        {"days": 2},
        S("2023-06-15", "2023-06-16"),
        {"no-meeting-on-holiday", "session-length"},
        {},
    ),
    (
        "sun-thu calendar days ignore the working week",
        SUN_THU,
        {"calendar_days": 3},
        S("2023-06-15", "2023-06-17"),
        set(),
        {},
    ),
    # --- a Monday-Saturday venue
    ("mon-sat: 5 meeting days Wed-Mon", MON_SAT, {"days": 5}, S("2023-06-14", "2023-06-19"), set(), {}),
    ("mon-sat: a week ends on Saturday", MON_SAT, {"weeks": 1}, S("2023-06-12", "2023-06-17"), set(), {}),
    (
        "mon-sat: Mon-Fri is short",
        MON_SAT,
        {"weeks": 1},
        S("2023-06-12", "2023-06-16"),
        {"session-length"},
        {},
    ),
    (
        "mon-sat: meets on the Saturday's holiday",
        MON_SAT,
        {"weeks": 1},
        S("2023-07-03", "2023-07-08"),
        set(),
        {"national-holiday": 4},
    ),
    (
        "mon-sat: Saturday's room taken",
        MON_SAT,
        {"days": 5},
        S("2023-06-20", "2023-06-24"),
        {"room-free", "interpretation-capacity"},
        {},
    ),
    (
        "mon-sat: may not close on a Sunday",
        MON_SAT,
        {"days": 2},
        S("2023-06-17", "2023-06-18"),
        {"no-meeting-on-holiday", "session-length"},
        {},
    ),
]


# the soft rules the cases are about (those that count days, and the room's rank): each
# case says what they cost, nothing when it names none of them
COUNTED = {rule for case in CASES for rule in case[-1]}


@pytest.mark.parametrize(
    "working_days, length, placement, hard, costs", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_rule_counts_the_session_s_meeting_days_in_both_faces(
    tmp_path, working_days, length, placement, hard, costs
):
    problem = one_session(tmp_path, length, working_days)
    found, findings = both_faces(problem, timetable(placement))
    assert {rule for rule, _ in found} == hard
    if costs or not hard:  # the costs a case names are checked even beside a hard finding
        by_rule: dict[str, int] = {}
        for f in findings:
            if f.rule in COUNTED:
                by_rule[f.rule] = by_rule.get(f.rule, 0) + f.cost
        assert by_rule == costs


def message(problem, placement, rule) -> str:
    return next(f.message for f in evaluate(problem, timetable(placement)) if f.rule == rule)


def test_messages_say_which_day_is_no_working_day(tmp_path):
    sun_thu = one_session(tmp_path, {"weeks": 1}, SUN_THU)
    assert message(sun_thu, S("2023-03-06", "2023-03-10"), "no-meeting-on-holiday") == (
        "would close on Fri 10 Mar 2023, a Friday, not a working day at the Vienna International Centre"
    )
    assert message(sun_thu, S("2023-03-06", "2023-03-09"), "session-length") == (
        "a 1-week session opening on Mon 6 Mar 2023 closes on Sun 12 Mar 2023, not on Thu 9 Mar 2023"
    )
    mon_fri = one_session(tmp_path, {"weeks": 1})
    assert message(mon_fri, S("2023-06-17", "2023-06-23"), "no-meeting-on-holiday") == (
        "would open on Sat 17 Jun 2023, a Saturday at the Vienna International Centre"
    )
    calendar = one_session(tmp_path, {"calendar_days": 7})
    assert message(calendar, S("2023-06-12", "2023-06-16"), "session-length") == (
        "a 7-calendar-day session opening on Mon 12 Jun 2023 closes on Sun 18 Jun 2023, "
        "not on Fri 16 Jun 2023"
    )
    assert message(calendar, S("2023-04-05", "2023-04-11"), "lost-meeting-day") == (
        "loses 2 meeting days to Good Friday, Fri 7 Apr 2023, Easter Monday, Mon 10 Apr 2023"
    )


def test_meeting_days_are_the_session_s(tmp_path):
    calendar = one_session(tmp_path, {"calendar_days": 7})
    s = calendar.sessions[0]
    assert calendar.session_days(s, S("2023-04-05", "2023-04-11")) == tuple(
        D(d) for d in ("2023-04-05", "2023-04-06", "2023-04-08", "2023-04-09", "2023-04-11")
    )
    assert calendar.lost_days(s, S("2023-04-05", "2023-04-11")) == [D("2023-04-07"), D("2023-04-10")]
    [row] = timetable_rows(calendar, timetable(S("2023-06-12", "2023-06-18")))
    assert len(row.meeting_days) == 7 and row.meeting_days[-1] == D("2023-06-18") and not row.lost_days
    mon_sat = one_session(tmp_path, {"days": 5}, MON_SAT)
    assert mon_sat.session_days(mon_sat.sessions[0], S("2023-06-14", "2023-06-19"))[-2:] == (
        D("2023-06-17"),
        D("2023-06-19"),
    )


def test_candidates_follow_the_venue_s_week_and_the_calendar(tmp_path):
    sun_thu = one_session(tmp_path, {"weeks": 1}, SUN_THU)
    spans = {(p.start, p.end) for p in sun_thu.candidates(sun_thu.sessions[0])}
    # a week from any working day, Sunday to Thursday: never opening on a Friday or Saturday
    assert spans and {s.weekday() for s, _ in spans} == {6, 0, 1, 2, 3}
    assert all(e.weekday() == 3 for s, e in spans if s.weekday() == 6)
    assert (D("2023-03-06"), D("2023-03-12")) in spans  # Monday to Sunday: five working days
    assert (D("2023-04-09"), D("2023-04-13")) in spans  # loses Easter Monday
    calendar = one_session(tmp_path, {"calendar_days": 7})
    spans = {(p.start, p.end) for p in calendar.candidates(calendar.sessions[0])}
    starts = {s for s, _ in spans}
    assert {s.weekday() for s in starts} == set(range(7))
    assert D("2023-04-07") not in starts and D("2023-04-04") not in starts  # opens or closes on a holiday
    assert all((e - s).days == 6 for s, e in spans)
    # the solver dates it: seven days in its window, losing Good Friday (Mon 3 - Sun 9 Apr)
    window = {"window": {"start": "2023-04-03", "end": "2023-04-16"}}
    result = solve(one_session(tmp_path, {"calendar_days": 7}, **window))
    p = result.timetable.get("S")
    assert cost_by_rule(result.findings)["lost-meeting-day"] == 10
    assert (p.start, p.end) == (D("2023-04-03"), D("2023-04-09"))


@pytest.mark.parametrize(
    "days, words",
    [
        (["Monday"], "'Monday' is not a day of the week: write Mon, Tue, Wed, Thu, Fri, Sat or Sun"),
        (["mon"], "'mon' is not a day of the week"),
        (["Mon", "Tue", "Mon"], "'Mon' is given twice"),
        ([], "give at least one working day"),
    ],
)
def test_working_days_are_named_in_words(tmp_path, days, words):
    data = small_model_dict()
    data["venues"][0]["working_days"] = days
    text = yaml.safe_dump(data, sort_keys=False)
    path = tmp_path / "m.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as exc:
        load_model(path)
    assert words in str(exc.value) and exc.value.field.startswith("venues[0].working_days")


@pytest.mark.parametrize("length", [{}, {"weeks": 1, "calendar_days": 7}, {"days": 2, "weeks": 1}])
def test_a_length_is_exactly_one_of_three(tmp_path, length):
    data = small_model_dict()
    data["sessions"][0]["length"] = length
    with pytest.raises(InputError) as exc:
        load_model(write_model(tmp_path, data))
    assert "'weeks'" in str(exc.value) and "'days'" in str(exc.value) and "'calendar_days'" in str(exc.value)
    assert exc.value.field == "sessions[0].length"


# ---------------------------------------------------------------- the plastics committee


def venue(vid, name, city, tz, **more):
    return {
        "id": vid,
        "name": name,
        "city": city,
        "timezone": tz,
        "meeting_hours": ["10:00-13:00"],
        "interpretation_capacity": 2,
        "rooms": [{"id": "plenary", "name": "Plenary", "seats": 2000, "interpretation": 6}],
        **more,
    }


PLASTICS = {
    "committee": {
        "id": "inc-plastics",
        "name": "Intergovernmental Negotiating Committee on Plastic Pollution",
        "short_name": "INC",
    },
    "window": {"start": "2023-01-01", "end": "2024-12-31"},
    "venues": [
        venue("paris", "UNESCO Headquarters", "Paris", "Europe/Paris", working_days=MON_SAT),
        venue("nairobi", "United Nations Office at Nairobi", "Nairobi", "Africa/Nairobi"),
        venue("ottawa", "Shaw Centre", "Ottawa", "America/Toronto"),
        venue("busan", "BEXCO", "Busan", "Asia/Seoul"),
    ],
    "sessions": [
        # five meeting days at a Monday-Saturday venue, over its Saturday
        {"id": "INC-2", "name": "Second session (variant)", "length": {"days": 5}, "venues": ["paris"]},
        {"id": "INC-3", "name": "Third session", "length": {"calendar_days": 7}, "venues": ["nairobi"]},
        {"id": "INC-4", "name": "Fourth session", "length": {"calendar_days": 7}, "venues": ["ottawa"]},
        {"id": "INC-5", "name": "Fifth session", "length": {"calendar_days": 7}, "venues": ["busan"]},
    ],
}
REAL = {
    "sessions": [
        {"id": "INC-2", "start": "2023-05-31", "end": "2023-06-05"},  # Wed - Mon, Saturday included
        {"id": "INC-3", "start": "2023-11-13", "end": "2023-11-19"},  # Mon - Sun
        {"id": "INC-4", "start": "2024-04-23", "end": "2024-04-29"},  # Tue - Mon
        {"id": "INC-5", "start": "2024-11-25", "end": "2024-12-01"},  # Mon - Sun
    ]
}


def check(tmp_path, model: dict, proposal: dict):
    model_path = write_model(tmp_path, model)
    proposal_path = write_model(tmp_path, proposal, "proposal.yaml")
    return CliRunner().invoke(
        main, ["check", str(proposal_path), "--model", str(model_path), "--format", "json"]
    )


def test_check_accepts_the_plastics_committee_s_weekend_sessions(tmp_path):
    result = check(tmp_path, PLASTICS, REAL)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["ok"] and not doc["hard_violations"]
    assert not COUNTED & set(doc["cost_by_rule"])  # no day lost, none on a holiday
    days = {s["id"]: s["meeting_days"] for s in doc["sessions"]}
    assert days["INC-5"] == [(D("2024-11-25") + timedelta(days=i)).isoformat() for i in range(7)]
    assert days["INC-4"][0] == "2024-04-23" and days["INC-4"][-1] == "2024-04-29" and len(days["INC-4"]) == 7
    assert days["INC-2"] == ["2023-05-31", "2023-06-01", "2023-06-02", "2023-06-03", "2023-06-05"]


def test_check_refuses_weekend_sessions_the_model_does_not_allow(tmp_path):
    model = json.loads(json.dumps(PLASTICS))
    model["venues"][0].pop("working_days")  # Paris works Mon-Fri again
    model["sessions"][3]["length"] = {"weeks": 1}  # Busan meets a Mon-Fri week
    result = check(tmp_path, model, REAL)
    assert result.exit_code == 1
    doc = json.loads(result.output)
    found = {(f["rule"], f["session"]): f["message"] for f in doc["findings"] if f["level"] == "hard"}
    # INC-2 holds 4 meeting days Wed-Mon; INC-5 is a Mon-Fri week that runs on to Sunday
    assert set(found) == {("session-length", "INC-2"), ("no-meeting-on-holiday", "INC-5")}
    assert found[("no-meeting-on-holiday", "INC-5")] == "would close on Sun 1 Dec 2024, a Sunday at the BEXCO"
