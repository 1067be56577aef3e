"""The MIP HiGHS searches (`schedule_planner.mip`): reduced, split into independent parts,
each part pruned by its LP relaxation's reduced costs; and the requirements the encoding
leaves out because they always hold. Correctness on small instances: the speed is
bench/centre.py's business."""

from __future__ import annotations

import signal
import threading
import time

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import load_model, model_from, small_model_dict
from constraints import evaluate
from schedule_planner import mip
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.encoding import Encoding
from schedule_planner.greedy import greedy
from schedule_planner.solver import solve

INF = mip.INF


def a_mip(columns: int, rows: list[tuple[dict[int, float], float, float]], cost=None, lower=None, upper=None):
    out = mip.Mip(
        np.array(lower if lower is not None else [0.0] * columns),
        np.array(upper if upper is not None else [1.0] * columns),
        np.array(cost if cost is not None else [0.0] * columns, dtype=float),
    )
    for terms, lo, hi in rows:
        out.add(terms, lo, hi)
    return out.finish()


def test_reduce_takes_out_fixed_columns_and_rows_that_always_hold():
    # x0 forbidden (a row of one term), x1 + x2 + x3 == 1, x1 + x2 <= 5 always holds
    m = a_mip(
        4,
        [({0: 1.0}, 0, 0), ({1: 1.0, 2: 1.0, 3: 1.0}, 1, 1), ({1: 1.0, 2: 1.0}, -INF, 5)],
        cost=[0, 1, 2, 3],
    )
    reduced, columns, ones, infeasible = mip.reduce(m)
    assert columns.tolist() == [1, 2, 3]
    assert len(reduced.rows_lo) == 1 and not infeasible and ones == frozenset()


def test_a_column_fixed_at_one_moves_into_its_rows_bounds():
    m = a_mip(3, [({0: 1.0}, 1, 1), ({0: 1.0, 1: 1.0, 2: 1.0}, -INF, 2)], cost=[5, 1, 1])
    reduced, columns, ones, _ = mip.reduce(m)
    assert ones == {0} and columns.tolist() == [1, 2]
    assert reduced.offset == 5 and reduced.rows_hi.tolist() == [1.0]  # 2 less the fixed column's 1


def test_a_row_no_values_can_hold_makes_the_mip_infeasible():
    """A session none of whose options any rule allows: its exactly-one row has no
    column left, and no timetable exists."""
    m = a_mip(2, [({0: 1.0}, 0, 0), ({1: 1.0}, 0, 0), ({0: 1.0, 1: 1.0}, 1, 1)])
    assert mip.reduce(m)[3]
    assert mip.search(mip.prepare(m), 5).status == "INFEASIBLE"


