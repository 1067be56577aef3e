"""--backend: HiGHS on the CP-SAT model translated to a MIP (`schedule_planner.mip`), what
`auto` picks for a centre of several bodies, and how planner guards against HiGHS's
floating-point answers and its lack of an interrupt."""

from __future__ import annotations

import json
import signal
import threading

import pytest
from click.testing import CliRunner

from conftest import load_model
from constraints import evaluate
from schedule_planner import mip
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.greedy import greedy
from schedule_planner.solver import solve


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_translated_model_has_the_same_optimum_as_cp_sat_on_the_default_model(default_problem):
    """The default model holds every kind of constraint the rules write (enforced
    linear ones, exactly-one, at-most-one, clauses): HiGHS on its translation proves
    the very optimum CP-SAT proves, and its timetable passes check at that cost."""
    by_cpsat = solve(default_problem, backend="cp-sat")
    by_highs = solve(default_problem, backend="highs")
    assert by_cpsat.status == by_highs.status == "OPTIMAL"
    assert by_highs.objective == by_cpsat.objective == by_highs.bound
    findings = evaluate(default_problem, by_highs.timetable)
    assert not [f for f in findings if f.breach]
    assert sum(f.cost for f in findings) == by_highs.objective


def test_both_backends_prove_the_same_optimum_on_a_centre_and_check_agrees(centre, tmp_path):
    costs = {}
    for backend in ("cp-sat", "highs", "auto"):
        out = tmp_path / f"{backend}.json"
        result = run("solve", centre, "--backend", backend, "-f", "json", "-o", out)
        assert result.exit_code == 0, result.output
        doc = json.loads(out.read_text())
        assert doc["status"] == "OPTIMAL"
        checked = run("check", "-m", centre, "-f", "json", out)
        assert checked.exit_code == 0, checked.output
        assert json.loads(checked.output)["cost"] == doc["objective"]
        costs[backend] = doc["objective"]
    assert len(set(costs.values())) == 1, costs


def test_auto_picks_highs_for_several_bodies_and_cp_sat_for_one(centre, default_problem, monkeypatch):
    calls = []
    real = mip.search
    monkeypatch.setattr(mip, "search", lambda *a, **k: calls.append(1) or real(*a, **k))
    solve(default_problem)
    assert calls == []
    solve(Problem(load_model(centre)))
    assert calls == [1]


def test_the_same_centre_gives_the_same_timetable_twice(centre, tmp_path):
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    for out in outs:
        assert run("solve", centre, "-f", "json", "-o", out).exit_code == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_a_highs_timetable_that_breaks_a_hard_rule_is_not_trusted(centre, monkeypatch):
    """HiGHS's arithmetic is floating-point: an answer whose timetable breaks a hard rule
    (here: every session at its first option, rooms clashing) goes to CP-SAT instead."""
    problem = Problem(load_model(centre))

    def wrong(model, time_limit, seed=0, **_):
        from schedule_planner.encoding import Encoding

        enc = Encoding(problem).build()
        return mip.Answer("OPTIMAL", frozenset(opts[0][1].Index() for opts in enc.options.values()), 0.0, 0.0)

    monkeypatch.setattr(mip, "search", wrong)
    result = solve(problem, backend="highs")
    assert result.status == "OPTIMAL"
    assert not [f for f in evaluate(problem, result.timetable) if f.breach]
    assert result.objective == solve(problem, backend="cp-sat").objective


def test_a_model_highs_finds_infeasible_gets_cp_sats_proof_and_diagnosis(tmp_path):
    from conftest import small_model_dict, write_model

    data = small_model_dict()  # A and B fixed 11 days apart: no document pipeline fits
    data["sessions"][0]["fixed"] = {"start": "2023-04-17", "end": "2023-04-21"}
    data["sessions"][1]["fixed"] = {"start": "2023-05-02", "end": "2023-05-12"}
    model = write_model(tmp_path, data)
    by = {b: run("solve", model, "--backend", b) for b in ("cp-sat", "highs")}
    assert by["highs"].exit_code == by["cp-sat"].exit_code == 1
    assert by["highs"].output == by["cp-sat"].output
    assert "Verified: with these changes the model has a timetable" in by["highs"].output


