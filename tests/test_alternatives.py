"""`planner solve --alternatives K` (issue 9, point 6): the K best timetables, pairwise
distinct, in score order, the first the plain solve's; fewer, with a note, when no more
exist. Distinct as a planner weighs them (issue 19, point 6): some session meets in one
and not the other, or in another city, or opens 4 weeks or more apart, or a week or more
apart trading other days; never by a room, a venue in the same city or a few days."""

from __future__ import annotations

import copy
import itertools
import json
from datetime import date

import pytest
from click.testing import CliRunner

from conftest import LIMIT, NYC, model_from, small_model_dict, write_model
from constraints import REGISTRY, RULES, evaluate
from constraints.days_moved import DaysMoved
from constraints.dropped_session import DroppedSession
from constraints.moved_session import MovedSession
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement, Timetable
from schedule_planner.solver import alternatives, solve


def traded(problem: Problem, p: Placement) -> dict[str, int]:
    """What check's per-day rules charge for a placement's days, by rule."""
    alone = Timetable({p.session: p})
    return {f.rule: f.amount for f in evaluate(problem, alone) if RULES[f.rule].priced_per_day}


def distinct(problem: Problem, a: Timetable, b: Timetable) -> bool:
    """The rule, written independently of the solver's encoding."""
    for s in problem.sessions:
        p, q = a.get(s.id), b.get(s.id)
        if (p is None) != (q is None):
            return True
        if p is None:
            continue
        apart = abs((p.start - q.start).days)
        if (
            problem.venue(p.venue).city != problem.venue(q.venue).city
            or apart >= 28
            or (apart >= 7 and traded(problem, p) != traded(problem, q))
        ):
            return True
    return False


def two_sessions() -> dict:
    data = small_model_dict()
    data["sessions"] = data["sessions"][:2]
    return data


def one_short_window() -> dict:
    """One one-week session, one venue, a three-week window."""
    data = small_model_dict()
    data["sessions"] = data["sessions"][:1]
    data["sessions"][0]["window"] = {"start": "2023-05-08", "end": "2023-05-26"}
    return data


def all_timetables(problem: Problem) -> list[tuple[int, Timetable]]:
    """Every timetable that breaks no hard rule, with its cost (enumerated)."""
    out = []
    for combo in itertools.product(*(problem.candidates(s) for s in problem.sessions)):
        tt = Timetable({p.session: p for p in combo})
        findings = evaluate(problem, tt)
        if not any(f.breach for f in findings):
            out.append((sum(f.cost for f in findings), tt))
    return out


@pytest.fixture(scope="module")
def small_alts():
    problem = Problem(model_from(small_model_dict()))
    return problem, alternatives(problem, 4, time_limit=LIMIT)


def test_alternatives_are_pairwise_distinct_and_in_score_order(small_alts):
    problem, alts = small_alts
    results = alts.results
    assert len(results) == 4 and alts.note is None
    for a, b in itertools.combinations(results, 2):
        assert distinct(problem, a.timetable, b.timetable)
    objectives = [r.objective for r in results]
    assert objectives == sorted(objectives)


def test_the_first_is_the_plain_solve(small_alts):
    problem, alts = small_alts
    plain = solve(problem, time_limit=LIMIT)
    assert alts.results[0].timetable.placements == plain.timetable.placements
    assert alts.results[0].objective == plain.objective


def test_every_alternative_passes_check_and_reports_its_own_cost(small_alts):
    problem, alts = small_alts
    for r in alts.results:
        findings = evaluate(problem, r.timetable)
        assert not [f for f in findings if f.breach]
        assert r.objective == sum(f.cost for f in findings if not f.hard and not f.history)


def test_the_second_is_the_cheapest_timetable_distinct_from_the_first():
    problem = Problem(model_from(two_sessions()))
    alts = alternatives(problem, 2, time_limit=LIMIT)
    first, second = alts.results
    every = all_timetables(problem)
    assert first.objective == min(c for c, _ in every)
    assert second.objective == min(c for c, tt in every if distinct(problem, first.timetable, tt))


def found_all(problem: Problem, k: int) -> list[Timetable]:
    """The alternatives, checked: pairwise distinct, and stopping was right (every
    timetable there is is alike one of those found)."""
    alts = alternatives(problem, k, time_limit=LIMIT)
    found = [r.timetable for r in alts.results]
    assert len(found) < k and alts.note and "no other distinct timetable exists" in alts.note
    assert all(distinct(problem, a, b) for a, b in itertools.combinations(found, 2))
    for _, tt in all_timetables(problem):
        assert any(not distinct(problem, tt, f) for f in found)
    return found


def test_asking_for_more_than_exist_stops_with_a_note():
    """One week in a window of eight: its openings 4 weeks apart are two choices."""
    data = one_short_window()
    data["sessions"][0]["window"] = {"start": "2023-05-15", "end": "2023-07-03"}
    found = found_all(Problem(model_from(data)), 10)
    assert 2 <= len(found) < 7


