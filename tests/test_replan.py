"""Re-planning (issue 9, points 1 and 2): sessions pinned before --today never move and
their breaches are history; a re-solve from a baseline moves the fewest sessions by the
fewest days (moved-session, days-moved), `check --baseline` prices a timetable as solve
does; without a baseline, ties go to the lexicographically earliest timetable."""

from __future__ import annotations

import itertools
import json
from datetime import date

import pytest
from click.testing import CliRunner

from conftest import LIMIT, NYC, load_model, model_from, small_model_dict, write_model
from constraints import REGISTRY, RULES, evaluate, registered
from constraints.days_moved import DaysMoved
from oracle import cpsat_verdict
from schedule_planner.cli import main
from schedule_planner.diagnose import diagnose
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement, Timetable
from schedule_planner.errors import Infeasible, InputError
from schedule_planner.solver import solve

D = date.fromisoformat
NEW_RULES = ("moved-session", "days-moved")


def two_sessions(**changes) -> dict:
    """The small model with A and B only (few enough options to enumerate)."""
    data = small_model_dict()
    data["sessions"] = data["sessions"][:2]
    for sid, fields in changes.items():
        next(s for s in data["sessions"] if s["id"] == sid).update(fields)
    return data


def optima(problem: Problem) -> tuple[int, list[Timetable]]:
    """Every timetable of least cost, by enumerating every combination of options."""
    best, out = None, []
    for combo in itertools.product(*(problem.candidates(s) for s in problem.sessions)):
        tt = Timetable({p.session: p for p in combo})
        findings = evaluate(problem, tt)
        if any(f.breach for f in findings):
            continue
        cost = sum(f.cost for f in findings)
        if best is None or cost < best:
            best, out = cost, [tt]
        elif cost == best:
            out.append(tt)
    return best, out


def moved(problem: Problem, tt: Timetable) -> tuple[int, int]:
    """(sessions moved, days their openings moved) from the problem's baseline."""
    pairs = [(problem.baseline.get(s.id), tt.get(s.id)) for s in problem.sessions]
    return (sum(1 for a, b in pairs if a != b), sum(abs((b.start - a.start).days) for a, b in pairs))


def cost_of(findings, rules=NEW_RULES) -> int:
    return sum(f.cost for f in findings if f.rule in rules)


# ------------------------------------------------------------------ baseline
def test_a_re_solve_with_nothing_changed_returns_the_baseline():
    model = model_from(small_model_dict())
    first = solve(Problem(model), time_limit=LIMIT)
    again = solve(Problem(model, baseline=first.timetable), time_limit=LIMIT)
    assert again.timetable.placements == first.timetable.placements
    assert again.objective == first.objective
    assert cost_of(again.findings) == 0


def test_a_postponement_moves_the_fewest_sessions_by_the_fewest_days():
    """B's window now opens on 8 May (B was 17-28 April): the re-solve costs what the
    cheapest of all timetables costs, and among those it moves fewest and least."""
    base = solve(Problem(model_from(two_sessions())), time_limit=LIMIT).timetable
    assert base.get("B").start == D("2023-04-17")
    later = model_from(two_sessions(B={"window": {"start": "2023-05-08", "end": "2023-07-31"}}))
    problem = Problem(later, baseline=base)
    result = solve(problem, time_limit=LIMIT)
    best, tables = optima(problem)
    assert result.objective == best
    assert any(t.placements == result.timetable.placements for t in tables)
    assert moved(problem, result.timetable) == min(moved(problem, t) for t in tables) == (1, 21)
    assert result.timetable.get("A") == base.get("A")
    by_rule = {f.rule: f.cost for f in result.findings if f.rule in NEW_RULES}
    assert by_rule == {"moved-session": 100, "days-moved": 21 * registered(DaysMoved).weight(problem)}


