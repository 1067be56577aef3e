"""The two faces of the rule registry agree on random small models and proposals:
`check` reports no hard finding exactly when CP-SAT accepts the timetable with its
dates fixed, soft costs equal the objective, and every solved timetable passes check."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from conftest import LIMIT, NYC, model_of_bodies, small_model_dict
from constraints import evaluate
from oracle import cpsat_verdict
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement, Timetable
from schedule_planner.errors import Infeasible
from schedule_planner.solver import solve

START = date(2023, 3, 1)
DAYS = 150


def day(i: int) -> str:
    return (START + timedelta(days=i)).isoformat()


WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@st.composite
def working_weeks(draw) -> list[str] | None:
    """A venue's working days: mostly the default (None), else Sun-Thu, Mon-Sat, or any
    days in any order (its week begins on the first one)."""
    kind = draw(st.integers(0, 5))
    if kind < 3:
        return None
    if kind == 3:
        return draw(st.sampled_from([WEEKDAYS[6:] + WEEKDAYS[:4], WEEKDAYS[:6]]))
    return draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True))


@st.composite
def models(draw) -> Problem:
    data = small_model_dict()
    data["documents"] = {
        "contributions_weeks": draw(st.integers(0, 2)),
        "consolidation_weeks": draw(st.integers(0, 1)),
        "submission_weeks": draw(st.integers(0, 2)),
        "issuance_weeks": 0,
        "min_gap_weeks": draw(st.integers(0, 2)),
    }
    data["venues"][0]["interpretation_capacity"] = draw(st.integers(1, 2))
    # a second venue with its own zone, rooms and holidays
    data["venues"].append({**NYC, "holidays": ["us"]})
    for venue in data["venues"]:  # and sometimes a working week of its own
        if (week := draw(working_weeks())) is not None:
            venue["working_days"] = week
    data["holidays"].append(
        {
            "id": "us",
            "name": "UN New York",
            "kind": "closed",
            "days": [
                {"date": day(draw(st.integers(0, DAYS))), "name": "Holiday", "source": "test"}
                for _ in range(draw(st.integers(0, 3)))
            ],
        }
    )
    meetings = []
    for _ in range(draw(st.integers(0, 3))):
        a = draw(st.integers(0, DAYS - 10))
        venue = draw(st.sampled_from(["vic", "nyc"]))
        rooms = ["big", "small"] if venue == "vic" else ["cr4"]
        meetings.append(
            {
                "body": f"X{len(meetings)}",
                "venue": venue,
                "start": day(a),
                "end": day(a + draw(st.integers(0, 9))),
                "rooms": draw(st.lists(st.sampled_from(rooms), max_size=2, unique=True)),
                "interpretation": draw(st.integers(0, 2)),
            }
        )
    data["meetings"] = meetings
    sessions = []
    for i in range(draw(st.integers(1, 3))):
        length = draw(
            st.one_of(
                st.builds(lambda w: {"weeks": w}, st.integers(1, 2)),
                st.builds(lambda d: {"days": d}, st.integers(2, 5)),
                st.builds(lambda d: {"calendar_days": d}, st.integers(2, 9)),
            )
        )
        s = {
            "id": f"S{i + 1}",
            "name": f"Session {i + 1}",
            "length": length,
            "room": {"seats": draw(st.sampled_from([50, 200]))},
            "venues": draw(st.sampled_from([["vic"], ["nyc"], ["vic", "nyc"], ["nyc", "vic"]])),
        }
        if draw(st.integers(0, 4)) == 0:
            a = draw(st.integers(0, DAYS - 20))
            s["fixed"] = {"start": day(a), "end": day(a + draw(st.integers(0, 13)))}
            s["status"] = draw(st.sampled_from(["planned", "announced"]))
        if draw(st.booleans()):
            a = draw(st.integers(0, DAYS - 30))
            s["window"] = {"start": day(a), "end": day(a + draw(st.integers(10, 60)))}
        if draw(st.booleans()):
            a = draw(st.integers(0, DAYS - 30))
            s["preferred"] = {"start": day(a), "end": day(a + draw(st.integers(5, 30)))}
        sessions.append(s)
    # one committee, or its sessions shared between two bodies that compete for rooms
    split = draw(st.integers(0, len(sessions)))
    ids = [s["id"] for s in sessions]
    groups = [ids[:split], ids[split:]] if 0 < split < len(ids) else [ids]
    calendar(draw, data, sessions, groups)
    data["sessions"] = sessions
    problem = Problem(model_of_bodies(data, groups))
    if draw(st.booleans()):  # a re-plan: a baseline of options or any dates, some left out
        baseline = Timetable()
        for session in problem.sessions:
            if draw(st.integers(0, 3)):
                baseline.placements[session.id] = draw(any_placement(problem, session))
        problem = Problem(problem.model, baseline)
    return problem


def calendar(draw, data: dict, sessions: list[dict], groups: list[list[str]]) -> None:
    """The rest of a negotiation's calendar, now and then: a consultation in the gap
    after a session, an organizational session, a General Assembly session with reports
    to it or to a session, and the approval of the text for it."""
    if draw(st.booleans()):
        after = draw(st.sampled_from(sessions))
        data["consultations"] = {
            "after_days": draw(st.integers(0, 7)),
            "before_days": draw(st.integers(0, 14)),
        }
        sessions.append(
            {
                "id": "K",
                "kind": "consultation",
                "after": after["id"],
                "name": "Consultation",
                "length": {"days": draw(st.integers(1, 3))},
                "venues": ["vic"],
                "room": {"seats": 50, "interpretation": draw(st.sampled_from([0, 6]))},
                "optional": draw(st.booleans()),
            }
        )
        next(g for g in groups if after["id"] in g).append("K")
    if draw(st.booleans()):
        o = {
            "id": "O",
            "kind": "organizational",
            "name": "Organizational",
            "venues": ["nyc"],
            "length": {"days": draw(st.integers(1, 3))},
        }
        if draw(st.booleans()):
            a = draw(st.integers(0, 40))
            o["fixed"] = {"start": day(a), "end": day(a + 2)}
        sessions.append(o)
        groups[0].append("O")
    if draw(st.booleans()):
        opens = draw(st.integers(40, DAYS + 60))
        data["assembly"] = [
            {
                "session": 1,
                "opens": day(opens - 20),
                "third_committee": {"start": day(opens), "end": day(opens + 30)},
                "plenary": {"start": day(opens + 40), "end": day(opens + 60)},
            }
        ]
        reports = []
        for i in range(draw(st.integers(0, 2))):
            target = (
                {"assembly": 1, "stage": draw(st.sampled_from(["third_committee", "plenary"]))}
                if draw(st.booleans())
                else {"session": draw(st.sampled_from(groups[0]))}
            )
            if target.get("session") in ("K", "O"):
                target = {"assembly": 1}
            reports.append(
                {"id": f"R{i}", "name": f"Report {i}", **target, "drafting_weeks": draw(st.integers(0, 2))}
            )
        data["reports"] = reports
        if draw(st.booleans()):
            data["committee"] = {
                **data["committee"],
                "approval": {"assembly": 1, "stage": draw(st.sampled_from(["third_committee", "plenary"]))},
            }


@st.composite
def any_placement(draw, problem: Problem, session) -> Placement:
    """One of the session's options, or now and then any dates at all."""
    candidates = problem.candidates(session)
    if candidates and draw(st.integers(0, 4)):
        return draw(st.sampled_from(candidates))
    a = draw(st.integers(0, DAYS))
    venue, room = draw(st.sampled_from([("vic", "big"), ("vic", "small"), ("nyc", "cr4")]))
    return Placement(
        session.id,
        venue,
        room,
        START + timedelta(days=a),
        START + timedelta(days=a + draw(st.integers(0, 16))),
    )