def test_a_model_with_a_constraint_no_mip_row_states_stays_with_cp_sat(default_problem, monkeypatch):
    def untranslatable(proto):
        raise mip.Untranslatable("a CP-SAT constraint of another kind")

    monkeypatch.setattr(mip, "translate", untranslatable)
    monkeypatch.setattr(mip, "search", lambda *a, **k: pytest.fail("HiGHS ran"))
    assert solve(default_problem, backend="highs").objective == solve(default_problem).objective


def test_a_greedy_start_cheaper_than_highs_time_limited_answer_stands(centre, monkeypatch):
    """Never worse than greedy: an answer HiGHS could not improve in time (here: a
    costlier one) gives way to the greedy timetable, not proven optimal."""
    problem = Problem(load_model(centre))
    start = greedy(problem)
    start_cost = sum(f.cost for f in evaluate(problem, start))

    def worse(model, time_limit, seed=0, **_):
        from schedule_planner.encoding import Encoding

        enc = Encoding(problem).build()
        dropped = frozenset(lit.Index() for lit in enc.dropped.values())
        return mip.Answer("FEASIBLE", dropped, 10.0**9, 0.0)  # every session left out

    monkeypatch.setattr(mip, "search", worse)
    result = solve(problem, backend="highs")
    assert result.status == "FEASIBLE" and result.objective == start_cost
    assert result.timetable.placements == start.placements


@pytest.fixture
def sigint():
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_ends_the_highs_search_at_once_with_the_greedy_timetable(
    centre, tmp_path, monkeypatch, sigint
):
    """HiGHS cannot be stopped, so it runs in a child process: Ctrl-C kills the child
    (here one that would search for 10 minutes) and the greedy start is written, marked
    not proven optimal, exit 130."""
    import time

    real = mip.search

    def interrupted(*args, **kwargs):
        threading.Timer(0.5, signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT)).start()
        return real(*args, **kwargs)

    monkeypatch.setattr(mip, "search", interrupted)
    monkeypatch.setattr(mip, "_highs", lambda *args: time.sleep(600))  # in each part's child
    out = tmp_path / "t.json"
    result = run("solve", centre, "-f", "json", "-o", out)
    assert result.exit_code == 130, result.output
    assert "Interrupted: the search was stopped" in result.output
    doc = json.loads(out.read_text())
    assert doc["status"] == "FEASIBLE"
    problem = Problem(load_model(centre))
    start = greedy(problem)
    assert {r["id"] for r in doc["sessions"]} == set(start.placements)


def test_a_failing_child_is_an_internal_error_not_a_traceback():
    with pytest.raises(Exception, match="internal error: the HiGHS search failed: ValueError: boom"):
        mip._in_child(lambda: (_ for _ in ()).throw(ValueError("boom")))


def test_the_progress_line_shows_the_greedy_cost_while_highs_searches(centre):
    from schedule_planner.progress import Progress

    problem = Problem(load_model(centre))
    shown = []

    class Watching(Progress):
        def __call__(self, objective, bound):
            super().__call__(objective, bound)
            shown.append(self.__rich__())

    solve(problem, progress=Watching())
    cost = sum(f.cost for f in evaluate(problem, greedy(problem)))
    assert shown and f"best {cost:,} (greedy first-fit), HiGHS searching" in shown[0]


def test_auto_goes_on_with_cp_sat_when_highs_ends_without_a_proof(centre, monkeypatch):
    """auto gives HiGHS the time limit; ended without a proof before it (here: nothing
    found at once), CP-SAT goes on from the best timetable so far and proves the optimum."""
    problem = Problem(load_model(centre))
    shares = []
    monkeypatch.setattr(
        mip,
        "search",
        lambda model, time_limit, seed=0, **_: shares.append(time_limit) or mip.Answer("UNKNOWN"),
    )
    result = solve(problem, time_limit=30)
    assert shares == [30]
    assert result.status == "OPTIMAL"
    assert result.objective == solve(problem, backend="cp-sat").objective
