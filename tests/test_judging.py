"""Judging one session against a timetable: what the timetable takes is worked out once
(each rule's `seen`) and serves every move of a session, and a rule judges only the
session moved (`Rule.session_findings`), exactly as its whole check would."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import load_model
from constraints import REGISTRY, ResourceRule, evaluate, placement_rules, room_choice
from constraints.base import Load
from schedule_planner import explain as ex
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement, Timetable
from schedule_planner.greedy import greedy

CASES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def centre_case(centre):
    """A small generated centre (several bodies sharing rooms, interpreters and
    translators) and its greedy timetable, with the first sessions of each body piled
    onto the same dates so that the resource rules and the order between sessions break."""
    problem = Problem(load_model(centre))
    timetable = greedy(problem)
    placed = [p for p in timetable if p is not None]
    piled = {p.session: p for p in placed}
    for p, q in pairwise(placed[:6]):
        piled[q.session] = Placement(q.session, p.venue, p.room, p.start, p.start + (q.end - q.start))
    return problem, Timetable(piled, timetable.dropped)


@pytest.fixture(scope="module")
def default_case(default_problem, default_result):
    return default_problem, default_result.timetable


def _move(problem, timetable, data) -> tuple[str, Timetable]:
    """A session moved (or placed, if the timetable leaves it out) to dates up to a year
    either side, of its own length or not, at a venue and room it may or may not use."""
    session = data.draw(st.sampled_from(problem.sessions), label="session")
    now = timetable.get(session.id)
    anchor = now.start if now else problem.model.window.start
    start = anchor + timedelta(days=data.draw(st.integers(-366, 366), label="days"))
    length = data.draw(st.integers(0, 14), label="length")
    venue = data.draw(st.sampled_from(problem.model.venues), label="venue")
    room = data.draw(st.sampled_from(venue.rooms), label="room")
    return session.id, timetable.moved(
        Placement(session.id, venue.id, room.id, start, start + timedelta(length))
    )


def _old_local(problem, timetable, session_id):
    """local_findings as it was first written: every rule's whole check, filtered."""
    session = problem.by_id[session_id]
    prev, nxt = ex.neighbours(problem, timetable, session)
    near = [s for s in (prev, session, nxt) if s is not None and timetable.get(s.id)]
    sub = Timetable({s.id: timetable.placements[s.id] for s in near})
    out = []
    for rule in REGISTRY:
        for f in rule.findings(problem, timetable if rule.reads_every_meeting else sub):
            if f.session == session_id or (rule.reads_previous and nxt and f.session == nxt.id):
                out.append(f)
    return out


def _agree(problem, timetable, data):
    summary = ex.seen(problem, timetable)  # of the timetable before the move
    sid, moved = _move(problem, timetable, data)
    for rule in REGISTRY:
        whole = [f for f in rule.findings(problem, moved) if f.session == sid]
        assert rule.session_findings(problem, moved, sid, rule.seen(problem, timetable)) == whole, rule.name
        assert rule.session_findings(problem, moved, sid) == whole, rule.name
    assert ex.local_findings(problem, moved, sid, summary) == _old_local(problem, moved, sid)


@given(data=st.data())
@CASES
def test_one_session_judged_alone_is_the_whole_check_filtered_centre(centre_case, data):
    _agree(*centre_case, data)


@given(data=st.data())
@CASES
def test_one_session_judged_alone_is_the_whole_check_filtered_default(default_case, data):
    _agree(*default_case, data)


@given(data=st.data())
@CASES
def test_room_choice_is_the_room_fewest_rules_object_to(centre_case, data):
    """The room chosen and the rules reading the room that object there, as counting
    every rule in every room would have them (the first of the fewest objections)."""
    problem, timetable = centre_case
    sid, moved = _move(problem, timetable, data)
    session, dates = problem.by_id[sid], moved.get(sid)
    rules = placement_rules(problem, session)
    rooms = [r for r in problem.venue(dates.venue).rooms if session.room.allows(r.id)] or problem.venue(
        dates.venue
    ).rooms

    def objecting(room):
        p = Placement(sid, dates.venue, room.id, dates.start, dates.end)
        return [r for r in rules if r.judge(problem, session, p)]

    best = min(rooms, key=lambda room: len(objecting(room)))
    q, against = room_choice(problem, session, dates)
    assert (q.room, against) == (best.id, [r for r in objecting(best) if r.reads_room])
    for rule in rules:  # what the slack scan reads: a rule on the placement alone as judged in the timetable
        if rule.reads_room and not rule.reads_every_meeting:
            assert (rule in against) == bool(rule.judge_in(problem, moved, session, q))


def test_nearest_dates_build_what_the_timetable_takes_once(centre_case, monkeypatch):
    """`check`'s nearest admissible dates judge hundreds of candidate dates, yet count
    what the timetable takes of each shared resource once, not once per candidate."""
    problem, timetable = centre_case
    findings = evaluate(problem, timetable)
    assert sum(f.breach for f in findings) >= 3  # the piled sessions break rules
    built = []
    real = Load.__init__

    def counting(self, rule, problem):
        built.append(rule.name)
        real(self, rule, problem)

    monkeypatch.setattr(Load, "__init__", counting)
    nearest = ex.nearest_for_breaches(Problem(problem.model), timetable, findings)
    assert nearest
    resources = [r for r in REGISTRY if isinstance(r, ResourceRule)]
    # once for the timetable, and once for the fixed meetings alone if it reads the room
    # (what a room is chosen by)
    assert sorted(built) == sorted([r.name for r in resources] + [r.name for r in resources if r.reads_room])