def test_a_few_days_or_weeks_or_another_room_that_trade_the_same_are_one_choice():
    """A's openings in three weeks of May, in either of two rooms, lose no day and lie in
    no preferred window: one timetable (by days and rooms alone, there were three)."""
    found = found_all(Problem(model_from(one_short_window())), 10)
    assert len(found) == 1


def test_a_week_that_trades_other_days_is_another_choice():
    """A's weeks around Easter: 27 March loses nothing, 3 April Good Friday, 11 April
    Easter Monday and an observance, 17 April nothing again. Each of the middle two is a
    choice of its own; 27 March and 17 April, three weeks apart trading the same, are one."""
    data = one_short_window()
    data["sessions"][0]["window"] = {"start": "2023-03-27", "end": "2023-04-21"}
    problem = Problem(model_from(data))
    found = found_all(problem, 10)
    openings = [tt.get("A").start for tt in found]
    assert {date(2023, 4, 3), date(2023, 4, 11)} <= set(openings)
    assert not {date(2023, 3, 27), date(2023, 4, 17)} <= set(openings)
    assert all(tt.get("A").venue == "vic" for tt in found)


def test_another_city_is_another_choice_and_another_venue_in_the_same_city_is_not():
    """Two venues, one week each may take: the alternative may stay on the same dates
    in another city, never at a second venue in the same one."""
    data = one_short_window()
    data["sessions"][0]["window"] = {"start": "2023-05-08", "end": "2023-05-12"}
    data["venues"].append(copy.deepcopy(NYC))
    acv = copy.deepcopy(data["venues"][0]) | {"id": "acv", "name": "Austria Center Vienna"}
    data["venues"].append(acv)
    found = found_all(Problem(model_from(data)), 3)
    assert sorted(tt.get("A").venue for tt in found) in (["nyc", "vic"], ["acv", "nyc"])


# ------------------------------------------------------------------ command line
def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def small_file(tmp_path_factory):
    return str(write_model(tmp_path_factory.mktemp("alt"), small_model_dict()))


def test_json_contract(small_file):
    out = run("solve", small_file, "--alternatives", "3", "-f", "json", "--time-limit", "60")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    alts = doc["alternatives"]
    assert [a["rank"] for a in alts] == [1, 2, 3]
    assert doc["alternatives_note"] is None
    assert alts[0]["sessions"] == doc["sessions"] and alts[0]["differences"] == []
    assert alts[0]["objective"] == doc["objective"]
    assert [a["objective"] for a in alts] == sorted(a["objective"] for a in alts)
    first = {s["id"]: s for s in doc["sessions"]}
    for a in alts[1:]:
        # soft rules only; without a baseline nothing moves, and nothing is optional
        assert set(a["cost_by_rule"]) <= {r.name for r in REGISTRY if r.soft}
        assert not set(a["cost_by_rule"]) & {MovedSession.name, DaysMoved.name, DroppedSession.name}
        assert sum(a["cost_by_rule"].values()) == a["objective"]
        rows = {s["id"]: s for s in a["sessions"]}
        changed = [
            sid
            for sid in first
            if (rows[sid]["start"], rows[sid]["end"], rows[sid]["venue"], rows[sid]["room"])
            != (first[sid]["start"], first[sid]["end"], first[sid]["venue"], first[sid]["room"])
        ]
        assert [d["session"] for d in a["differences"]] == changed and changed
        assert any(abs(d["days_moved"]) >= 7 or d["venue_changed"] for d in a["differences"])
    again = run("solve", small_file, "--alternatives", "3", "-f", "json", "--time-limit", "60")
    assert again.output == out.output  # deterministic


def test_table_lists_each_alternative_after_the_first_table(small_file):
    out = run("solve", small_file, "--alternatives", "2", "--time-limit", "60")
    assert out.exit_code == 0, out.output
    plain = run("solve", small_file, "--time-limit", "60").output
    head = out.output.index("Alternatives: 2 timetables")
    table_end = plain.index("Status ")
    assert out.output[:table_end] == plain[:table_end]  # the first table as today
    tail = out.output[head:]
    assert "Alternative 2: status OPTIMAL; objective" in tail
    assert "moved" in tail


def test_the_note_when_fewer_exist(tmp_path):
    path = write_model(tmp_path, one_short_window())
    out = run("solve", str(path), "--alternatives", "5", "--time-limit", "60")
    assert out.exit_code == 0, out.output
    assert "Note: 1 of 5 timetables: no other distinct timetable exists" in out.output
    assert "in another city" in out.output
    doc = json.loads(run("solve", str(path), "--alternatives", "5", "-f", "json").output)
    assert len(doc["alternatives"]) == 1 and "1 of 5" in doc["alternatives_note"]


@pytest.mark.parametrize("fmt", ["csv", "markdown", "ics"])
def test_other_formats_are_a_usage_error(small_file, fmt):
    out = run("solve", small_file, "--alternatives", "2", "-f", fmt)
    assert out.exit_code == 2
    assert "--alternatives works with --format table or json" in out.output


@pytest.mark.parametrize("k", ["0", "11"])
def test_k_is_one_to_ten(small_file, k):
    assert run("solve", small_file, "--alternatives", k).exit_code == 2