def test_no_soft_gain_pays_for_a_moved_day():
    """days-moved outweighs every per-day rule together, with their weights as the model
    sets them; a model's own weight for it stands."""
    days_moved, lost = registered(DaysMoved), RULES["lost-meeting-day"]
    per_day = [r for r in REGISTRY if r.priced_per_day]
    assert lost in per_day and days_moved not in per_day
    problem = Problem(model_from(small_model_dict()))
    at_defaults = 1 + sum(r.default_weight for r in per_day)
    assert days_moved.weight(problem) == at_defaults == days_moved.default_weight
    data = small_model_dict()
    data["weights"] = {"lost-meeting-day": lost.default_weight + 30}
    assert days_moved.weight(Problem(model_from(data))) == at_defaults + 30
    data["weights"] = {"days-moved": 3}
    assert days_moved.weight(Problem(model_from(data))) == 3


def test_a_moved_announced_session_costs_ten_times_a_planned_one():
    base = solve(Problem(model_from(two_sessions())), time_limit=LIMIT).timetable
    moved_b = base.moved(base.get("B").__class__("B", "vic", "small", D("2023-04-17"), D("2023-04-28")))
    costs = {}
    for status in ("planned", "announced"):
        fields = {"status": status, "fixed": {"start": "2023-04-17", "end": "2023-04-28"}}
        problem = Problem(model_from(two_sessions(B=fields)), baseline=base)
        costs[status] = cost_of(evaluate(problem, moved_b))
    assert costs == {"planned": 100, "announced": 1000}