@st.composite
def proposals(draw, problem: Problem) -> Timetable:
    """Half the time a solved timetable with one session moved (mostly valid, so both
    verdicts occur), else each session's dates drawn on their own."""
    if draw(st.booleans()):
        try:
            tt = solve(problem, time_limit=LIMIT).timetable
        except Infeasible:
            tt = None
        if tt is not None:
            session = draw(st.sampled_from(problem.sessions))
            if draw(st.booleans()):
                tt.placements[session.id] = draw(st.sampled_from(problem.candidates(session)))
            return tt
    tt = Timetable()
    for session in problem.sessions:
        if problem.baseline is not None and problem.baseline.get(session.id) and draw(st.booleans()):
            tt.placements[session.id] = problem.baseline.get(session.id)  # unmoved
        else:
            tt.placements[session.id] = draw(any_placement(problem, session))
    return tt


FAST = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FAST
@given(st.data())
def test_check_agrees_with_cpsat_on_fixed_dates(data):
    problem = data.draw(models())
    tt = data.draw(proposals(problem))
    findings = evaluate(problem, tt)
    hard = [f for f in findings if f.breach]
    feasible, objective = cpsat_verdict(problem, tt)
    assert feasible == (not hard), [f.line() for f in hard]
    if feasible:
        assert objective == sum(f.cost for f in findings)