def test_components_are_the_columns_rows_join():
    m = a_mip(5, [({0: 1.0, 1: 1.0}, -INF, 1), ({2: 1.0, 3: 1.0}, -INF, 1), ({1: 1.0, 4: 1.0}, -INF, 1)])
    assert mip.components(m).tolist() == [0, 0, 1, 1, 0]


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> str:
    """A generated centre over two years: its sessions fall into two independent parts."""
    path = tmp_path_factory.mktemp("years") / "centre.yaml"
    args = ["generate", "--meetings", "20", "--years", "2", "--seed", "3", "--load", "0.8", "-o", str(path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return str(path)


def parts_of(problem: Problem, monkeypatch) -> tuple[Encoding, mip.Parts]:
    monkeypatch.setattr(mip, "SMALLEST_PART", 0)  # each component its own part
    enc = Encoding(problem).build()
    return enc, mip.prepare(mip.translate(enc.cp.proto))


def test_a_centre_over_two_years_is_searched_in_two_parts_to_the_same_optimum(two_years, monkeypatch):
    problem = Problem(load_model(two_years))
    _, parts = parts_of(problem, monkeypatch)
    assert parts.count() >= 2
    by_parts = solve(problem, backend="highs", workers=2)
    by_cpsat = solve(problem, backend="cp-sat")
    assert by_parts.status == by_cpsat.status == "OPTIMAL"
    assert (
        by_parts.objective == by_cpsat.objective == sum(f.cost for f in evaluate(problem, by_parts.timetable))
    )


def test_the_lp_pruning_searches_fewer_columns_and_finds_the_whole_parts_optimum(two_years, monkeypatch):
    """Each part: the LP relaxation, then the MIP on the columns of zero reduced cost, then
    (unless that already meets the LP's bound) on those that could improve (here, in a
    tight centre, perhaps all); the optimum of HiGHS on the whole part."""
    problem = Problem(load_model(two_years))
    _, parts = parts_of(problem, monkeypatch)
    monkeypatch.setattr(mip, "PRUNE_FROM", 0)  # however small the part
    searched = []
    real = mip._solve

    def counting(proto, time_limit, seed, hint, integer=True):
        lower, upper = np.array(proto.variables.lower_bounds), np.array(proto.variables.upper_bounds)
        searched.append((integer, int((upper > lower).sum()), len(lower)))
        return real(proto, time_limit, seed, hint, integer)

    monkeypatch.setattr(mip, "_solve", counting)
    for p in range(parts.count()):
        searched.clear()
        pruned = mip._highs(parts, p, 60, 0, None)
        assert searched[0][0] is False  # the LP first
        assert searched[1][1] < searched[1][2] and len(searched) in (2, 3)  # the cheapest columns only
        proto, mine = mip._part_model(parts, p)
        whole = mip._answer(real(proto, 60, 0, None), parts, mine)
        assert pruned[0] == whole[0] == "OPTIMAL" and pruned[2] == whole[2] == round(pruned[3])


@pytest.fixture
def sigint():
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_keeps_the_parts_searched_and_the_start_for_the_others(two_years, monkeypatch, sigint):
    """One part proven, the other still searching (here: for ten minutes) when Ctrl-C
    comes: the answer has the first part's optimum and the greedy start's other part,
    marked interrupted."""
    problem = Problem(load_model(two_years))
    enc, parts = parts_of(problem, monkeypatch)
    start = greedy(problem, enc.priced())
    real = mip._highs
    slow = int(np.argmax(np.bincount(parts.part)))  # the largest part starts first

    def one_endless(parts, p, *args):
        if p == slow:
            time.sleep(600)
        return real(parts, p, *args)

    monkeypatch.setattr(mip, "_highs", one_endless)
    told = []

    def interrupt_once_told(objective, bound):
        told.append(objective)
        if len(told) == 1:
            threading.Timer(0.2, signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT)).start()

    values = enc.values(start)
    answer = mip.search(parts, 600, workers=2, start=values, told=interrupt_once_told)
    assert answer.interrupted and answer.status == "FEASIBLE"
    timetable = enc.decode(lambda lit: lit.Index() in answer.ones)
    cost = sum(f.cost for f in evaluate(problem, timetable))
    assert cost == answer.objective == told[0]
    other = [
        s.id
        for s in problem.sessions
        if parts.part[np.searchsorted(parts.columns, enc.options[s.id][0][1].Index())] == slow
    ]
    assert other and all(timetable.get(s) == start.get(s) for s in other)


def requirements_between(windows: dict[str, tuple[str, str]]) -> int:
    """The constraints of the small model (its sessions optional) that read both A's
    last day and B's first, with these windows."""
    data = small_model_dict()
    for s in data["sessions"]:
        s["optional"] = True
        if s["id"] in windows:
            s["window"] = dict(zip(("start", "end"), windows[s["id"]]))
    enc = Encoding(Problem(model_from(data))).build()
    both = {enc.end["A"].index, enc.start["B"].index}
    return sum(1 for ct in enc.cp.proto.constraints if ct.has_linear() and both <= set(ct.linear.vars))


def test_a_requirement_that_always_holds_states_nothing():
    """The rules between A and B (session order, the documents' weeks) require B to open
    weeks after A closes, while both meet: with B's window months after A's, no choice
    of their options can break them, and nothing is stated; with their windows close,
    they are."""
    far = {"A": ("2023-03-01", "2023-03-20"), "B": ("2023-07-01", "2023-07-31")}
    near = {"A": ("2023-03-01", "2023-04-30"), "B": ("2023-03-15", "2023-05-31")}
    assert requirements_between(far) == 0
    assert requirements_between(near) > 0


def test_a_part_unproven_at_the_time_limit_keeps_the_start_and_the_rest_is_written(
    two_years, tmp_path, monkeypatch
):
    """--time-limit: a part that finds nothing in its time keeps the greedy start's
    placements; the others' optima and it make the timetable written, not proven optimal,
    with its bound and gap; check agrees with its cost (exit 0)."""
    import json

    problem = Problem(load_model(two_years))
    enc, parts = parts_of(problem, monkeypatch)
    slow = int(np.argmax(np.bincount(parts.part)))
    real = mip._highs
    monkeypatch.setattr(
        mip,
        "_highs",
        lambda parts, p, *args: ("UNKNOWN", None, None, None) if p == slow else real(parts, p, *args),
    )
    out = tmp_path / "t.json"
    result = CliRunner().invoke(
        main, ["solve", two_years, "--backend", "highs", "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["status"] == "FEASIBLE" and "bound" in doc and "gap" in doc
    checked = CliRunner().invoke(main, ["check", "-m", two_years, "-f", "json", str(out)])
    assert json.loads(checked.output)["cost"] == doc["objective"]
    start = greedy(problem, enc.priced())
    placed = {row["id"]: row["start"] for row in doc["sessions"]}
    mine = [
        s.id
        for s in problem.sessions
        if parts.part[np.searchsorted(parts.columns, enc.options[s.id][0][1].Index())] == slow
    ]
    assert mine and all(
        placed.get(s) == (start.get(s).start.isoformat() if start.get(s) else None) for s in mine
    )