def test_check_baseline_equals_the_objective_of_solve_baseline(tmp_path):
    runner = CliRunner()
    base, new = tmp_path / "base.json", tmp_path / "new.json"
    model = write_model(tmp_path, small_model_dict())
    assert runner.invoke(main, ["solve", str(model), "-f", "json", "-o", str(base)]).exit_code == 0
    data = small_model_dict()
    data["sessions"][1]["window"] = {"start": "2023-05-08", "end": "2023-07-31"}
    later = write_model(tmp_path, data, "later.yaml")
    out = runner.invoke(main, ["solve", str(later), "--baseline", str(base), "-f", "json", "-o", str(new)])
    assert out.exit_code == 0, out.output
    solved = json.loads(new.read_text())
    assert solved["cost_by_rule"]["moved-session"] > 0
    assert [m["session"] for m in solved["moves"]] == ["B", "C"]
    assert solved["moves"][0]["days_moved"] == 21
    assert [f["rule"] for f in solved["moves"][0]["forced_by"]] == ["session-window"]
    out = runner.invoke(main, ["check", str(new), "-m", str(later), "--baseline", str(base), "-f", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["cost"] == solved["objective"]
    table = runner.invoke(main, ["solve", str(later), "--baseline", str(base)]).output
    assert "What moved from the baseline:" in table
    assert (
        "B: Mon 17 - Fri 28 Apr 2023 -> Mon 8 - Fri 19 May 2023 (21 days later); forced by session-window"
        in table
    )
    # explain --baseline: the re-solved timetable explained with the moves' prices, and a
    # move back towards the baseline costs less
    why = runner.invoke(
        main, ["explain", str(later), "--baseline", str(base), "-f", "json", "--time-limit", str(LIMIT)]
    )
    assert why.exit_code == 0, why.output
    b = next(e for e in json.loads(why.output)["sessions"] if e["id"] == "B")
    assert {c["rule"] for c in b["costs"]} >= {"moved-session", "days-moved"}
    plain = runner.invoke(main, ["explain", str(later), "-f", "json", "--time-limit", str(LIMIT)])
    b = next(e for e in json.loads(plain.output)["sessions"] if e["id"] == "B")
    assert not {c["rule"] for c in b["costs"]} & {"moved-session", "days-moved"}


# ------------------------------------------------------------------ pinned
def test_sessions_pinned_before_today_never_move_and_their_breaches_are_history():
    base = solve(Problem(model_from(small_model_dict())), time_limit=LIMIT).timetable
    data = small_model_dict()
    # A (6-10 March) would now have to meet in April, and B later than it did
    data["sessions"][0]["window"] = {"start": "2023-04-01", "end": "2023-07-31"}
    data["sessions"][1]["window"] = {"start": "2023-05-08", "end": "2023-07-31"}
    problem = Problem(model_from(data), baseline=base, today=D("2023-04-01"))
    assert set(problem.pinned) == {"A"}
    result = solve(problem, time_limit=LIMIT)
    assert result.timetable.get("A") == base.get("A")
    assert result.timetable.get("B") != base.get("B")
    history = [f for f in evaluate(problem, result.timetable) if f.history and f.hard]
    assert [(f.rule, f.session) for f in history] == [("session-window", "A")]
    assert "held before 2023-04-01" in history[0].line()
    # without --today, A moves
    assert solve(Problem(model_from(data), baseline=base), time_limit=LIMIT).timetable.get("A") != base.get(
        "A"
    )


def test_today_pins_fixed_dates_without_a_baseline_and_needs_dates_for_the_past():
    data = small_model_dict()
    data["sessions"][0]["fixed"] = {"start": "2023-03-06", "end": "2023-03-10"}
    problem = Problem(model_from(data), today=D("2023-04-01"))
    assert set(problem.pinned) == {"A"}
    data["sessions"][1]["window"] = {"start": "2023-03-01", "end": "2023-03-31"}
    with pytest.raises(InputError, match="session B must open before 2023-04-01"):
        Problem(model_from(data), today=D("2023-04-01"))


def test_the_diagnosis_never_proposes_changing_a_pinned_session():
    """B is pinned at 17-28 April; C's window now ends before B: the way out is C's
    window, never B's dates (which would be one day cheaper to move? no matter)."""
    base = solve(Problem(model_from(small_model_dict())), time_limit=LIMIT).timetable
    data = small_model_dict()
    data["sessions"][2]["window"] = {"start": "2023-03-01", "end": "2023-04-14"}
    problem = Problem(model_from(data), baseline=base, today=D("2023-05-01"))
    assert set(problem.pinned) == {"A", "B"}
    with pytest.raises(Infeasible):
        solve(problem, time_limit=LIMIT)
    diagnosis = diagnose(problem, LIMIT)
    assert diagnosis.relaxations
    assert {r.finding.session for r in diagnosis.relaxations} == {"C"}
    assert ("fixed-dates", "B") not in diagnosis.conflict


def test_today_on_the_command_line(tmp_path):
    runner = CliRunner()
    data = small_model_dict()
    data["sessions"][1]["window"] = {"start": "2023-03-01", "end": "2023-03-31"}
    model = write_model(tmp_path, data)
    out = runner.invoke(main, ["solve", str(model), "--today", "2023-05-01"])
    assert out.exit_code == 2 and "session B must open before 2023-05-01" in out.output


# ------------------------------------------------------------------ ties
def test_ties_go_to_the_lexicographically_earliest_timetable():
    problem = Problem(model_from(two_sessions()))
    result = solve(problem, time_limit=LIMIT)
    best, tables = optima(problem)
    assert len(tables) > 1 and result.objective == best
    earliest = min(tables, key=lambda t: [(p.start, p.end, p.room != "big") for p in t])
    assert result.timetable.placements == earliest.placements


def test_ties_are_broken_the_same_way_after_an_unrelated_edit():
    """The default model's S2 has two equally good weeks (21-25 February and 28 February
    - 4 March 2022): it takes the earlier, and keeps it when a New York venue that every
    session may use but none prefers (preferred-venue prices it) is added."""
    from schedule_planner.domain.schema import Venue

    model = load_model()
    before = solve(Problem(model), time_limit=LIMIT)
    assert before.timetable.get("S2").start == D("2022-02-21")
    edited = model.model_copy(update={"venues": [*model.venues, Venue.model_validate(NYC)]})
    for s in model.sessions:
        edited = edited.with_session(s.id, venues=[*(s.venues or ["vic"]), "nyc"])
    after = solve(Problem(edited), time_limit=LIMIT)
    assert after.objective == before.objective
    assert after.timetable.placements == before.timetable.placements


def test_sessions_not_pinned_never_meet_before_today():
    """With --today, what has not met by then opens on or after it, in both faces."""
    data = small_model_dict()
    problem = Problem(model_from(data), today=D("2023-05-02"))
    assert not problem.pinned
    result = solve(problem, time_limit=LIMIT)
    assert all(p.start >= D("2023-05-02") for p in result.timetable)
    early = result.timetable.moved(Placement("A", "vic", "big", D("2023-03-06"), D("2023-03-10")))
    found = [(f.rule, f.session) for f in evaluate(problem, early) if f.hard]
    assert ("after-today", "A") in found
    assert cpsat_verdict(problem, early)[0] is False