@FAST
@given(st.data())
def test_the_rules_of_re_planning_are_priced_alike_by_both_faces(data):
    """With a baseline, moved-session and days-moved occur, and both faces price them
    (and everything else) alike."""
    problem = data.draw(models())
    assume(problem.baseline is not None)
    tt = data.draw(proposals(problem))
    findings = evaluate(problem, tt)
    feasible, objective = cpsat_verdict(problem, tt)
    assert feasible == (not [f for f in findings if f.breach])
    if feasible:
        assert objective == sum(f.cost for f in findings)


@FAST
@given(models())
def test_solved_timetables_pass_check(problem):
    try:
        result = solve(problem, time_limit=LIMIT)
    except Infeasible:
        return
    findings = evaluate(problem, result.timetable)
    assert not [f for f in findings if f.hard]
    assert result.status == "OPTIMAL"
    assert result.objective == sum(f.cost for f in findings)


@FAST
@given(models())
def test_a_rule_that_reads_no_room_judges_every_room_alike(problem):
    """The encoding judges once the options of a session alike but for their room, for a
    rule that declares it reads no room (`SessionRule.reads_room`): its verdict is the
    same in every room (and the rooms of a model here seat and interpret differently);
    a resource rule's demand too."""
    from dataclasses import replace

    from constraints import SESSION_RULES, ResourceRule

    for session in problem.sessions:
        for p in problem.candidates(session)[::7]:
            rooms = [r.id for r in problem.venue(p.venue).rooms]
            for rule in SESSION_RULES:
                if rule.reads_room:
                    continue
                verdicts = {
                    (v.amount if (v := rule.judge(problem, session, replace(p, room=room))) else None)
                    for room in rooms
                }
                assert len(verdicts) == 1, (rule.name, p, verdicts)
                if isinstance(rule, ResourceRule):
                    demands = {tuple(rule.demand(problem, session, replace(p, room=room))) for room in rooms}
                    assert len(demands) == 1, (rule.name, p, demands)


@FAST
@given(models())
def test_a_rule_that_reads_no_dates_judges_every_date_alike(problem):
    """A rule that declares it reads no dates (`SessionRule.reads_dates`) is judged once
    per venue and room of a session: its verdict is the same on every date."""
    from constraints import SESSION_RULES

    for session in problem.sessions:
        by_room: dict[tuple, list] = {}
        for p in problem.candidates(session):
            by_room.setdefault((p.venue, p.room), []).append(p)
        for rule in SESSION_RULES:
            if rule.reads_dates:
                continue
            for placements in by_room.values():
                verdicts = {
                    (v.amount if (v := rule.judge(problem, session, p)) else None) for p in placements[::5]
                }
                assert len(verdicts) == 1, (rule.name, placements[0], verdicts)
