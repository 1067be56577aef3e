"""`planner solve --alternatives K` (issue 9, point 6): the K best timetables, pairwise
distinct (some session opens 7 days or more apart, or at another venue), in score
order, the first the plain solve's; fewer, with a note, when no more exist."""

from __future__ import annotations

import copy
import itertools
import json

import pytest
from click.testing import CliRunner

from conftest import LIMIT, NYC, model_from, small_model_dict, write_model
from constraints import REGISTRY, evaluate
from constraints.days_moved import DaysMoved
from constraints.dropped_session import DroppedSession
from constraints.moved_session import MovedSession
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Timetable
from schedule_planner.solver import alternatives, solve


def distinct(a: Timetable, b: Timetable) -> bool:
    """The rule, written independently of the solver's encoding."""
    for sid, p in a.placements.items():
        q = b.get(sid)
        if q is None or p.venue != q.venue or abs((p.start - q.start).days) >= 7:
            return True
    return False


def two_sessions() -> dict:
    data = small_model_dict()
    data["sessions"] = data["sessions"][:2]
    return data


def one_short_window() -> dict:
    """One one-week session, one venue, a three-week window: three distinct timetables."""
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
    _, alts = small_alts
    results = alts.results
    assert len(results) == 4 and alts.note is None
    for a, b in itertools.combinations(results, 2):
        assert distinct(a.timetable, b.timetable)
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
    assert second.objective == min(c for c, tt in every if distinct(first.timetable, tt))


def test_asking_for_more_than_exist_stops_with_a_note():
    problem = Problem(model_from(one_short_window()))
    alts = alternatives(problem, 10, time_limit=LIMIT)
    assert len(alts.results) == 3
    assert alts.note and "no other distinct timetable exists" in alts.note
    found = [r.timetable for r in alts.results]
    # stopping was right: every timetable there is is near one of those found
    for _, tt in all_timetables(problem):
        assert any(not distinct(tt, f) for f in found)


def test_venues_count_as_a_difference():
    """Two venues, one week each may take: the alternative may stay on the same dates
    at the other venue."""
    data = one_short_window()
    data["venues"].append(copy.deepcopy(NYC))
    data["sessions"][0]["window"] = {"start": "2023-05-08", "end": "2023-05-12"}
    problem = Problem(model_from(data))
    alts = alternatives(problem, 3, time_limit=LIMIT)
    assert [r.timetable.get("A").venue for r in alts.results] == ["vic", "nyc"]
    assert alts.note


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
    assert "Note: 3 of 5 timetables: no other distinct timetable exists" in out.output
    doc = json.loads(run("solve", str(path), "--alternatives", "5", "-f", "json").output)
    assert len(doc["alternatives"]) == 3 and "3 of 5" in doc["alternatives_note"]


@pytest.mark.parametrize("fmt", ["csv", "markdown", "ics"])
def test_other_formats_are_a_usage_error(small_file, fmt):
    out = run("solve", small_file, "--alternatives", "2", "-f", fmt)
    assert out.exit_code == 2
    assert "--alternatives works with --format table or json" in out.output


@pytest.mark.parametrize("k", ["0", "11"])
def test_k_is_one_to_ten(small_file, k):
    assert run("solve", small_file, "--alternatives", k).exit_code == 2
